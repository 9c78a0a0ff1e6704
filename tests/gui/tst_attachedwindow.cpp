// The real window attached to a host through its control socket
// (test::AttachedSession: a RemoteHostSession, as `workhost --attach`
// opens), driven as a person would: its title names the host, the toolbar
// starts and stops workers there, the host's log shows, closing the window
// leaves the host running, "Stop host" (confirmed) stops it and the window
// stays, its shutdown dialog following the host's stop (the host's workers,
// a countdown that moves), and a host gone away greys the window until it
// answers again. Editing through an attached window: tst_attachedediting.

#include "attachedwindowfixture.h"

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

using Fixture = AttachedWindowFixture;

class TestAttachedWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QCoreApplication::setOrganizationName("WorkhostTest"); }

    void theTitleNamesTheHost()
    {
        Fixture f;
        f.open();
        QTRY_VERIFY_WITH_TIMEOUT(
            f.window->windowTitle().endsWith(
                QStringLiteral("attached to the host of workhost.json, pid %1").arg(::getpid())),
            waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(f.window->workerModel()->rowCount(), 2, waitMs);
        QVERIFY(f.window->findChild<QAction *>("actionStopHost"));
        // This host has no session to edit through (it does not describe
        // itself): the edits it would refuse are not offered.
        QVERIFY(!f.window->findChild<QAction *>("actionAddWorker")->isEnabled());
        QVERIFY(!f.window->findChild<QAction *>("actionSaveConfiguration")->isEnabled());
        // The status bar says so too (it is updated every second).
        QTRY_VERIFY2_WITH_TIMEOUT(
            f.statusBarText().contains(
                QStringLiteral("Host: Running (attached to the host of workhost.json, pid %1)")
                    .arg(::getpid())),
            qPrintable(f.statusBarText()), waitMs);
    }

    void startAndStopFromTheToolbar()
    {
        Fixture f;
        f.open();
        f.window->selectWorkers({"idle"});
        f.click("actionStop");
        QTRY_COMPARE_WITH_TIMEOUT(f.host.status("idle")->state, ServiceState::Stopped, waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(f.shownState("idle"), QStringLiteral("Stopped"), waitMs);
        f.click("actionStart");
        QTRY_COMPARE_WITH_TIMEOUT(f.host.status("idle")->state, ServiceState::Running, waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(f.shownState("idle"), QStringLiteral("Running"), waitMs);
        QCOMPARE(f.host.status("busy")->state, ServiceState::Running);
    }

    void theHostsLogShows()
    {
        Fixture f;
        f.open();
        LogModel *log = f.window->logPanel()->model();
        QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() > 20, waitMs);
        bool fromBusy = false;
        for (int row = 0; row < log->rowCount(); ++row)
            fromBusy |= log->record(row).service == QLatin1String("busy");
        QVERIFY(fromBusy);
    }

    void closingLeavesTheHostRunning()
    {
        Fixture f;
        f.open();
        QSignalSpy closed(f.window.get(), &MainWindow::closed);
        QVERIFY(f.window->close());
        QCOMPARE(closed.count(), 1);
        QVERIFY(!f.window->shutdownDialog());
        QCOMPARE(f.host.state(), HostState::Running);
        QCOMPARE(f.host.status("idle")->state, ServiceState::Running);
    }

    void stopHostIsConfirmedAndTheWindowStays()
    {
        Fixture f;
        f.open();
        auto *stopHost = f.window->findChild<QAction *>("actionStopHost");
        answerNextMessageBox(QMessageBox::No);
        stopHost->trigger();
        QCOMPARE(f.host.state(), HostState::Running); // not confirmed: nothing asked

        answerNextMessageBox(QMessageBox::Yes);
        stopHost->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(f.host.state(), HostState::Stopped, waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(f.attached->session->hostState(), HostState::Stopped, waitMs);
        QVERIFY(f.window->isVisible()); // the window stays, showing the host gone
        QTRY_VERIFY_WITH_TIMEOUT(f.statusBarText().contains("Host: disconnected"), waitMs);
    }

    // The dialog shows the host's own rows, in its stop order, and its
    // countdown moves between the host's reports; the window stays.
    void stopHostShowsTheHostsStopInTheShutdownDialog()
    {
        Fixture f;
        Gate gate; // "slow" ignores its stop until it opens
        f.host.addService(std::make_unique<ScriptedWorker>("slow", Behaviour::IgnoreStop, &gate));
        const auto openAtTheEnd = qScopeGuard([&] { gate.open(); });
        f.open();
        ShutdownDialog *dialog = f.stopHost();
        QVERIFY(dialog);
        auto *rows = dialog->findChild<QTreeWidget *>("workerTree");
        const auto rowText = [rows](int row, int column) {
            return rows->topLevelItem(row)->text(column);
        };
        QTRY_COMPARE_WITH_TIMEOUT(rows->topLevelItemCount(), 3, waitMs);
        QCOMPARE((QStringList{rowText(0, 0), rowText(1, 0), rowText(2, 0)}),
                 (QStringList{"slow", "idle", "busy"}));
        QTRY_COMPARE_WITH_TIMEOUT(rowText(0, 1), QStringLiteral("Stopping"), waitMs);
        QCOMPARE(rowText(1, 1), QStringLiteral("Waiting"));
        auto *countdown = dialog->findChild<QLabel *>("countdownLabel");
        QTRY_VERIFY_WITH_TIMEOUT(countdown->text().startsWith("Deadline in"), waitMs);
        const QString before = countdown->text();
        const QString slowBefore = rowText(0, 2);
        QTRY_VERIFY_WITH_TIMEOUT(countdown->text() != before && rowText(0, 2) != slowBefore,
                                 waitMs); // no report came: "slow" still stops

        gate.open();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isComplete(), waitMs);
        for (int row = 0; row < 3; ++row)
            QCOMPARE(rowText(row, 1), QStringLiteral("Stopped"));
        QCOMPARE(dialog->findChild<QLabel *>("headlineLabel")->text(),
                 QStringLiteral("All workers stopped"));
        QVERIFY(f.window->isVisible());
        auto *close = dialog->findChild<QPushButton *>("quitNowButton");
        QCOMPARE(close->text(), QStringLiteral("&Close"));
        const QPointer<ShutdownDialog> guard(dialog);
        close->click();
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), waitMs);
        QVERIFY(f.window->isVisible());
    }

    // Attached, the dialog closes at once: the host goes on stopping.
    void theShutdownDialogClosesWhileTheHostGoesOnStopping()
    {
        Fixture f;
        Gate gate;
        f.host.addService(std::make_unique<ScriptedWorker>("slow", Behaviour::IgnoreStop, &gate));
        const auto openAtTheEnd = qScopeGuard([&] { gate.open(); });
        f.open();
        const QPointer<ShutdownDialog> dialog(f.stopHost());
        QVERIFY(dialog);
        QTest::keyClick(dialog, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isNull(), waitMs);
        QCOMPARE(f.host.state(), HostState::Stopping);
        QVERIFY(f.window->isVisible());
        gate.open();
        QTRY_COMPARE_WITH_TIMEOUT(f.attached->session->hostState(), HostState::Stopped, waitMs);
    }

    // A host that describes itself (as `workhost` does) is edited from the
    // attached window as from its own: Add and Save are offered, and a
    // stopped worker removed there leaves the host.
    void aHostGoneAwayGreysTheWindowUntilItAnswers()
    {
        Fixture f;
        f.open();
        f.window->selectWorkers({"idle"});
        auto *stop = f.window->findChild<QAction *>("actionStop");
        QTRY_VERIFY_WITH_TIMEOUT(stop->isEnabled(), waitMs);
        f.attached->dropClients();
        QTRY_VERIFY_WITH_TIMEOUT(!stop->isEnabled(), waitMs);
        QVERIFY2(f.statusBarText().contains("Host: disconnected"), qPrintable(f.statusBarText()));
        QVERIFY(f.attached->relisten());
        QTRY_VERIFY_WITH_TIMEOUT(stop->isEnabled(), waitMs);
        QCOMPARE(f.window->workerModel()->rowCount(), 2);
    }
};

QTEST_MAIN(TestAttachedWindow)
#include "tst_attachedwindow.moc"
