// Reloading a running host's configuration, as `supervisorctl update` does:
// the plan (added, removed, changed, unchanged) and the reload itself against
// a real Host assembled from a real file: the unchanged workers keep their
// very service and run, the changed ones are made again, the removed ones
// are gone, the added ones start, and a file with errors changes nothing.

#include "support/recordingsink.h"
#include "support/testservices.h"
#include <workhost/config/configloader.h>
#include <workhost/config/workerregistry.h>
#include <workhost/hosting/host.h>
#include <workhost/runtime/configurationreload.h>
#include <workhost/runtime/hostassembly.h>
#include <workhost/runtime/reloadplan.h>

#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace workhost;
using namespace workhost::test;

namespace {

// One worker type, "waiter": waits for its stop; its "tag" setting changes nothing but itself.
const WorkerRegistry &registry()
{
    static const WorkerRegistry registry = [] {
        WorkerRegistry r;
        r.add({"waiter",
               "waits for its stop",
               {SettingSpec::text("tag").withDefault(QString())},
               [](const QString &name, const QVariantMap &) {
                   return std::make_unique<ScriptedWorker>(name, Behaviour::WaitForStop);
               },
               {}});
        return r;
    }();
    return registry;
}

WorkerConfig waiter(const QString &name, const QString &tag = {})
{
    WorkerConfig worker{name, "waiter", true, {{"tag", tag}}, {}};
    return worker;
}

Configuration configWith(const QList<WorkerConfig> &workers)
{
    Configuration config;
    config.workers = workers;
    return config;
}

bool writeText(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

ScriptedWorker *scripted(const Host &host, const QString &name)
{
    return dynamic_cast<ScriptedWorker *>(host.service(name));
}

bool allRunning(const Host &host)
{
    const QList<ServiceStatus> statuses = host.statuses();
    return std::all_of(statuses.cbegin(), statuses.cend(), [](const ServiceStatus &status) {
        return status.state == ServiceState::Running;
    });
}

// A host assembled from a file (in a folder of its own), and the reload that
// reads the same file.
struct RunningHost
{
    explicit RunningHost(const QByteArray &firstFile)
        : path(dir.filePath("config.json"))
    {
        if (!rewrite(firstFile))
            qFatal("RunningHost: cannot write %s", qPrintable(path));
        const ConfigLoader::Result loaded = ConfigLoader(registry()).loadFile(path);
        if (!loaded.ok())
            qFatal("RunningHost: the first file has errors");
        host = assembleHost(loaded.config, registry(), nullptr);
        reload = std::make_unique<ConfigurationReload>(*host, registry(), path, loaded.config);
    }
    ~RunningHost()
    {
        reload.reset();
        host->stop();
        [[maybe_unused]] const bool stopped =
            QTest::qWaitFor([&] { return host->state() == HostState::Stopped; }, 30000);
    }
    bool start()
    {
        host->start();
        return QTest::qWaitFor(
            [&] { return host->state() == HostState::Running && allRunning(*host); }, 30000);
    }
    bool rewrite(const QByteArray &text) { return writeText(path, text); }

    QTemporaryDir dir;
    QString path;
    std::unique_ptr<Host> host;
    std::unique_ptr<ConfigurationReload> reload;
};

// Adds "stuck", which ignores its stop until `gate` opens (so it holds a
// reload that removes it), and waits until it runs.
bool addStuckWorker(Host &host, Gate &gate)
{
    host.addService(std::make_unique<ScriptedWorker>("stuck", Behaviour::IgnoreStop, &gate));
    return QTest::qWaitFor([&] { return host.status("stuck")->state == ServiceState::Running; },
                           30000);
}

const QByteArray fourWaiters = R"({"workers": [
    {"name": "a", "type": "waiter"},
    {"name": "b", "type": "waiter"},
    {"name": "c", "type": "waiter", "settings": {"tag": "1"}},
    {"name": "d", "type": "waiter"}]})";

} // namespace

