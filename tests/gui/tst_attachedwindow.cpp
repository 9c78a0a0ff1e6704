// The real window attached to a host through its control socket
// (test::AttachedSession: a RemoteHostSession, as `workhost --attach`
// opens), driven as a person would: its title names the host, the toolbar
// starts and stops workers there, the host's log shows, closing the window
// leaves the host running, "Stop host" (confirmed) stops it and the window
// stays, and a host gone away greys the window until it answers again. A host
// that describes itself is edited from the window: add, remove, a worker's
// action buttons in the details pane (their answers show there), its
// settings (shown as the host has them once a change answers).

#include "gui/log/logpanel.h"
#include "gui/mainwindow.h"
#include "gui/workers/workertablemodel.h"
#include "support/commandanswer.h"
#include "support/hostsessions.h"
#include "support/standardregistry.h"
#include "support/testservices.h"
#include "workers/queueworker.h"
#include <workhost/config/configloader.h>
#include <workhost/config/configurationdocument.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/models/logmodel.h>

#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>

#include <unistd.h>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

constexpr int waitMs = 30000; // generous: a loaded machine under a sanitizer

// A running host, its control socket, the remote session and the window.
struct Fixture
{
    Fixture()
        : host([] {
            HostOptions options;
            options.shutdownTimeout = 5s;
            options.statusInterval = 20ms;
            return options;
        }())
    {
        host.addService(std::make_unique<ScriptedWorker>("busy", Behaviour::LogUntilStopped));
        host.addService(std::make_unique<ScriptedWorker>("idle", Behaviour::WaitForStop));
    }
    ~Fixture()
    {
        window.reset();
        attached.reset();
        host.stop();
        if (!QTest::qWaitFor([&] { return host.state() == HostState::Stopped; }, waitMs))
            qWarning("the host did not stop");
    }

    void open(InProcessHostSession *editing = nullptr)
    {
        host.start();
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), HostState::Running, waitMs);
        attached.emplace(host, logging, editing);
        QVERIFY(attached->isListening());
        window = std::make_unique<MainWindow>(*attached->session);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QTRY_COMPARE_WITH_TIMEOUT(attached->session->connection(),
                                  HostSession::Connection::Connected, waitMs);
    }

    // The host's own session (as `workhost` gives its socket) edits it.
    void openEditable()
    {
        editing.emplace(InProcessHostSession::Parts{.host = host,
                                                    .registry = &standardRegistry(),
                                                    .document = &document,
                                                    .logging = &logging});
        open(&*editing);
    }

    // A queue worker as a configuration file writes it, added on the host's
    // side (as `workhost ctl reload` or another window would).
    void addQueueOnTheHost(const QByteArray &settings)
    {
        const QByteArray file =
            R"({"workers": [{"name": "q", "type": "queue", "settings": )" + settings + "}]}";
        const ConfigLoader::Result loaded = ConfigLoader(standardRegistry()).parse(file);
        QVERIFY(loaded.issues.isEmpty());
        CommandAnswer added;
        editing->addWorker(loaded.config.workers.first(), added.reply(window.get()));
        const CommandResult result = added.wait(); // answered from the event loop
        QVERIFY2(result.ok(), qPrintable(result.message));
    }

    const QueueWorker *hostsQueue() const
    {
        return dynamic_cast<const QueueWorker *>(host.service("q"));
    }

    QString details(const char *labelName) const
    {
        return window->findChild<QLabel *>(labelName)->text();
    }

    void click(const char *actionName)
    {
        auto *action = window->findChild<QAction *>(actionName);
        QVERIFY(action);
        QWidget *button = window->findChild<QToolBar *>("toolBar")->widgetForAction(action);
        QTRY_VERIFY_WITH_TIMEOUT(button && button->isEnabled(), waitMs);
        QTest::mouseClick(button, Qt::LeftButton);
    }

    QString shownState(const QString &worker) const
    {
        WorkerTableModel *table = window->workerModel();
        return table->index(table->rowOf(worker), WorkerTableModel::StateColumn).data().toString();
    }

    QString statusBarText() const
    {
        QStringList said;
        for (const QLabel *label : window->statusBar()->findChildren<QLabel *>())
            said << label->text();
        return said.join(QStringLiteral(" | "));
    }

    LogPipeline logging; // made first, gone last
    Host host;
    // The host's own session, for a test whose host can be edited over the socket.
    QTemporaryDir folder;
    ConfigurationDocument document{Configuration{}, folder.filePath("workhost.json")};
    std::optional<InProcessHostSession> editing;
    std::optional<AttachedSession> attached;
    std::unique_ptr<MainWindow> window;
};

