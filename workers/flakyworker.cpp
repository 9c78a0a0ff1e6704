#include "workers/flakyworker.h"

#include "workers/settingsvalues.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace workhost {

FlakyWorker::FlakyWorker(QString name, int failEvery, std::chrono::milliseconds interval,
                         bool throwOnStop)
    : BackgroundWorker(std::move(name))
    , m_failEvery(failEvery)
    , m_interval(interval)
    , m_throwOnStop(throwOnStop)
{
    setItemsUnit(ItemsUnit::named(QStringLiteral("iterations")));
}

WorkerType FlakyWorker::type()
{
    return {
        "flaky",
        "Throws an exception every few iterations, to show faults and restart backoff.",
        {
            SettingSpec::integer("failEvery")
                .between(1.0, 1000000.0)
                .withDefault(5)
                .describedAs("iterations between two failures"),
            SettingSpec::seconds("interval")
                .between(0.001, 3600.0)
                .withDefault(1.0)
                .describedAs("seconds per iteration"),
            SettingSpec::boolean("throwOnStop")
                .withDefault(false)
                .describedAs("throw when stopped, to cancel"),
        },
        [](const QString &name, const QVariantMap &settings) {
            return std::make_unique<FlakyWorker>(name, settings.value("failEvery").toInt(),
                                                 secondsSetting(settings, "interval"),
                                                 settings.value("throwOnStop").toBool());
        },
        {},
    };
}

void FlakyWorker::execute(StopToken token)
{
    for (int iteration = 1; token.sleepFor(m_interval); ++iteration) {
        if (iteration % m_failEvery == 0)
            throw std::runtime_error("simulated failure at iteration " + std::to_string(iteration));
        log().info("iteration {} went fine", iteration);
        addItemsDone();
    }
    if (m_throwOnStop) // the loop ends only on a stop request
        throw std::runtime_error("operation cancelled at the stop request");
}

} // namespace workhost
