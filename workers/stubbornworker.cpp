#include "workers/stubbornworker.h"

#include "workers/settingsvalues.h"

#include <QDeadlineTimer>
#include <QThread>

#include <spdlog/spdlog.h>

namespace workhost {

StubbornWorker::StubbornWorker(QString name, std::chrono::milliseconds ignoreStopFor)
    : BackgroundWorker(std::move(name))
    , m_ignoreStopFor(ignoreStopFor)
{}

WorkerType StubbornWorker::type()
{
    return {"stubborn",
            "Ignores stop requests for a while, to show the shutdown deadline.",
            {SettingSpec::seconds("ignoreStopFor")
                 .between(0.001, 3600.0)
                 .withDefault(15.0)
                 .describedAs("seconds it keeps going after a stop")},
            [](const QString &name, const QVariantMap &settings) {
                return std::make_unique<StubbornWorker>(name,
                                                        secondsSetting(settings, "ignoreStopFor"));
            },
            {}};
}

void StubbornWorker::execute(StopToken token)
{
    while (token.sleepFor(std::chrono::seconds(1))) {
        log().info("busy with something important");
        addItemsDone();
    }
    log().warn("asked to stop; ignoring it for {} ms", m_ignoreStopFor.count());
    // Deliberately deaf: a plain sleep, not the token's.
    const QDeadlineTimer done(m_ignoreStopFor);
    while (!done.hasExpired()) {
        QThread::msleep(static_cast<unsigned long>(std::min<qint64>(done.remainingTime(), 1000)));
        log().info("still finishing; {} ms to go", done.remainingTime());
    }
    log().info("done at last");
}

} // namespace workhost
