#pragma once

#include <workhost/config/configuration.h>
#include <workhost/config/workerregistry.h>
#include <workhost/hosting/serviceaction.h>

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

class QCborMap;

namespace workhost {

// What a host says of itself in its reply to "describe" (docs/PROTOCOL.md),
// read on the client's side: its worker types (schemas, no factories), its
// configuration (checked as a file is, against those types), where that
// configuration lives, and each worker's actions. RemoteHostSession's
// getters answer from it.
//
// A value owned by RemoteHostSession, on its (the GUI) thread.
class HostDescription
{
public:
    // Takes a "describe" result. The types are read once (a host's types do
    // not change while it runs), so references to them stay valid; what
    // cannot be read is left out, with a warning naming the field.
    void apply(const QCborMap &description);

    const WorkerRegistry &workerTypes() const { return m_types; }
    const Configuration &configuration() const { return m_configuration; }
    QString configurationPath() const { return m_configurationPath; }
    QList<ServiceAction> actions(const QString &worker) const { return m_actions.value(worker); }
    // The worker's options as its configuration gives them.
    std::optional<ServiceOptions> options(const QString &worker) const;

private:
    void readTypes(const QCborMap &description);

    WorkerRegistry m_types;
    Configuration m_configuration;
    QString m_configurationPath;
    QHash<QString, QList<ServiceAction>> m_actions;
};

} // namespace workhost
