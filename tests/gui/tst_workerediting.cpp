// A worker's settings and log level changed from the window, as a person
// does it, with the host in this process and attached over its control
// socket (test::AttachedSession): the details pane's "Edit settings…" opens
// the worker's settings prefilled with its current ones; a value the schema
// refuses is said under its field and OK waits; OK on a running worker shows
// the host's refusal and keeps the dialog open with what was typed; once the
// worker is stopped, OK reaches the host (its configuration and a new worker
// made with the settings), the dialog closes and the worker is selected
// again. The pane's "Log level" reaches the host's logger level.

#include "gui/mainwindow.h"
#include "gui/workers/editsettingsdialog.h"
#include "gui/workers/workertablemodel.h"
#include "support/commandanswer.h"
#include "support/hostsessions.h"
#include "support/standardregistry.h"
#include "support/testservices.h"
#include "support/windowhost.h"
#include "workers/queueworker.h"
#include <workhost/config/configloader.h>
#include <workhost/config/configurationdocument.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

using namespace workhost;
using namespace workhost::test;

namespace {

constexpr int waitMs = 30000; // generous: a loaded machine under a sanitizer

// A running host with a queue "q" (capacity 5, running), its own session,
// and the window over that session or attached to the host's socket.
struct Fixture
{
    ~Fixture()
    {
        window.reset();
        attached.reset();
        stopAndWait(host, waitMs);
    }

    // `overSocket`: the host takes edits over its socket (as `workhost` gives it its session).
    void open(bool attach, bool overSocket = true)
    {
        host.start();
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), HostState::Running, waitMs);
        inProcess.emplace(InProcessHostSession::Parts{.host = host,
                                                      .registry = &standardRegistry(),
                                                      .document = &document,
                                                      .logging = &logging});
        HostSession *session = &*inProcess;
        if (attach) {
            attached.emplace(host, logging, overSocket ? &*inProcess : nullptr);
            QVERIFY(attached->isListening());
            session = attached->session.get();
        }
        window = std::make_unique<MainWindow>(*session);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QTRY_COMPARE_WITH_TIMEOUT(session->connection(), HostSession::Connection::Connected,
                                  waitMs);
        addQueue();
        QTRY_VERIFY_WITH_TIMEOUT(window->workerModel()->rowOf("q") >= 0, waitMs);
        window->selectWorkers({"q"});
        // What the window knows of q, as a person sees it (attached, it comes after the host's).
        QTRY_VERIFY_WITH_TIMEOUT(
            session->status("q") && session->status("q")->state == ServiceState::Running, waitMs);
        if (overSocket) // attached, the button waits for the host to describe q
            QTRY_VERIFY_WITH_TIMEOUT(editButton()->isEnabled(), waitMs);
    }

    // As a configuration file writes it, added on the host's side.
    void addQueue()
    {
        const QByteArray file = R"({"workers": [{"name": "q", "type": "queue", )"
                                R"("settings": {"capacity": 5, "producerRate": 0}}]})";
        const ConfigLoader::Result loaded = ConfigLoader(standardRegistry()).parse(file);
        QVERIFY(loaded.issues.isEmpty());
        CommandAnswer added;
        inProcess->addWorker(loaded.config.workers.first(), added.reply(window.get()));
        const CommandResult result = added.wait();
        QVERIFY2(result.ok(), qPrintable(result.message));
        QTRY_COMPARE_WITH_TIMEOUT(host.status("q")->state, ServiceState::Running, waitMs);
    }

    QPushButton *editButton() const
    {
        return window->findChild<QPushButton *>("editSettingsButton");
    }

    QueueWorker *hostsQueue() const { return dynamic_cast<QueueWorker *>(host.service("q")); }

    void clickStop()
    {
        auto *action = window->findChild<QAction *>("actionStop");
        QWidget *button = window->findChild<QToolBar *>("toolBar")->widgetForAction(action);
        QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled(), waitMs);
        QTest::mouseClick(button, Qt::LeftButton);
    }

    LogPipeline logging; // made first, gone last
    Host host{windowHostOptions()};
    QTemporaryDir folder;
    ConfigurationDocument document{Configuration{}, folder.filePath("workhost.json")};
    std::optional<InProcessHostSession> inProcess; // the host's own, as `workhost` has
    std::optional<AttachedSession> attached;
    std::unique_ptr<MainWindow> window;
};

// What a person types into a field: replaces its text.
void retype(QLineEdit *field, const QString &text)
{
    field->setFocus();
    field->selectAll();
    QTest::keyClicks(field, text);
}

QString fieldText(const EditSettingsDialog *dialog, const char *name)
{
    return dialog->findChild<QLineEdit *>(name)->text();
}

} // namespace

