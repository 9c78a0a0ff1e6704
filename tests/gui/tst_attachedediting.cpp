// An attached window edits a host that describes itself, as a person would:
// add and remove a worker, a worker's action buttons in the details pane
// (their answers show there), a worker selected before the host described it,
// and its settings (shown as the host has them once a change answers). The
// window is the real MainWindow over a RemoteHostSession to a host in this
// process (attachedwindowfixture.h).

#include "attachedwindowfixture.h"

using namespace workhost;
using namespace workhost::test;

using Fixture = AttachedWindowFixture;

class TestAttachedEditing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QCoreApplication::setOrganizationName("WorkhostTest"); }

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
    // nothing changes. (This is the command the details pane's "Edit
    // settings…" sends; tst_workerediting drives that dialog.)
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
};

QTEST_MAIN(TestAttachedEditing)
#include "tst_attachedediting.moc"
