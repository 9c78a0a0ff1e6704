#include "workers/heartbeatworker.h"

#include "workers/settingsvalues.h"

#include <QTimer>

#include <spdlog/spdlog.h>

namespace workhost {

HeartbeatWorker::HeartbeatWorker(QString name, std::chrono::milliseconds interval)
    : HostedService(std::move(name))
    , m_interval(interval)
{
    setItemsUnit(ItemsUnit::named(QStringLiteral("beats")));
}

WorkerType HeartbeatWorker::type()
{
    return {"heartbeat",
            "Logs a line at a fixed interval, from a timer on its own thread.",
            {SettingSpec::seconds("interval")
                 .between(0.01, 86400.0)
                 .withDefault(5.0)
                 .describedAs("seconds between two beats")},
            [](const QString &name, const QVariantMap &settings) {
                return std::make_unique<HeartbeatWorker>(name,
                                                         secondsSetting(settings, "interval"));
            },
            {}};
}

void HeartbeatWorker::onStart(QObject &context)
{
    log().info("beating every {} ms", m_interval.count());
    auto *timer = new QTimer(&context);
    timer->setTimerType(Qt::PreciseTimer);
    QObject::connect(timer, &QTimer::timeout, &context, [this] {
        ++m_beats;
        log().info("heartbeat #{}: working behind the scenes", m_beats);
        addItemsDone();
        setNote(QStringLiteral("beat #%1").arg(m_beats));
    });
    timer->start(m_interval);
}

} // namespace workhost