class TestWorkerEditing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QCoreApplication::setOrganizationName("WorkhostTest"); }

    void editSettings_data() { sessions(); }
    void editSettings()
    {
        QFETCH(bool, attach);
        Fixture f;
        f.open(attach);
        QTest::mouseClick(f.editButton(), Qt::LeftButton);
        QPointer<EditSettingsDialog> dialog = f.window->findChild<EditSettingsDialog *>();
        QVERIFY(dialog && dialog->isVisible());
        // Prefilled with q's settings, the defaults filled in.
        QCOMPARE(fieldText(dialog, "setting_capacity"), QStringLiteral("5"));
        QCOMPARE(fieldText(dialog, "setting_producerRate"), QStringLiteral("0"));
        QCOMPARE(fieldText(dialog, "setting_workPerItem"), QStringLiteral("0.1"));
        auto *notAtRest = dialog->findChild<QLabel *>("notAtRest");
        QVERIFY(notAtRest->isVisible());
        QVERIFY2(notAtRest->text().contains("q is running"), qPrintable(notAtRest->text()));

        // A value the schema refuses: said under the field, OK waits.
        auto *capacity = dialog->findChild<QLineEdit *>("setting_capacity");
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        retype(capacity, QStringLiteral("0"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(dialog->findChild<QLabel *>("message_capacity")->isVisible());
        retype(capacity, "7");
        QVERIFY(ok->isEnabled());

        // OK on a running worker: the host refuses, the dialog says why and stays.
        auto *refusal = dialog->findChild<QLabel *>("hostRefusal");
        QTest::mouseClick(ok, Qt::LeftButton);
        if (attach) { // the answer comes over the socket: the dialog waits for it
            QVERIFY(dialog->isWaitingForTheHost());
            QVERIFY(dialog->findChild<QLabel *>("waitingForTheHost")->isVisible());
            QVERIFY(!ok->isEnabled() && !capacity->isEnabled());
        }
        QTRY_VERIFY_WITH_TIMEOUT(refusal->isVisible(), waitMs);
        QVERIFY2(refusal->text().contains("stop q first"), qPrintable(refusal->text()));
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(capacity->text(), QStringLiteral("7"));
        QVERIFY(capacity->isEnabled() && ok->isEnabled());
        QCOMPARE(f.document.worker("q")->settings.value("capacity").toInt(), 5);

        // Stopped from the window meanwhile (the dialog is not modal), OK goes through.
        f.clickStop();
        QTRY_VERIFY_WITH_TIMEOUT(!notAtRest->isVisible(), waitMs);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, waitMs); // closed (deleted on close)
        QCOMPARE(f.document.worker("q")->settings.value("capacity").toInt(), 7);
        QVERIFY(f.hostsQueue());
        QCOMPARE(f.hostsQueue()->enqueue(10), 7); // the host's new q has the new capacity
        // The replaced worker is selected again, its details the new ones.
        QTRY_COMPARE_WITH_TIMEOUT(f.window->selectedWorkers(), QStringList{"q"}, waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            f.window->findChild<QLabel *>("settingsValue")->text().startsWith("capacity: 7\n"),
            waitMs);
    }

    void logLevel_data() { sessions(); }
    void logLevel()
    {
        QFETCH(bool, attach);
        Fixture f;
        f.open(attach);
        auto *combo = f.window->findChild<QComboBox *>("logLevelCombo");
        auto *answer = f.window->findChild<QLabel *>("logLevelAnswer");
        QVERIFY(combo->isVisible() && combo->isEnabled());
        QCOMPARE(combo->currentText(),
                 QStringLiteral("host default")); // the session cannot tell q's level
        QCOMPARE(f.logging.serviceLevel("q"), std::nullopt);

        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Down); // Trace
        QTest::keyClick(combo, Qt::Key_Down); // Debug
        QTRY_COMPARE_WITH_TIMEOUT(f.logging.serviceLevel("q"), std::optional(LogLevel::Debug),
                                  waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(answer->text(), QStringLiteral("q logs at: Debug"), waitMs);

        // Another worker shown, then q again: the level this window set.
        f.window->selectWorkers({});
        QVERIFY(!combo->isVisible());
        f.window->selectWorkers({"q"});
        QCOMPARE(combo->currentText(), QStringLiteral("Debug"));

        QTest::keyClick(combo, Qt::Key_Home); // host default: q follows the host again
        QTRY_COMPARE_WITH_TIMEOUT(f.logging.serviceLevel("q"), std::nullopt, waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(answer->text(), QStringLiteral("q logs at: host default"),
                                  waitMs);
    }

    // Attached to a host that takes no edits over its socket (and so does
    // not describe its workers): neither control is offered.
    void anAttachedHostThatTakesNoEditsOffersNeither()
    {
        Fixture f;
        f.open(true, false);
        QTRY_VERIFY_WITH_TIMEOUT(f.editButton()->isVisible(), waitMs); // q shown, with its state
        QVERIFY(!f.editButton()->isEnabled());
        QVERIFY(!f.window->findChild<QComboBox *>("logLevelCombo")->isEnabled());
        QVERIFY(!f.window->findChild<QAction *>("actionAddWorker")->isEnabled()); // the same rule
    }

private:
    static void sessions()
    {
        QTest::addColumn<bool>("attach");
        QTest::newRow("in process") << false;
        QTest::newRow("attached") << true;
    }
};

QTEST_MAIN(TestWorkerEditing)
#include "tst_workerediting.moc"
