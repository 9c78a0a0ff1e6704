#pragma once

#include <workhost/hosting/hoststates.h>

#include <QMetaType>
#include <QString>

namespace workhost {

// One service among a stopped host's failures (Host::failures()): a value
// type, as KJob's error code and text. A service is listed at most once, with
// its first failure.
struct ServiceFailure
{
    QString service;
    FailureKind kind = FailureKind::Faulted;
    QString error; // the exception's text; empty when there is none (TimedOut)

    // For logs and people: "mailer: Faulted (disk full)".
    QString describe() const;

    friend bool operator==(const ServiceFailure &, const ServiceFailure &) = default;
};

} // namespace workhost

Q_DECLARE_METATYPE(workhost::ServiceFailure)
