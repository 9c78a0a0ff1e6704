#pragma once

// The whole system around one fault, for the reliability suite: a Host with
// healthy "bystander" services, the window's WorkerTableModel and a LogModel
// fed by a LogFeed from the live sink, both under QAbstractItemModelTester.
// A test adds the faulty service, then asks the bench whether the rest kept
// working: the bystanders progress, the host answers stop and start, and the
// models agree with the host.
//
// Each check returns what went wrong, or an empty string:
//     const QString problem = bench.restKeptWorking();
//     QVERIFY2(problem.isEmpty(), qPrintable(problem));
//
// Owner: the test function (on the stack); everything lives on the test's
// thread, which must have a QGuiApplication (the table shows state icons).

#include "gui/workers/statevisuals.h"
#include "gui/workers/workertablemodel.h"
#include "support/eventlog.h"
#include "support/testservices.h"
#include <workhost/hosting/host.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logfeed.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/models/logmodel.h>
#include <workhost/session/inprocesshostsession.h>

#include <QAbstractItemModelTester>
#include <QEventLoop>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace workhost::test {

class FaultBench
{
public:
    // The bystanders: an event-driven service ticking every millisecond and
    // a background worker logging a line every millisecond.
    static QStringList bystanderNames() { return {"tick", "logger"}; }

    // In a child process that runs no Qt Test, report model errors with Fatal.
    using Reporting = QAbstractItemModelTester::FailureReportingMode;

    explicit FaultBench(LogPipeline &pipeline, HostOptions options = {},
                        Reporting reporting = Reporting::QtTest)
        : host(options)
        , events(host)
        , session(InProcessHostSession::Parts{host})
        , workers(session)
        , workersTester(&workers, reporting)
        , logTester(&logModel, reporting)
        , feed(pipeline.liveSink(), LogFeed::Start::AfterNewest) // only this bench's records
    {
        QObject::connect(&feed, &LogFeed::batchReady, &logModel, &LogModel::append);
    }

    ~FaultBench()
    {
        if (host.state() == HostState::Starting || host.state() == HostState::Running)
            stop();
    }

    void addBystanders()
    {
        host.addService(std::make_unique<TickingService>("tick"));
        host.addService(std::make_unique<ScriptedWorker>("logger", Behaviour::LogUntilStopped));
    }

    bool start()
    {
        host.start();
        return QTest::qWaitFor([&] { return host.state() == HostState::Running; }, 10000);
    }

    bool stop(int timeoutMs = 30000)
    {
        host.stop();
        return QTest::qWaitFor([&] { return host.state() == HostState::Stopped; }, timeoutMs);
    }

    ServiceState state(const QString &name) const { return host.status(name)->state; }

    // Runs the event loop, as the application does (QTest::qWaitFor polls
    // every 10 ms, which would add to every delay measured), until a state
    // change makes `done()` hold; false after the timeout.
    template <typename Condition>
    bool waitForTransition(Condition done, int timeoutMs = 10000)
    {
        if (done())
            return true;
        QEventLoop loop;
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        const auto check = [&] {
            if (done())
                loop.quit();
        };
        QObject::connect(&host, &Host::serviceStateChanged, &loop, check);
        QObject::connect(&host, &Host::stateChanged, &loop, check);
        timeout.start(timeoutMs);
        loop.exec();
        return done();
    }

    bool waitForState(const QString &name, ServiceState wanted, int timeoutMs = 10000)
    {
        return waitForTransition([&] { return state(name) == wanted; }, timeoutMs);
    }

    // Every bystander is Running and advances by `items` within the timeout.
    QString bystandersProgress(int items = 20, int timeoutMs = 10000) const
    {
        QHash<QString, qint64> before;
        for (const QString &name : bystanderNames())
            before.insert(name, host.status(name)->itemsDone);
        const auto advanced = [&] {
            for (const QString &name : bystanderNames()) {
                const ServiceStatus status = *host.status(name);
                if (status.state != ServiceState::Running ||
                    status.itemsDone < before.value(name) + items)
                    return false;
            }
            return true;
        };
        if (QTest::qWaitFor(advanced, timeoutMs))
            return {};
        QString problem = QStringLiteral("bystanders stalled:");
        for (const QString &name : bystanderNames()) {
            const ServiceStatus status = *host.status(name);
            problem += QStringLiteral(" %1 %2 %3->%4")
                           .arg(name, enumName(status.state))
                           .arg(before.value(name))
                           .arg(status.itemsDone);
        }
        return problem;
    }

    // The host still stops and starts a bystander by hand, and restarts another.
    QString hostAnswers(int timeoutMs = 10000)
    {
        if (!host.stopService("tick"))
            return QStringLiteral("stopService(tick) refused");
        if (!QTest::qWaitFor([&] { return state("tick") == ServiceState::Stopped; }, timeoutMs))
            return QStringLiteral("tick did not stop: ") + enumName(state("tick"));
        if (!host.startService("tick"))
            return QStringLiteral("startService(tick) refused");
        if (!QTest::qWaitFor([&] { return state("tick") == ServiceState::Running; }, timeoutMs))
            return QStringLiteral("tick did not start again: ") + enumName(state("tick"));
        const qsizetype stopsBefore = events.of("logger").count("Stopping>Stopped");
        if (!host.restartService("logger"))
            return QStringLiteral("restartService(logger) refused");
        const auto restarted = [&] {
            return events.of("logger").count("Stopping>Stopped") > stopsBefore &&
                   state("logger") == ServiceState::Running;
        };
        if (!QTest::qWaitFor(restarted, timeoutMs))
            return QStringLiteral("logger did not restart: ") + enumName(state("logger"));
        return {};
    }