class TestConfigurationReload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void planSortsEveryWorker()
    {
        WorkerConfig disabled = waiter("d");
        disabled.enabled = false;
        WorkerConfig keptKey = waiter("k");
        keptKey.kept = {{{"comment"}, QJsonValue("ignored")}};
        WorkerConfig manual = waiter("m");
        manual.options.autostart = false;
        const Configuration applied = configWith(
            {waiter("a"), waiter("b"), waiter("c", "1"), waiter("d"), waiter("k"), waiter("m")});
        const Configuration next = configWith(
            {waiter("a"), waiter("c", "2"), disabled, keptKey, manual, waiter("e"), waiter("x")});
        // "x" is hosted but was never in the applied file: made again from it.
        const ReloadPlan plan =
            ReloadPlan::between(applied, {"a", "b", "c", "d", "k", "m", "x"}, next);
        QCOMPARE(plan.unchanged, QStringList({"a", "k"}));
        QCOMPARE(plan.removed, QStringList({"b", "d"}));
        QStringList changed;
        for (const WorkerConfig &worker : plan.changed)
            changed << worker.name;
        QCOMPARE(changed, QStringList({"c", "m", "x"}));
        QCOMPARE(plan.added.size(), 1);
        QCOMPARE(plan.added.first().name, "e");
        QVERIFY(!plan.hostSettingsChanged);
        QCOMPARE(plan.summary(), "1 added, 2 removed, 3 changed, 2 unchanged");
        QVERIFY(!plan.changesNothing());
    }

    void planNoticesHostSettings()
    {
        Configuration next = configWith({waiter("a")});
        QVERIFY(ReloadPlan::between(next, {"a"}, next).changesNothing());
        next.host.shutdownTimeout = std::chrono::seconds(5);
        QVERIFY(ReloadPlan::between(configWith({waiter("a")}), {"a"}, next).hostSettingsChanged);
        next = configWith({waiter("a")});
        next.logging.level = LogLevel::Debug;
        QVERIFY(ReloadPlan::between(configWith({waiter("a")}), {"a"}, next).hostSettingsChanged);
    }

    void reconcilesARunningHost()
    {
        RunningHost running(fourWaiters);
        QVERIFY(running.start());
        Host &host = *running.host;
        ScriptedWorker *a = scripted(host, "a");
        ScriptedWorker *c = scripted(host, "c");
        const QDateTime aStarted = host.status("a")->startedAt;

        QVERIFY(running.rewrite(R"({"workers": [
            {"name": "a", "type": "waiter"},
            {"name": "c", "type": "waiter", "settings": {"tag": "2"}},
            {"name": "d", "type": "waiter", "enabled": false},
            {"name": "e", "type": "waiter"},
            {"name": "f", "type": "waiter", "autostart": false}]})"));
        QSignalSpy finished(running.reload.get(), &ConfigurationReload::finished);
        running.reload->reload();
        QVERIFY(finished.count() == 1 || finished.wait(30000));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QCOMPARE(finished.first().at(1).toString(), "2 added, 2 removed, 1 changed, 1 unchanged");

        QCOMPARE(host.state(), HostState::Running);
        QStringList names = host.serviceNames();
        names.sort();
        QCOMPARE(names, QStringList({"a", "c", "e", "f"}));
        // Unchanged: the same service, in the same run, never stopped.
        QCOMPARE(scripted(host, "a"), a);
        QCOMPARE(a->runs.load(), 1);
        QCOMPARE(host.status("a")->state, ServiceState::Running);
        QCOMPARE(host.status("a")->startedAt, aStarted);
        // Changed: a new service with the new settings, started.
        QVERIFY(scripted(host, "c") != c);
        QTRY_COMPARE_WITH_TIMEOUT(host.status("c")->state, ServiceState::Running, 30000);
        // Added: started when autostart, left stopped otherwise.
        QTRY_COMPARE_WITH_TIMEOUT(host.status("e")->state, ServiceState::Running, 30000);
        QCOMPARE(host.status("f")->state, ServiceState::Stopped);
        QCOMPARE(running.reload->applied().workers.size(), 5);

        // The same file again changes nothing.
        running.reload->reload();
        QVERIFY(finished.count() == 2 || finished.wait(30000));
        QCOMPARE(finished.at(1).at(1).toString(), "0 added, 0 removed, 0 changed, 4 unchanged");
        QCOMPARE(a->runs.load(), 1);
    }

    void aFileWithErrorsChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("syntax") << QByteArray(R"({"workers": [)") << "JSON syntax error";
        QTest::newRow("unknown type")
            << QByteArray(R"({"workers": [{"name": "a", "type": "nope"}]})")
            << "error: workers[0].type: unknown worker type \"nope\"";
        QTest::newRow("duplicate")
            << QByteArray(
                   R"({"workers": [{"name": "a", "type": "waiter"}, {"name": "a", "type": "waiter"}]})")
            << "error: workers[1].name: duplicate name \"a\"";
        QTest::newRow("gone") << QByteArray() << "cannot read the file";
        QTest::newRow("too large") << QByteArray(5 * 1024 * 1024, ' ') << "over the limit";
    }

    void aFileWithErrorsChangesNothing()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        const auto sink = RecordingSink::installAsDefault();
        RunningHost running(fourWaiters);
        QVERIFY(running.start());
        Host &host = *running.host;
        QList<Service *> before;
        for (const QString &name : host.serviceNames())
            before << host.service(name);

        QVERIFY(text.isEmpty() ? QFile::remove(running.path) : running.rewrite(text));
        QSignalSpy finished(running.reload.get(), &ConfigurationReload::finished);
        running.reload->reload();
        QVERIFY(finished.count() == 1 || finished.wait(30000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QList<Service *> after;
        for (const QString &name : host.serviceNames())
            after << host.service(name);
        QCOMPARE(after, before);
        QVERIFY(allRunning(host));
        // Where and what.
        QVERIFY2(sink->contains(QStringLiteral("reload: %1: ").arg(running.path)) &&
                     sink->contains(error),
                 qPrintable(sink->lines().join('\n')));
        QVERIFY(sink->contains("has errors; nothing changed"));
        QCOMPARE(running.reload->applied().workers.size(), 4);
    }

    void aReloadBeforeTheHostRunsWaitsForIt()
    {
        RunningHost running(fourWaiters);
        QVERIFY(running.rewrite(R"({"workers": [{"name": "a", "type": "waiter"}]})"));
        QSignalSpy finished(running.reload.get(), &ConfigurationReload::finished);
        running.reload->reload();
        QCOMPARE(finished.count(), 0);
        running.host->start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toString(), "0 added, 3 removed, 0 changed, 1 unchanged");
        QCOMPARE(running.host->serviceNames(), QStringList({"a"}));
    }

    void aReloadAskedDuringOneFollowsIt()
    {
        Gate gate; // outlives the host, opened before the host is stopped for good
        RunningHost running(fourWaiters);
        const auto letItGo = qScopeGuard([&] { gate.open(); });
        QVERIFY(running.start() && addStuckWorker(*running.host, gate));
        QSignalSpy finished(running.reload.get(), &ConfigurationReload::finished);
        running.reload->reload(); // removes "stuck", which holds it
        QVERIFY(running.reload->inProgress());
        QVERIFY(running.rewrite(
            QByteArray(fourWaiters)
                .replace(R"({"name": "a", "type": "waiter"},)",
                         R"({"name": "a", "type": "waiter"}, {"name": "z", "type": "waiter"},)")));
        running.reload->reload();
        QCOMPARE(finished.count(), 0);
        gate.open();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
        QCOMPARE(finished.at(0).at(1).toString(), "0 added, 1 removed, 0 changed, 4 unchanged");
        QCOMPARE(finished.at(1).at(1).toString(), "1 added, 0 removed, 0 changed, 4 unchanged");
        QVERIFY(running.host->contains("z") && !running.host->contains("stuck"));
    }

    void aStopEndsAReloadUnderWay()
    {
        Gate gate; // outlives the host, opened before the host is stopped for good
        RunningHost running(fourWaiters);
        const auto letItGo = qScopeGuard([&] { gate.open(); });
        QVERIFY(running.start() && addStuckWorker(*running.host, gate));
        QSignalSpy finished(running.reload.get(), &ConfigurationReload::finished);
        running.reload->reload(); // the file does not name "stuck": removed
        QVERIFY(running.reload->inProgress());
        running.host->stop();
        QVERIFY(finished.count() == 1 || finished.wait(30000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY(!running.reload->inProgress());
    }
};

QTEST_GUILESS_MAIN(TestConfigurationReload)
#include "tst_configurationreload.moc"