// Presses `button` on the next message box that opens.
void answerNextMessageBox(QMessageBox::StandardButton button)
{
    auto *poll = new QTimer(qApp);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, button] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            poll->deleteLater();
            box->button(button)->click();
        }
    });
    poll->start(10);
}

} // namespace

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

    // A host that describes itself (as `workhost` does) is edited from the
    // attached window as from its own: Add and Save are offered, and a
    // stopped worker removed there leaves the host.
    void aHostThatDescribesItselfIsEditedFromTheWindow()
    {
        Fixture f;
        f.openEditable();
        auto *add = f.window->findChild<QAction *>("actionAddWorker");
        QTRY_VERIFY_WITH_TIMEOUT(add->isEnabled(), waitMs);
        QVERIFY(f.window->findChild<QAction *>("actionSaveConfiguration")->isEnabled());
        f.window->selectWorkers({"idle"});
        f.click("actionStop");
        QTRY_COMPARE_WITH_TIMEOUT(f.host.status("idle")->state, ServiceState::Stopped, waitMs);
        auto *remove = f.window->findChild<QAction *>("actionRemoveWorker");
        QTRY_VERIFY_WITH_TIMEOUT(remove->isEnabled(), waitMs);
        remove->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!f.host.contains("idle"), waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(f.window->workerModel()->rowCount(), 1, waitMs);
        QCOMPARE(f.host.status("busy")->state, ServiceState::Running);
    }

    // The queue's "Enqueue items" in the details pane runs on the host's
    // worker, and the host's answer shows under it, done or refused.
    void anActionButtonReachesTheHostAndShowsItsAnswer()
    {
        Fixture f;
        f.openEditable();
        f.addQueueOnTheHost(R"({"capacity": 5, "producerRate": 0})");
        QTRY_VERIFY_WITH_TIMEOUT(f.window->workerModel()->rowOf("q") >= 0, waitMs);
        f.window->selectWorkers({"q"});
        QPushButton *button = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(button = f.window->findChild<QPushButton *>("action_enqueue"),
                                 waitMs);
        // The settings the file wrote, and the schema's default it left out.
        QCOMPARE(f.details("settingsValue"),
                 QStringLiteral("capacity: 5\nproducerRate: 0\nworkPerItem: 0.1"));
        auto *count = f.window->findChild<QSpinBox *>("actionCount_enqueue");
        QCOMPARE(count->value(), 10); // the action's initial count, from the host
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(f.details("actionResult"),
                                  QStringLiteral("The queue was full: 5 of 10 items accepted"),
                                  waitMs);
        QCOMPARE(f.hostsQueue()->counts().enqueued, 5);
        QTRY_COMPARE_WITH_TIMEOUT(f.hostsQueue()->counts().queued, 0, waitMs); // consumed
        count->setValue(3);
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(f.details("actionResult"), QStringLiteral("3 items enqueued"),
                                  waitMs);
        QCOMPARE(f.hostsQueue()->counts().enqueued, 8);
    }

    // A worker the host adds shows in the table before its description
    // (type, settings, actions) comes: selected at once, its details fill
    // in when the description does, as they are at once in-process.
    void aWorkerSelectedBeforeItIsDescribedShowsItsDetailsOnceItIs()
    {
        Fixture f;
        f.openEditable();
        QString selectedEarly;
        QObject::connect(f.attached->session.get(), &HostSession::workerAdded, f.window.get(),
                         [&](const QString &name) {
                             f.window->selectWorkers({name}); // its row is in the table
                             selectedEarly = f.window->findChild<QLabel *>("titleLabel")->text();
                         });
        f.addQueueOnTheHost(R"({"capacity": 5, "producerRate": 0})");
        QTRY_VERIFY_WITH_TIMEOUT(!selectedEarly.isEmpty(), waitMs);
        QCOMPARE(selectedEarly, QStringLiteral("<b>q</b> · ")); // no type known yet
        QCOMPARE(f.window->selectedWorkers(), QStringList{"q"});
        QTRY_VERIFY_WITH_TIMEOUT(f.window->findChild<QPushButton *>("action_enqueue"), waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(f.details("titleLabel"), QStringLiteral("<b>q</b> · queue"),
                                  waitMs);
        QVERIFY2(f.details("settingsValue").startsWith("capacity: 5"),
                 qPrintable(f.details("settingsValue")));
    }

    // A worker's settings changed through the window's session reach the
    // host's configuration, and the details pane shows them as soon as the
    // command answers; a bad value is refused with the host's message, and
    // nothing changes. (The window has no settings editor yet: this is the
    // command one would send.)
    void changedSettingsReachTheHostAndShowOnceAnswered()
    {
        Fixture f;
        f.openEditable();
        f.addQueueOnTheHost(R"({"capacity": 5, "producerRate": 0})");
        QTRY_VERIFY_WITH_TIMEOUT(f.window->workerModel()->rowOf("q") >= 0, waitMs);
        f.window->selectWorkers({"q"});
        f.click("actionStop");
        QTRY_COMPARE_WITH_TIMEOUT(f.host.status("q")->state, ServiceState::Stopped, waitMs);
        const auto change = [&](const QVariantMap &settings) {
            CommandAnswer answer;
            f.attached->session->changeWorkerSettings("q", settings, answer.reply(f.window.get()));
            return answer.wait();
        };
        const CommandResult refused = change({{"capacity", 0}, {"producerRate", 0}});
        QCOMPARE(refused.outcome, CommandResult::Outcome::Refused);
        QVERIFY2(refused.message.contains("q.capacity"), qPrintable(refused.message));
        QCOMPARE(f.document.worker("q")->settings.value("capacity").toInt(), 5);
        QCOMPARE(f.details("settingsValue"),
                 QStringLiteral("capacity: 5\nproducerRate: 0\nworkPerItem: 0.1"));

        const CommandResult done = change({{"capacity", 7}, {"producerRate", 0}});
        QVERIFY2(done.ok(), qPrintable(done.message));
        QCOMPARE(f.document.worker("q")->settings.value("capacity").toInt(), 7);
        QVERIFY(f.hostsQueue()); // the host's new worker, made with them
        // Replaced, the worker left the selection (in-process too); shown
        // again, its details are the new ones without waiting.
        f.window->selectWorkers({"q"});
        QCOMPARE(f.details("settingsValue"),
                 QStringLiteral("capacity: 7\nproducerRate: 0\nworkPerItem: 0.1"));
    }

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
