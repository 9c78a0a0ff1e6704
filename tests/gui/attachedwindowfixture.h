#pragma once

// The real window attached to a host in this process through its control
// socket (test::AttachedSession: a RemoteHostSession, as `workhost --attach`
// opens), for tst_attachedwindow and tst_attachedediting: a running host with
// two scripted workers, optionally its own in-process session to edit it
// through (as `workhost` gives its socket), and helpers that drive the window
// as a person would. Test code of the GUI thread.

#include "gui/log/logpanel.h"
#include "gui/mainwindow.h"
#include "gui/shutdown/shutdowndialog.h"
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
#include <workhost/models/logmodel.h>

#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>

#include <unistd.h>

namespace workhost::test {

using namespace std::chrono_literals;

inline constexpr int waitMs = 30000; // generous: a loaded machine under a sanitizer

// Presses `button` on the next message box that opens.
inline void answerNextMessageBox(QMessageBox::StandardButton button)
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

// A running host, its control socket, the remote session and the window.
struct AttachedWindowFixture
{
    AttachedWindowFixture()
        : host(windowHostOptions(30s)) // a stop held back by a test never times out
    {
        host.addService(std::make_unique<ScriptedWorker>("busy", Behaviour::LogUntilStopped));
        host.addService(std::make_unique<ScriptedWorker>("idle", Behaviour::WaitForStop));
    }
    ~AttachedWindowFixture()
    {
        window.reset();
        attached.reset();
        stopAndWait(host, waitMs);
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

    // "Stop host" confirmed: the dialog that follows the stop (none: failed).
    ShutdownDialog *stopHost() const
    {
        answerNextMessageBox(QMessageBox::Yes);
        window->findChild<QAction *>("actionStopHost")->trigger();
        ShutdownDialog *dialog = nullptr;
        if (!QTest::qWaitFor([&] { return (dialog = window->findChild<ShutdownDialog *>()); },
                             waitMs))
            return nullptr;
        return dialog->isVisible() ? dialog : nullptr;
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

} // namespace workhost::test
