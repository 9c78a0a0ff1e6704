#include <workhost/control/hostdescription.h>

#include <workhost/control/configurationcbor.h>
#include <workhost/control/remotelog.h>
#include <workhost/control/serviceactioncbor.h>
#include <workhost/control/workertypecbor.h>

#include <QCborArray>
#include <QCborMap>

namespace workhost {

void HostDescription::apply(const QCborMap &description)
{
    if (m_types.types().isEmpty())
        readTypes(description);
    m_actions.clear();
    for (const QCborValue &value : description.value(QStringLiteral("workers")).toArray()) {
        const QCborMap worker = value.toMap();
        QList<ServiceAction> actions;
        for (const QCborValue &action : worker.value(QStringLiteral("actions")).toArray()) {
            const Parsed<ServiceAction> parsed = serviceActionFromCbor(action.toMap());
            if (parsed.ok())
                actions << *parsed.value;
            else
                qCWarning(remoteLog, "an action from the host: %s",
                          qPrintable(parsed.error.toString()));
        }
        m_actions.insert(worker.value(QStringLiteral("name")).toString(), actions);
    }
    m_configurationPath = description.value(QStringLiteral("configPath")).toString();
    m_configuration = configurationFromCbor(description.value(QStringLiteral("configuration")),
                                            m_types, m_configurationPath)
                          .config;
}

std::optional<ServiceOptions> HostDescription::options(const QString &worker) const
{
    for (const WorkerConfig &config : m_configuration.workers) {
        if (config.name == worker)
            return config.options;
    }
    return std::nullopt;
}

void HostDescription::readTypes(const QCborMap &description)
{
    for (const QCborValue &value : description.value(QStringLiteral("types")).toArray()) {
        const Parsed<WorkerType> type = workerTypeFromCbor(value.toMap());
        if (!type.ok())
            qCWarning(remoteLog, "a worker type from the host: %s",
                      qPrintable(type.error.toString()));
        else if (!m_types.addSchema(*type.value))
            qCWarning(remoteLog,
                      "a worker type from the host: %s is a duplicate, or has "
                      "a duration without a maximum",
                      qPrintable(type.value->name));
    }
}

} // namespace workhost
