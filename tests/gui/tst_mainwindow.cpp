// The real window, driven as a person would: toolbar buttons, the log's
// filters, adding a worker, closing with a worker that will not stop.

#include "gui/log/logpanel.h"
#include "gui/mainwindow.h"
#include "gui/shutdown/shutdowndialog.h"
#include "gui/workers/workertablemodel.h"
#include "support/hostsessions.h"
#include "support/standardregistry.h"
#include "support/testservices.h"
#include <workhost/config/configloader.h>
#include <workhost/config/configurationdocument.h>
#include <workhost/config/workerregistry.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/models/logmodel.h>
#include <workhost/runtime/applicationinfo.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

// A host, its log pipeline, the session over them and the window, as main()
// builds them.
struct Fixture
{
    explicit Fixture(std::chrono::milliseconds shutdownTimeout = 5s)
        : host([&] {
            HostOptions options;
            options.shutdownTimeout = shutdownTimeout;
            options.statusInterval = 20ms;
            return options;
        }())
    {
        host.addService(std::make_unique<ScriptedWorker>("busy", Behaviour::LogUntilStopped));
        host.addService(std::make_unique<ScriptedWorker>("idle", Behaviour::WaitForStop));
        for (const char *name : {"busy", "idle"})
            config.workers.append(WorkerConfig{name, "test", true, {}, {}});
    }

    void open()
    {
        document.emplace(config, QString());
        session = sessionOver({.host = host,
                               .registry = &test::standardRegistry(),
                               .document = &*document,
                               .logging = &logging});
        window = std::make_unique<MainWindow>(*session);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        host.start();
        QTRY_COMPARE(host.state(), HostState::Running);
    }

    ServiceState state(const QString &name) const { return host.status(name)->state; }

