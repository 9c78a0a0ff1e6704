// What a worker publishes shows in the window without the window knowing its
// type: the Rate column says what is counted ("lines/s", not "/s"), the
// details pane lists the named values (a command worker's pid and exit code)
// and offers a control for each declared action (the queue's "Enqueue
// items", before a cast to QueueWorker), which stays with its last answer
// while the configuration changes elsewhere.

#include "gui/workers/workerdetails.h"
#include "gui/workers/workertablemodel.h"
#include "support/commandanswer.h"
#include "support/standardregistry.h"
#include "workers/commandworker.h"
#include "workers/queueworker.h"
#include <workhost/config/configurationdocument.h>
#include <workhost/hosting/host.h>
#include <workhost/session/inprocesshostsession.h>

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<CommandWorker> shell(const QString &name, const QString &script)
{
    CommandWorker::Settings settings;
    settings.program = "sh";
    settings.arguments = {"-c", script};
    return std::make_unique<CommandWorker>(name, settings);
}

HostOptions quickStatuses()
{
    HostOptions options;
    options.statusInterval = 10ms;
    return options;
}

// A host and the window's table and details over it.
struct Window
{
    Window()
        : host(quickStatuses())
        , session({.host = host, .registry = &test::standardRegistry(), .document = &document})
        , table(session)
        , details(session, table)
    {}
    ~Window()
    {
        host.stop();
        if (!QTest::qWaitFor([&] { return host.state() == HostState::Stopped; }, 30000))
            qWarning("the host did not stop within 30 s");
    }

    QString valuesText() const
    {
        const auto *values = details.findChild<QLabel *>("valuesValue");
        return values ? values->text() : QStringLiteral("(the pane has no values)");
    }

    Host host;
    QTemporaryDir folder;
    ConfigurationDocument document{Configuration{}, folder.filePath("workhost.json")};
    InProcessHostSession session;
    WorkerTableModel table;
    WorkerDetails details;
};

} // namespace

class TestWorkerPublishing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theRateColumnSaysWhatIsCounted()
    {
        Window window;
        window.host.addService(shell("cmd", "while true; do echo tick; sleep 0.02; done"));
        window.host.start();
        const auto rate = [&] {
            return window.table.index(window.table.rowOf("cmd"), WorkerTableModel::RateColumn)
                .data()
                .toString();
        };
        // A sample a second: wait for one that saw lines go by.
        QTRY_VERIFY_WITH_TIMEOUT(window.table.rate(window.table.rowOf("cmd")) > 0, 30000);
        QVERIFY2(rate().endsWith(" lines/s"), qPrintable(rate()));
    }

    void detailsShowThePidThenTheExitCode()
    {
        QTemporaryDir dir;
        const QString pidFile = dir.filePath("pid");
        const QString go = dir.filePath("go");
        Window window;
        ServiceOptions options;
        options.faultPolicy = FaultPolicy::Ignore;
        window.host.addService(shell("cmd", QStringLiteral("echo $$ > %1.new; mv %1.new %1; "
                                                           "while [ ! -e %2 ]; do sleep 0.02; "
                                                           "done; exit 3")
                                                .arg(pidFile, go)),
                               options);
        window.details.showWorker("cmd", {"cmd", "command", true, {}, options});
        QVERIFY(window.valuesText().isEmpty()); // nothing published yet
        window.host.start();
        QTRY_VERIFY(QFile::exists(pidFile));
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray pid = file.readAll().trimmed();
        QTRY_COMPARE(window.valuesText(), QStringLiteral("pid: %1").arg(pid));

        QVERIFY(QFile(go).open(QIODevice::WriteOnly)); // the program exits with 3
        QTRY_COMPARE(window.host.status("cmd")->state, ServiceState::Faulted);
        QTRY_COMPARE(window.valuesText(), QStringLiteral("exitCode: 3"));
    }

    void anActionIsAControlThatRunsThroughTheService()
    {
        Window window;
        auto queue = std::make_unique<QueueWorker>("queue", QueueWorker::Settings{10, 0, 1h});
        const QueueWorker *counts = queue.get();
        window.host.addService(std::move(queue));
        window.host.addService(shell("cmd", "exit 0"));

        window.details.showWorker("queue", {"queue", "queue", true, {}, {}});
        auto *button = window.details.findChild<QPushButton *>("action_enqueue");
        auto *count = window.details.findChild<QSpinBox *>("actionCount_enqueue");
        QVERIFY(button && count);
        QCOMPARE(button->text(), QStringLiteral("Enqueue items"));
        QCOMPARE(count->value(), 10); // the action's initial count
        count->setValue(7);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(counts->counts().enqueued, 7);
        auto *result = window.details.findChild<QLabel *>("actionResult");
        QTRY_COMPARE(result->text(), QStringLiteral("7 items enqueued")); // the answer is queued
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE(result->text(), QStringLiteral("The queue was full: 3 of 7 items accepted"));

        // A worker without actions gets no action controls (only the pane's
        // own "Edit settings…", which every worker has).
        window.details.showWorker("cmd", {"cmd", "command", true, {}, {}});
        QVERIFY(!window.details.findChild<QPushButton *>("action_enqueue"));
        QVERIFY(window.details.findChild<QWidget *>("actionsBox")
                    ->findChildren<QPushButton *>()
                    .isEmpty());
    }

    // The pane shows its worker again when the configuration changes (a
    // remote host's description comes, an edit): the same actions keep their
    // controls and the answer under them.
    void anEditElsewhereKeepsTheControlsAndTheirAnswer()
    {
        Window window;
        window.host.addService(
            std::make_unique<QueueWorker>("queue", QueueWorker::Settings{10, 0, 1h}));
        window.details.showWorker("queue", {"queue", "queue", true, {}, {}});
        auto *button = window.details.findChild<QPushButton *>("action_enqueue");
        QTest::mouseClick(button, Qt::LeftButton);
        auto *result = window.details.findChild<QLabel *>("actionResult");
        QTRY_COMPARE(result->text(), QStringLiteral("10 items enqueued"));

        test::CommandAnswer added;
        window.session.addWorker({"beat", "heartbeat", true, {{"interval", 5.0}}, {}},
                                 added.reply(&window.details));
        const CommandResult answer = added.wait();
        QVERIFY2(answer.ok(), qPrintable(answer.message));
        QCOMPARE(window.details.findChild<QPushButton *>("action_enqueue"), button);
        QCOMPARE(result->text(), QStringLiteral("10 items enqueued"));
    }
};

QTEST_MAIN(TestWorkerPublishing)
#include "tst_workerpublishing.moc"