    // The table shows what the host says of every service (row order, state,
    // restarts, last error, message of a failed row, the transition history),
    // and the log view holds the live sink's records in order, none lost.
    QString modelsAgree(int timeoutMs = 5000)
    {
        QString problem;
        const auto agree = [&] {
            problem = tableProblem();
            return problem.isEmpty();
        };
        if (!QTest::qWaitFor(agree, timeoutMs))
            return problem;
        return logProblem();
    }

    // All three checks above, the first problem found.
    QString restKeptWorking()
    {
        for (const QString &problem : {bystandersProgress(), hostAnswers(), modelsAgree()}) {
            if (!problem.isEmpty())
                return problem;
        }
        return {};
    }

    // The records the log view holds for one service, after taking what is queued.
    QList<LogRecord> linesOf(const QString &service)
    {
        feed.takeNow();
        QList<LogRecord> lines;
        for (int row = 0; row < logModel.rowCount(); ++row) {
            if (logModel.record(row).service == service)
                lines.append(logModel.record(row));
        }
        return lines;
    }

    bool logShows(const QString &service, const QString &text)
    {
        const QList<LogRecord> lines = linesOf(service);
        return std::any_of(lines.cbegin(), lines.cend(),
                           [&](const LogRecord &line) { return line.message.contains(text); });
    }

    Host host;
    EventLog events;
    InProcessHostSession session; // what the window's model shows the host through
    WorkerTableModel workers;
    QAbstractItemModelTester workersTester;
    LogModel logModel;
    QAbstractItemModelTester logTester;
    LogFeed feed;

private:
    QString tableProblem() const
    {
        const QList<ServiceStatus> statuses = host.statuses();
        if (workers.rowCount() != statuses.size())
            return QStringLiteral("the table has %1 rows for %2 services")
                .arg(workers.rowCount())
                .arg(statuses.size());
        for (int row = 0; row < statuses.size(); ++row) {
            const ServiceStatus &truth = statuses[row];
            const ServiceStatus shown = workers.status(row);
            const QString stateText =
                workers.data(workers.index(row, WorkerTableModel::StateColumn)).toString();
            const int restarts =
                workers.data(workers.index(row, WorkerTableModel::RestartsColumn)).toInt();
            if (shown.name != truth.name || shown.state != truth.state ||
                restarts != truth.restartCount || shown.lastError != truth.lastError ||
                shown.lastOutcome != truth.lastOutcome ||
                stateText != workhost::stateText(truth.state, truth.lastOutcome))
                return QStringLiteral("row %1 shows %2 %3 (%4 restarts, \"%5\"), the host says "
                                      "%6 %7 (%8 restarts, \"%9\")")
                    .arg(row)
                    .arg(shown.name, stateText)
                    .arg(restarts)
                    .arg(shown.lastError, truth.name, enumName(truth.state))
                    .arg(truth.restartCount)
                    .arg(truth.lastError);
            const bool failed =
                truth.state == ServiceState::Faulted || truth.state == ServiceState::GaveUp;
            const QString message =
                workers.data(workers.index(row, WorkerTableModel::MessageColumn)).toString();
            if (failed && !truth.lastError.isEmpty() && message != truth.lastError)
                return QStringLiteral("row %1 (%2) says \"%3\" instead of its error \"%4\"")
                    .arg(row)
                    .arg(truth.name, message, truth.lastError);
            if (historyOf(truth.name) != expectedHistory(truth.name))
                return QStringLiteral("the history of %1 differs from the host's transitions")
                    .arg(truth.name);
        }
        return {};
    }

    QStringList historyOf(const QString &name) const
    {
        QStringList out;
        for (const ServiceTransition &t : workers.history(name))
            out << enumName(t.from) + QLatin1Char('>') + enumName(t.to);
        return out;
    }

    QStringList expectedHistory(const QString &name) const
    {
        const QStringList all = events.of(name);
        return all.mid(std::max<qsizetype>(0, all.size() - WorkerTableModel::historyLimit));
    }

    QString logProblem()
    {
        feed.takeNow();
        if (feed.dropped() != 0 || logModel.droppedCount() != 0)
            return QStringLiteral("log lines were dropped: %1 upstream, %2 by the cap")
                .arg(logModel.droppedUpstream())
                .arg(logModel.droppedByCap());
        if (static_cast<quint64>(logModel.rowCount()) != feed.delivered())
            return QStringLiteral("the log view shows %1 of %2 delivered lines")
                .arg(logModel.rowCount())
                .arg(feed.delivered());
        for (int row = 1; row < logModel.rowCount(); ++row) {
            if (logModel.record(row).sequence != logModel.record(row - 1).sequence + 1)
                return QStringLiteral("the log view skips from line %1 to %2")
                    .arg(logModel.record(row - 1).sequence)
                    .arg(logModel.record(row).sequence);
        }
        return {};
    }
};

} // namespace workhost::test