    void click(const char *actionName)
    {
        auto *action = window->findChild<QAction *>(actionName);
        QVERIFY(action);
        QWidget *button = window->findChild<QToolBar *>("toolBar")->widgetForAction(action);
        QVERIFY(button && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
    }

    LogPipeline logging;
    Host host;
    Configuration config;                          // what open() gives the window
    std::optional<ConfigurationDocument> document; // the document the window edits
    std::unique_ptr<HostSession> session;
    std::unique_ptr<MainWindow> window;
};

// A top-level window that ignores every close request, as a tray icon's does.
class RefusesToClose : public QWidget
{
protected:
    void closeEvent(QCloseEvent *event) override { event->ignore(); }
};

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QCoreApplication::setOrganizationName("WorkhostTest"); }

    void showsWithTitleAndIcon()
    {
        Fixture f;
        f.open();
        QCOMPARE(f.window->windowTitle(), ApplicationInfo::name());
        // The SVG must really render: a null pixmap means the icon was not found
        // in the resources or the SVG image plugin is missing.
        QVERIFY(!f.window->windowIcon().pixmap(QSize(32, 32)).isNull());
        QCOMPARE(f.window->workerModel()->rowCount(), 2);
    }

    void startAndStopFromTheToolbar()
    {
        Fixture f;
        f.open();
        f.window->selectWorkers({"idle"});
        f.click("actionStop");
        QTRY_COMPARE(f.state("idle"), ServiceState::Stopped);
        WorkerTableModel *table = f.window->workerModel();
        const int row = table->rowOf("idle");
        QTRY_COMPARE(table->index(row, WorkerTableModel::StateColumn).data().toString(),
                     QStringLiteral("Stopped"));
        QVERIFY(!f.window->findChild<QAction *>("actionStop")->isEnabled());
        f.click("actionStart");
        QTRY_COMPARE(f.state("idle"), ServiceState::Running);
        QTRY_COMPARE(table->index(row, WorkerTableModel::StateColumn).data().toString(),
                     QStringLiteral("Running"));
        QCOMPARE(f.state("busy"), ServiceState::Running); // only the selection was touched
    }

    void logLinesAppearAndFiltersNarrowThem()
    {
        Fixture f;
        f.open();
        LogModel *log = f.window->logPanel()->model();
        QTRY_VERIFY(log->rowCount() > 20);

        auto *filter = f.window->logPanel()->findChild<QLineEdit *>("filterEdit");
        QTest::keyClicks(filter, "no line says this");
        QCOMPARE(log->rowCount(), 0);
        filter->clear();
        QTRY_VERIFY(log->rowCount() > 20);

        // Only the selected worker's lines.
        f.window->selectWorkers({"idle"});
        QTest::mouseClick(f.window->logPanel()->findChild<QToolButton *>("selectedOnlyButton"),
                          Qt::LeftButton);
        for (int row = 0; row < log->rowCount(); ++row)
            QCOMPARE(log->record(row).service, QStringLiteral("idle"));
        f.window->selectWorkers({"busy"});
        QTRY_VERIFY(log->rowCount() > 0);
        for (int row = 0; row < log->rowCount(); ++row)
            QCOMPARE(log->record(row).service, QStringLiteral("busy"));

        // Warnings and up: the busy worker only logs at info.
        auto *level = f.window->logPanel()->findChild<QComboBox *>("levelCombo");
        level->setCurrentIndex(level->findText("Warning"));
        QCOMPARE(log->rowCount(), 0);
    }

    void badValueInAddWorkerShowsTheMessageAndAddsNothing()
    {
        Fixture f;
        f.open();
        bool checked = false;
        QTimer::singleShot(0, this, [&] {
            QWidget *dialog = QApplication::activeModalWidget();
            QVERIFY(dialog);
            auto *type = dialog->findChild<QComboBox *>("typeCombo");
            type->setCurrentIndex(type->findText("heartbeat"));
            auto *interval = dialog->findChild<QLineEdit *>("setting_interval");
            QVERIFY(interval);
            interval->clear();
            QTest::keyClicks(interval, "fast");
            auto *message = dialog->findChild<QLabel *>("message_interval");
            QVERIFY(message && message->isVisible());
            QCOMPARE(message->text(),
                     QStringLiteral(
                         "expected a positive number of seconds from 0.01 to 86400, got \"fast\""));
            auto *buttons = dialog->findChild<QDialogButtonBox *>();
            QVERIFY(!buttons->button(QDialogButtonBox::Ok)->isEnabled());
            checked = true;
            QMetaObject::invokeMethod(dialog, "reject", Qt::QueuedConnection);
        });
        f.window->findChild<QAction *>("actionAddWorker")->trigger(); // modal
        QVERIFY(checked);
        QCOMPARE(f.host.serviceNames(), QStringList({"busy", "idle"}));
    }

    void addedWorkerRunsAndIsSaved()
    {
        Fixture f;
        f.open();
        const ConfigLoader::Result parsed =
            ConfigLoader(test::standardRegistry())
                .parse(
                    R"({"workers": [{"name": "beat", "type": "heartbeat", "settings": {"interval": 0.05}}]})");
        QVERIFY(parsed.ok());
        f.window->addWorker(parsed.config.workers.first());
        QTRY_COMPARE(f.window->selectedWorkers(), QStringList({"beat"})); // once it is added
        QTRY_COMPARE(f.state("beat"), ServiceState::Running);
        WorkerTableModel *table = f.window->workerModel();
        QCOMPARE(table->index(table->rowOf("beat"), WorkerTableModel::TypeColumn).data().toString(),
                 QStringLiteral("heartbeat"));

        QTemporaryDir dir;
        f.document->setPath(dir.filePath("workhost.json"));
        QCOMPARE(f.document->save(), QString());
        const ConfigLoader::Result saved =
            ConfigLoader(test::standardRegistry()).loadFile(dir.filePath("workhost.json"));
        QCOMPARE(saved.config.workers.size(),
                 1); // the test workers have no type the registry knows
        QVERIFY(!saved.issues.isEmpty());
        QCOMPARE(saved.config.workers.first().name, QStringLiteral("beat"));
    }

    void savingKeepsWhatDidNotValidate()
    {
        // One typo among valid workers, and an invalid host value.
        const QByteArray written = R"({
            "host": {"shutdownTimeout": -5},
            "workers": [
                {"name": "first", "type": "heartbeat", "settings": {"interval": 1}},
                {"name": "typo", "type": "heartbeat", "settings": {"interval": "fast"}},
                {"name": "last", "type": "heartbeat", "settings": {"interval": 2}}
            ]
        })";
        QTemporaryDir dir;
        const QString path = dir.filePath("workhost.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(written) == written.size());
        file.close();
        const ConfigLoader loader(test::standardRegistry());
        const ConfigLoader::Result loaded = loader.loadFile(path);
        QCOMPARE(loaded.config.workers.size(), 2);

        Fixture f;
        f.config = loaded.config;
        f.open();
        f.document->setPath(path);
        f.window->showConfigurationIssues(path, loaded.issues);
        f.click("actionSaveConfiguration");

        const ConfigLoader::Result saved = loader.loadFile(path);
        QCOMPARE(saved.issues.size(), loaded.issues.size());
        for (qsizetype i = 0; i < saved.issues.size(); ++i)
            QCOMPARE(saved.issues[i].toString(), loaded.issues[i].toString());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(root.value("host").toObject().value("shutdownTimeout"), QJsonValue(-5));
        const QJsonArray workers = root.value("workers").toArray();
        QCOMPARE(workers.size(), 3);
        QCOMPARE(workers.at(1), QJsonDocument::fromJson(written)["workers"][1]);

        // The window says what it kept, and again when it saved.
        const auto *banner = f.window->findChild<QLabel *>("issuesBanner");
        QVERIFY2(banner->text().contains(
                     "2 entries that did not validate are kept as written and saved back "
                     "unchanged"),
                 qPrintable(banner->text()));
        QTRY_VERIFY(!f.window->statusBar()->currentMessage().isEmpty()); // the answer is queued
        const QString status = f.window->statusBar()->currentMessage();
        QVERIFY2(status.contains(path) && status.contains("2 entries kept as written"),
                 qPrintable(status));
    }

    // A worker added under the name of one kept as written would be the
    // duplicate, left out, when the saved file is read again.
    void aKeptWorkersNameIsTaken()
    {
        const ConfigLoader::Result loaded = ConfigLoader(test::standardRegistry()).parse(R"({
            "workers": [{"name": "typo", "type": "heartbeat", "settings": {"interval": "x"}}]})");
        QCOMPARE(loaded.config.keptWorkers.size(), 1);
        Fixture f;
        f.config = loaded.config;
        f.open();
        QString message;
        QTimer::singleShot(0, this, [&] {
            QWidget *dialog = QApplication::activeModalWidget();
            QVERIFY(dialog);
            auto *name = dialog->findChild<QLineEdit *>("nameEdit");
            name->clear();
            QTest::keyClicks(name, "typo");
            message = dialog->findChild<QLabel *>("message_name")->text();
            QMetaObject::invokeMethod(dialog, "reject", Qt::QueuedConnection);
        });
        f.window->findChild<QAction *>("actionAddWorker")->trigger(); // modal
        QCOMPARE(message, QStringLiteral("\"typo\" is taken: another worker has this name"));
    }

    void closingWithAStubbornWorkerShowsTheShutdown()
    {
        Gate gate;
        Fixture f(400ms);
        const auto release = qScopeGuard([&] { gate.open(); });
        f.host.addService(
            std::make_unique<ScriptedWorker>("stubborn", Behaviour::IgnoreStop, &gate));
        f.open();
        QTRY_COMPARE(f.state("stubborn"), ServiceState::Running);

        f.window->close();
        QVERIFY(f.window->isVisible()); // the close waits for the host
        ShutdownDialog *dialog = f.window->shutdownDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(f.host.state(), HostState::Stopping);
        f.window->close(); // a second close does not start a second shutdown
        QCOMPARE(f.window->shutdownDialog(), dialog);

        QTRY_COMPARE_WITH_TIMEOUT(f.host.state(), HostState::Stopped, 5000);
        QCOMPARE(f.state("stubborn"), ServiceState::TimedOut);
        QTRY_VERIFY(!f.window->isVisible()); // closed after the deadline
    }

    // A system tray icon on X11 is a top-level window of its own (XEmbed) that
    // refuses to close; Qt 6's quit() gives up when a window refuses, so with a
    // tray present the application never left its event loop (issue 13).
    void quitsWhenAnotherWindowRefusesToClose()
    {
        Fixture f;
        f.open();
        RefusesToClose tray;
        tray.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tray));
        bool gaveUp = false;
        QTimer::singleShot(0, f.window.get(), [&] { f.window->close(); });
        // The last resort only: the event loop is expected to end on its own.
        QTimer::singleShot(60000, f.window.get(), [&] {
            gaveUp = true;
            QCoreApplication::exit(1);
        });
        const int code = QApplication::exec();
        QVERIFY2(!gaveUp, "the application never left its event loop");
        QCOMPARE(code, 0);
        QCOMPARE(f.host.state(), HostState::Stopped);
        QVERIFY(!f.window->isVisible());
    }

    void quitNowIsOffered()
    {
        Gate gate;
        Fixture f(10s);
        const auto release = qScopeGuard([&] { gate.open(); });
        f.host.addService(
            std::make_unique<ScriptedWorker>("stubborn", Behaviour::IgnoreStop, &gate));
        f.open();
        QSignalSpy quitNow(f.window.get(), &MainWindow::quitNowRequested);
        f.window->close();
        ShutdownDialog *dialog = f.window->shutdownDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QPushButton *button = nullptr;
        for (QPushButton *candidate : dialog->findChildren<QPushButton *>()) {
            if (candidate->text().contains("Quit now"))
                button = candidate;
        }
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(quitNow.count(), 1);
    }

    void modelsPassTheModelTester()
    {
        Fixture f;
        QAbstractItemModelTester *tables = nullptr;
        f.open();
        tables = new QAbstractItemModelTester(
            f.window->workerModel(), QAbstractItemModelTester::FailureReportingMode::QtTest,
            f.window.get());
        new QAbstractItemModelTester(f.window->logPanel()->model(),
                                     QAbstractItemModelTester::FailureReportingMode::QtTest,
                                     f.window.get());
        QVERIFY(tables);
        f.host.restartService("idle");
        f.host.stopService("busy");
        QTRY_COMPARE(f.state("busy"), ServiceState::Stopped);
        QTRY_COMPARE(f.state("idle"), ServiceState::Running);
        // A removed worker's row goes; the rows after it are still found by name.
        WorkerTableModel *workers = f.window->workerModel();
        const int idleRow = workers->rowOf("idle");
        QVERIFY(workers->rowOf("busy") < idleRow);
        QVERIFY(f.host.removeService("busy"));
        QTRY_COMPARE(workers->rowOf("busy"), -1);
        QCOMPARE(workers->rowOf("idle"), idleRow - 1);
        QCOMPARE(workers->index(idleRow - 1, WorkerTableModel::NameColumn).data().toString(),
                 QStringLiteral("idle"));
        f.host.stopService("idle"); // what happens to it still reaches its row
        QTRY_COMPARE(workers->status(idleRow - 1).state, ServiceState::Stopped);
        f.window->logPanel()->model()->setRetentionCap(5);
        f.window->logPanel()->model()->clear();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
