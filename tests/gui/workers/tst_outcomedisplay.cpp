// The workers table says how a stopped worker's last run ended: a worker that
// completed its work reads "Completed", one stopped by hand "Stopped", one
// that threw on its stop request "Stopped (cancelled)"; before, all three
// read "Stopped". The details' history names the outcome of each ending.

#include "gui/workers/statevisuals.h"
#include "gui/workers/workertablemodel.h"
#include "support/testservices.h"
#include <workhost/hosting/host.h>
#include <workhost/session/inprocesshostsession.h>

#include <QTest>

#include <stdexcept>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

class TestOutcomeDisplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theTableShowsHowARunEnded()
    {
        Host host;
        InProcessHostSession session({.host = host});
        WorkerTableModel table(session);
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("job", Behaviour::Complete)));
        QVERIFY(
            host.addService(std::make_unique<ScriptedWorker>("daemon", Behaviour::WaitForStop)));
        QVERIFY(host.addService(std::make_unique<ThrowsOnCancellation>("cancels")));
        const auto stateText = [&](const QString &name) {
            return table.index(table.rowOf(name), WorkerTableModel::StateColumn).data().toString();
        };
        QCOMPARE(stateText("job"), QStringLiteral("Stopped")); // never ran
        host.start();
        QTRY_COMPARE(host.status("daemon")->state, ServiceState::Running);
        QTRY_COMPARE(host.status("cancels")->state, ServiceState::Running);
        QVERIFY(host.stopService("daemon"));
        QVERIFY(host.stopService("cancels"));

        QTRY_COMPARE(stateText("job"), QStringLiteral("Completed"));
        QTRY_COMPARE(stateText("daemon"), QStringLiteral("Stopped"));
        QTRY_COMPARE(stateText("cancels"), QStringLiteral("Stopped (cancelled)"));

        // The history keeps each transition's outcome for the details pane.
        const QList<ServiceTransition> history = table.history("job");
        QVERIFY(!history.isEmpty());
        QCOMPARE(history.constLast().outcome, RunOutcome::Completed);
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
    }

    void labels_data()
    {
        QTest::addColumn<ServiceState>("state");
        QTest::addColumn<int>("outcome"); // -1: none yet
        QTest::addColumn<QString>("text");
        QTest::newRow("never ran") << ServiceState::Stopped << -1 << "Stopped";
        QTest::newRow("completed")
            << ServiceState::Stopped << int(RunOutcome::Completed) << "Completed";
        QTest::newRow("stopped") << ServiceState::Stopped << int(RunOutcome::Stopped) << "Stopped";
        QTest::newRow("cancelled")
            << ServiceState::Stopped << int(RunOutcome::Cancelled) << "Stopped (cancelled)";
        QTest::newRow("stop error") << ServiceState::Stopped << int(RunOutcome::Faulted)
                                    << "Stopped (error while stopping)";
        QTest::newRow("returned late")
            << ServiceState::Stopped << int(RunOutcome::TimedOut) << "Stopped (returned late)";
        QTest::newRow("running again")
            << ServiceState::Running << int(RunOutcome::Completed) << "Running";
    }

    void labels()
    {
        QFETCH(ServiceState, state);
        QFETCH(int, outcome);
        QFETCH(QString, text);
        const std::optional<RunOutcome> last =
            outcome < 0 ? std::nullopt : std::optional(RunOutcome(outcome));
        QCOMPARE(workhost::stateText(state, last), text);
    }
};

QTEST_MAIN(TestOutcomeDisplay)
#include "tst_outcomedisplay.moc"
