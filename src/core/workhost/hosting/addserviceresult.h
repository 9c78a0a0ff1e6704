#pragma once

#include <workhost/hosting/hoststates.h>

#include <QString>

#include <utility>

namespace workhost {

// Why, for people: "a service named "mailer" is already in the host".
QString refusalMessage(AddServiceRefusal refusal, const QString &service);

// What Host::addService() answers: the service, typed as the caller gave it
// and valid while it stays in the host, or why the host refused it (the
// service given is then destroyed).
//
//     auto added = host.addService(std::make_unique<QueueWorker>("queue", settings));
//     if (!added)
//         qWarning() << enumName(added.refusal()) << added.message();
//     QueueWorker *queue = added.service();
//
// A value type; it never owns the service (the host does).
template <typename T>
class AddServiceResult
{
public:
    static AddServiceResult added(T *service) { return AddServiceResult(service, {}, {}); }
    static AddServiceResult refused(AddServiceRefusal refusal, QString message)
    {
        return AddServiceResult(nullptr, refusal, std::move(message));
    }

    // true when the service was added; so that QVERIFY(host.addService(...)) reads.
    explicit operator bool() const { return m_service != nullptr; }
    // The service in the host; null when refused.
    T *service() const { return m_service; }
    T *operator->() const { return m_service; }
    AddServiceRefusal refusal() const { return m_refusal; }
    // Why, for people ("a service named "mailer" is already in the host");
    // empty when added.
    const QString &message() const { return m_message; }

private:
    AddServiceResult(T *service, AddServiceRefusal refusal, QString message)
        : m_service(service)
        , m_refusal(refusal)
        , m_message(std::move(message))
    {}

    T *m_service;
    AddServiceRefusal m_refusal;
    QString m_message;
};

} // namespace workhost
