// The window's status bar on its own: what it says about the host, its
// workers and the log, and the counts it hands on (to the tray's tooltip);
// and the whole window's status while its session is not connected.

#include "gui/log/logpanel.h"
#include "gui/mainwindow.h"
#include "gui/windowstatus.h"
#include "gui/workers/workertablemodel.h"
#include "support/fakehostsession.h"
#include "support/hostsessions.h"
#include "support/testservices.h"
#include <workhost/hosting/host.h>
#include <workhost/runtime/applicationinfo.h>
#include <workhost/session/logsubscription.h>

#include <QAction>
#include <QLabel>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

using namespace workhost;
using namespace workhost::test;

namespace {

QStringList texts(const QStatusBar &bar)
{
    QStringList result;
    for (const QLabel *label : bar.findChildren<QLabel *>())
        result << label->text();
    return result;
}

} // namespace

class TestWindowStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saysWhatRunsAndCountsIt()
    {
        Host host;
        host.addService(std::make_unique<ScriptedWorker>("a", Behaviour::WaitForStop));
        host.addService(std::make_unique<ScriptedWorker>("b", Behaviour::WaitForStop));
        const std::unique_ptr<HostSession> session = sessionOver({.host = host});
        WorkerTableModel table(*session);
        LogPanel log(session->followLog(), 1000);
        QStatusBar bar;
        WindowStatus status(*session, table, log, bar, nullptr);
        QSignalSpy counted(&status, &WindowStatus::workersCounted);

        status.update();
        QVERIFY(texts(bar).contains("Host: Created"));
        QVERIFY(texts(bar).contains("0 / 2 running"));
        QCOMPARE(counted.takeLast(), QVariantList({0, 2}));

        host.start();
        host.stopService("b");
        QTRY_COMPARE(host.status("a")->state, ServiceState::Running);
        QTRY_COMPARE(host.status("b")->state, ServiceState::Stopped);
        QTRY_COMPARE(table.status(table.rowOf("a")).state, ServiceState::Running);
        QTRY_COMPARE(table.status(table.rowOf("b")).state, ServiceState::Stopped);
        status.update();
        const QStringList said = texts(bar);
        QVERIFY2(said.contains("Host: Running") && said.contains("1 / 2 running"),
                 qPrintable(said.join(" | ")));
        QVERIFY(said.contains("Log: 0 lines/s"));
        QVERIFY(std::any_of(said.cbegin(), said.cend(),
                            [](const QString &text) { return text.startsWith("UI latency: "); }));
        QCOMPARE(counted.takeLast(), QVariantList({1, 2}));
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
    }

    // A session that is not connected (a remote host gone): the window keeps
    // the last statuses, greyed, and every control waits for the connection.
    void whileDisconnectedTheControlsWaitAndTheStatusesGrey()
    {
        QCoreApplication::setOrganizationName("WorkhostTest"); // not the user's window settings
        ServiceStatus running;
        running.name = "a";
        running.state = ServiceState::Running;
        FakeHostSession session({running}, "attached to the host of workhost.json, pid 1234");
        MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(),
                 ApplicationInfo::name() + " — attached to the host of workhost.json, pid 1234");
        window.selectWorkers({"a"});
        auto *stop = window.findChild<QAction *>("actionStop");
        auto *addWorker = window.findChild<QAction *>("actionAddWorker");
        QVERIFY(stop->isEnabled() && addWorker->isEnabled());
        stop->trigger();
        QCOMPARE(session.commands, QStringList({"stop a"}));
        const QModelIndex state = window.workerModel()->index(0, WorkerTableModel::StateColumn);
        const QVariant connectedColour = state.data(Qt::ForegroundRole);

        session.setConnection(HostSession::Connection::Disconnected);
        QVERIFY(!stop->isEnabled() && !addWorker->isEnabled());
        QVERIFY(!window.findChild<QAction *>("actionStopAll")->isEnabled());
        QCOMPARE(state.data(Qt::ForegroundRole), QVariant(QColor(Qt::gray)));
        QCOMPARE(state.data().toString(), QStringLiteral("Running")); // the last value, kept
        QStringList said;
        for (const QLabel *label : window.statusBar()->findChildren<QLabel *>())
            said << label->text();
        QVERIFY2(
            said.contains("Host: disconnected (attached to the host of workhost.json, pid 1234)"),
            qPrintable(said.join(" | ")));

        session.setConnection(HostSession::Connection::Connected);
        QVERIFY(stop->isEnabled() && addWorker->isEnabled());
        QCOMPARE(state.data(Qt::ForegroundRole), connectedColour);
    }
};

QTEST_MAIN(TestWindowStatus)
#include "tst_windowstatus.moc"
