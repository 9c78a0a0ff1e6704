// The window's tray icon, on its own: a click brings the window back, the
// tooltip counts the workers, faults are announced, and the icon hides once
// the host has stopped (the tray-quit path of issue 13).

#include "gui/tray/trayicon.h"
#include "support/testservices.h"
#include <workhost/hosting/host.h>
#include <workhost/session/inprocesshostsession.h>

#include <QTest>
#include <QWidget>

using namespace workhost;
using namespace workhost::test;

class TestTrayIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clickBringsTheWindowBack_data()
    {
        QTest::addColumn<bool>("minimized");
        QTest::newRow("hidden") << false;
        QTest::newRow("minimized") << true;
    }

    void clickBringsTheWindowBack()
    {
        QFETCH(bool, minimized);
        Host host;
        InProcessHostSession session({.host = host});
        QWidget window;
        TrayIcon tray(session, window);
        if (minimized)
            window.showMinimized();
        QVERIFY(!window.isVisible() || window.isMinimized());
        Q_EMIT tray.activated(QSystemTrayIcon::Trigger); // as the desktop does on a click
        QVERIFY(window.isVisible());
        QVERIFY(!window.isMinimized());
    }

    void tooltipCountsTheRunningWorkers()
    {
        Host host;
        InProcessHostSession session({.host = host});
        QWidget window;
        TrayIcon tray(session, window);
        tray.showWorkerCounts(2, 5);
        QCOMPARE(tray.toolTip(), QStringLiteral("Workhost: 2 of 5 workers running"));
    }

    void showsTheWindowsIcon()
    {
        Host host;
        InProcessHostSession session({.host = host});
        QWidget window;
        window.setWindowIcon(QIcon(QStringLiteral(":/icons/workhost.svg")));
        TrayIcon tray(session, window);
        QVERIFY(!tray.icon().pixmap(QSize(16, 16)).isNull());
    }

    void alertsOnlyWhenAWorkerFaultsOrGivesUp_data()
    {
        QTest::addColumn<ServiceState>("to");
        QTest::addColumn<QString>("alert");
        QTest::newRow("faulted") << ServiceState::Faulted << "copy faulted: threw: disk full";
        QTest::newRow("gave up") << ServiceState::GaveUp << "copy gave up after too many restarts";
        for (ServiceState quiet :
             {ServiceState::Stopped, ServiceState::Starting, ServiceState::Running,
              ServiceState::Stopping, ServiceState::BackingOff, ServiceState::TimedOut})
            QTest::newRow(enumName(quiet).toLatin1().constData()) << quiet << QString();
    }

    void alertsOnlyWhenAWorkerFaultsOrGivesUp()
    {
        QFETCH(ServiceState, to);
        QFETCH(QString, alert);
        ServiceTransition transition;
        transition.service = QStringLiteral("copy");
        transition.from = ServiceState::Running;
        transition.to = to;
        transition.reason = QStringLiteral("threw: disk full");
        QCOMPARE(TrayIcon::alertFor(transition), alert);
    }

    void hidesOnceTheHostHasStopped()
    {
        Host host;
        InProcessHostSession session({.host = host});
        host.addService(std::make_unique<ScriptedWorker>("idle", Behaviour::WaitForStop));
        QWidget window;
        TrayIcon tray(session, window);
        tray.show();
        host.start();
        QTRY_COMPARE(host.state(), HostState::Running);
        QVERIFY(tray.isVisible());
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QVERIFY(!tray.isVisible());
    }

    void noTrayNoIcon()
    {
        Host host;
        InProcessHostSession session({.host = host});
        QWidget window;
        TrayIcon *tray = TrayIcon::createIfAvailable(session, window);
        QCOMPARE(tray != nullptr, QSystemTrayIcon::isSystemTrayAvailable());
        if (tray)
            QCOMPARE(tray->parent(), &window); // the window deletes it
    }
};

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
