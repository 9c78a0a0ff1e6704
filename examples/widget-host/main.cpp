// A window that embeds a host: its workers in a table and their log lines,
// both through the core's own models (WorkerStatusModel, LogModel). Closing
// the window stops the host gracefully; the application quits once it has.
//   widget-host [--quit-after-ms N]   (N: close the window by itself, for CI)
#include <workhost/hosting/backgroundworker.h>
#include <workhost/hosting/host.h>
#include <workhost/hosting/hostedservice.h>
#include <workhost/logging/logfeed.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/models/logmodel.h>
#include <workhost/models/workerstatusmodel.h>
#include <workhost/session/inprocesshostsession.h>

#include <QApplication>
#include <QHeaderView>
#include <QSplitter>
#include <QTableView>
#include <QTextStream>
#include <QTimer>
#include <spdlog/logger.h>

using namespace std::chrono_literals;

class Greeter : public workhost::BackgroundWorker
{
public:
    Greeter()
        : BackgroundWorker("greeter")
    {}

protected:
    void execute(workhost::StopToken token) override
    {
        for (int n = 1; token.sleepFor(250ms); ++n) {
            log().info("hello #{}", n);
            addItemsDone();
        }
    }
};

class Clock : public workhost::HostedService
{
public:
    Clock()
        : HostedService("clock")
    {}

protected:
    void onStart(QObject &context) override
    {
        auto *timer = new QTimer(&context);
        QObject::connect(timer, &QTimer::timeout, &context,
                         [this] { setNote(QTime::currentTime().toString()); });
        timer->start(1s);
    }
};

// What the workers table shows, one line per worker: "greeter: Running".
void printWorkers(const workhost::WorkerStatusModel &workers)
{
    QTextStream out(stdout);
    for (int row = 0; row < workers.rowCount(); ++row)
        out << workers.index(row, workhost::WorkerStatusModel::NameColumn).data().toString() << ": "
            << workers.index(row, workhost::WorkerStatusModel::StateColumn).data().toString()
            << '\n';
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    workhost::LogPipeline logs; // with a live sink for the window: before the services
    workhost::Host host({.shutdownTimeout = 5s});
    host.addService(std::make_unique<Greeter>());
    host.addService(std::make_unique<Clock>());

    // After the host and the pipeline: destroyed before them.
    workhost::InProcessHostSession session({.host = host, .logging = &logs});
    workhost::WorkerStatusModel workers(session);
    workhost::LogModel logLines;
    workhost::LogFeed feed(logs.liveSink());
    QObject::connect(&feed, &workhost::LogFeed::batchReady, &logLines, &workhost::LogModel::append);

    QSplitter window(Qt::Vertical);
    for (QAbstractItemModel *model : {static_cast<QAbstractItemModel *>(&workers),
                                      static_cast<QAbstractItemModel *>(&logLines)}) {
        auto *view = new QTableView(&window);
        view->setModel(model);
        view->horizontalHeader()->setStretchLastSection(true);
    }
    window.resize(900, 600);
    window.show();

    app.setQuitOnLastWindowClosed(false); // the host's stop quits, not the window
    QObject::connect(&app, &QGuiApplication::lastWindowClosed, &host, &workhost::Host::stop);
    QObject::connect(&host, &workhost::Host::stateChanged, &app, [&](workhost::HostState state) {
        if (state == workhost::HostState::Stopped)
            app.exit(host.exitCode());
    });
    if (const int at = app.arguments().indexOf("--quit-after-ms"); at > 0 && at + 1 < argc)
        QTimer::singleShot(app.arguments().at(at + 1).toInt(), &window, [&] {
            printWorkers(workers);
            window.close();
        });
    host.start();
    return app.exec();
}
