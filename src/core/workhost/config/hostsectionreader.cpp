#include <workhost/config/hostsectionreader.h>

#include <workhost/config/objectchecker.h>
#include <workhost/config/settingspec.h>

namespace workhost {

namespace {

const QList<SettingSpec> &hostSpecs()
{
    static const QList<SettingSpec> specs = {
        SettingSpec::seconds("shutdownTimeout")
            .atMost(3600.0)
            .withDefault(30.0)
            .describedAs("seconds the whole stop may take"),
        SettingSpec::boolean("startConcurrently")
            .withDefault(false)
            .describedAs("start all workers at once"),
        SettingSpec::boolean("stopConcurrently")
            .withDefault(false)
            .describedAs("stop all workers at once"),
        SettingSpec::number("serviceStopTimeout")
            .between(0.0, 3600.0)
            .zeroOrAtLeast(SettingSpec::secondsResolution)
            .withDefault(0.0)
            .describedAs("seconds one worker may take to stop before the next is asked too "
                         "(sequential stop; 0: a fair share of shutdownTimeout)"),
    };
    return specs;
}

} // namespace

HostOptions readHostSection(const QVariantMap &written, ConfigIssues &issues,
                            QList<KeptValue> &kept)
{
    const QVariantMap host =
        checkObjectKeeping(written, hostSpecs(), "host", issues, {"host"}, kept);
    HostOptions options;
    if (host.contains("shutdownTimeout"))
        options.shutdownTimeout = millisecondsFromSeconds(host.value("shutdownTimeout").toDouble());
    options.startConcurrently = host.value("startConcurrently", false).toBool();
    options.stopConcurrently = host.value("stopConcurrently", false).toBool();
    if (host.contains("serviceStopTimeout"))
        options.serviceStopTimeout =
            millisecondsFromSeconds(host.value("serviceStopTimeout").toDouble());
    return options;
}

} // namespace workhost
