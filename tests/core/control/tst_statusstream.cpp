// The "statuses" stream's events, through a ControlClient against a real
// Host and its ControlServer: the host's states ("host") in order with the
// services' transitions, the seqs one by one; the shutdown progress
// ("shutdown") while the host stops, the last report finished before
// "stopped"; services added and removed on
// the running host ("added" with the status and its type, "removed"); and
// the worker type in the snapshot's and the batches' statuses when the server
// knows the types (ControlServerOptions::workerType), none when it does not.

#include "support/streamclients.h"
#include <workhost/control/shutdownprogresscbor.h>

#include <QCborArray>
#include <QTest>

using namespace workhost;
using namespace workhost::test;

namespace {

const QString kKind = QStringLiteral("kind");
const QString kType = QStringLiteral("type");
const QString kStatuses = QStringLiteral("statuses");

QCborMap statusesOnly()
{
    return QCborMap{{kStream, kStatuses}};
}

// A type per worker, so that a test sees whose it is.
ControlServerOptions withTypes()
{
    ControlServerOptions options;
    options.workerType = [](const QString &name) { return QStringLiteral("type-%1").arg(name); };
    return options;
}

// Not autostarted: a service at rest, which can be removed at once.
ServiceOptions atRest()
{
    ServiceOptions options;
    options.autostart = false;
    return options;
}

// One line per event but the coalesced "statuses" batches and "shutdown"
// reports, whose number depends on timing: "host running", "alpha stopping",
// "added gamma ...".
QStringList eventLog(const QList<ControlEvent> &events)
{
    QStringList log;
    for (const ControlEvent &event : events) {
        const QCborMap payload = event.payload.toMap();
        const QString kind = payload.value(kKind).toString();
        const QString service = payload.value(QStringLiteral("service")).toString();
        if (kind == QLatin1String("host")) {
            log << QStringLiteral("host ") + payload.value(QStringLiteral("state")).toString();
        } else if (kind == QLatin1String("transition")) {
            log << service + u' ' + payload.value(QStringLiteral("to")).toString();
        } else if (kind == QLatin1String("added")) {
            const QCborMap status = payload.value(QStringLiteral("status")).toMap();
            log << QStringLiteral("added %1 %2, status: %3 %4 %5")
                       .arg(service, payload.value(kType).toString(),
                            status.value(QStringLiteral("name")).toString(),
                            status.value(QStringLiteral("state")).toString(),
                            status.value(kType).toString());
        } else if (kind == QLatin1String("removed")) {
            log << QStringLiteral("removed ") + service;
        } else if (kind != kStatuses && kind != QLatin1String("shutdown")) {
            log << QStringLiteral("unexpected: ") + kind;
        }
    }
    return log;
}

// The index of the first event of `kind` (and `state`, for "host") from `from` on; -1: none.
qsizetype indexOf(const QList<ControlEvent> &events, const QString &kind, const QString &state = {},
                  qsizetype from = 0)
{
    for (qsizetype i = from; i < events.size(); ++i) {
        const QCborMap payload = events.at(i).payload.toMap();
        if (payload.value(kKind).toString() == kind &&
            (state.isEmpty() || payload.value(QStringLiteral("state")).toString() == state))
            return i;
    }
    return -1;
}

// The types of the statuses in the stream's batches, by service ("" when absent).
QHash<QString, QString> batchTypes(const QList<ControlEvent> &events)
{
    QHash<QString, QString> types;
    for (const ControlEvent &event : events) {
        const QCborMap payload = event.payload.toMap();
        if (payload.value(kKind).toString() != kStatuses)
            continue;
        for (const QCborValue &status : payload.value(kStatuses).toArray())
            types.insert(status.toMap().value(QStringLiteral("name")).toString(),
                         status.toMap().value(kType).toString());
    }
    return types;
}

} // namespace

class TestStatusStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hostStatesComeInOrderWithTheTransitions();
    void servicesAddedAndRemovedComeWithTheirType();
    void withoutWorkerTypesNoStatusHasAType();
};

void TestStatusStream::hostStatesComeInOrderWithTheTransitions()
{
    ControlFixture f;
    QVERIFY(f.server->listen(f.socketPath));
    Subscriber s(f.socketPath, statusesOnly());
    QVERIFY2(!s.reply.error, qPrintable(s.reply.error ? s.reply.error->message : QString()));

    f.host.start();
    QTRY_COMPARE_WITH_TIMEOUT(f.host.state(), HostState::Running, waitMs);
    f.host.stop();
    QTRY_COMPARE_WITH_TIMEOUT(f.host.state(), HostState::Stopped, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(eventLog(s.received.events).contains(QStringLiteral("host stopped")),
                             waitMs);

    // Started in registration order, stopped in reverse, inside the host's states.
    const QStringList expected{QStringLiteral("host starting"), QStringLiteral("alpha starting"),
                               QStringLiteral("alpha running"), QStringLiteral("beta starting"),
                               QStringLiteral("beta running"),  QStringLiteral("host running"),
                               QStringLiteral("host stopping"), QStringLiteral("beta stopping"),
                               QStringLiteral("beta stopped"),  QStringLiteral("alpha stopping"),
                               QStringLiteral("alpha stopped"), QStringLiteral("host stopped")};
    QCOMPARE(eventLog(s.received.events), expected);
    // The stop's progress: reports between "stopping" and "stopped", the
    // last one with every worker stopped, in stop order.
    const QList<ControlEvent> &events = s.received.events;
    const qsizetype stopping = indexOf(events, QStringLiteral("host"), QStringLiteral("stopping"));
    const qsizetype stopped = indexOf(events, QStringLiteral("host"), QStringLiteral("stopped"));
    const QString shutdown = QStringLiteral("shutdown");
    QVERIFY(indexOf(events, shutdown) > stopping);
    qsizetype last = indexOf(events, shutdown);
    while (indexOf(events, shutdown, {}, last + 1) >= 0)
        last = indexOf(events, shutdown, {}, last + 1);
    QVERIFY(last < stopped);
    const Parsed<ShutdownProgress> report = shutdownProgressFromCbor(
        events.at(last).payload.toMap().value(QStringLiteral("progress")).toMap());
    QVERIFY2(report.ok(), qPrintable(report.error.toString()));
    QVERIFY(report.value->finished());
    QCOMPARE(report.value->entries.size(), 2);
    QCOMPARE(report.value->entries.at(0).service, QStringLiteral("beta"));
    QCOMPARE(report.value->entries.at(1).state, ServiceState::Stopped);
    // One seq each, from the reply's `first` on, none skipped.
    QVERIFY2(s.received.problems.isEmpty(), qPrintable(s.received.problems.join(u'\n')));
    QCOMPARE(s.received.events.first().seq, s.field("first"));
}

void TestStatusStream::servicesAddedAndRemovedComeWithTheirType()
{
    ControlFixture f(withTypes());
    QVERIFY(f.start());
    Subscriber s(f.socketPath, statusesOnly());
    QVERIFY2(!s.reply.error, qPrintable(s.reply.error ? s.reply.error->message : QString()));
    const QCborArray services = s.result()
                                    .value(QStringLiteral("snapshot"))
                                    .toMap()
                                    .value(QStringLiteral("services"))
                                    .toArray();
    QCOMPARE(services.size(), 2);
    QCOMPARE(services.at(0).toMap().value(kType).toString(), QStringLiteral("type-alpha"));
    QCOMPARE(services.at(1).toMap().value(kType).toString(), QStringLiteral("type-beta"));

    QVERIFY(f.host.addService(
        std::make_unique<ScriptedWorker>(QStringLiteral("gamma"), Behaviour::WaitForStop),
        atRest()));
    QVERIFY(f.host.removeService(QStringLiteral("gamma")));
    QVERIFY(f.host.stopService(QStringLiteral("alpha")));
    // A batch from the start may come first: the stop's transitions, then a batch.
    QTRY_VERIFY_WITH_TIMEOUT(eventLog(s.received.events).contains(QStringLiteral("alpha stopped")),
                             waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(batchTypes(s.received.events).contains(QStringLiteral("alpha")),
                             waitMs);

    const QStringList expected{
        QStringLiteral("added gamma type-gamma, status: gamma stopped type-gamma"),
        QStringLiteral("removed gamma"), QStringLiteral("alpha stopping"),
        QStringLiteral("alpha stopped")};
    QCOMPARE(eventLog(s.received.events), expected);
    QCOMPARE(batchTypes(s.received.events).value(QStringLiteral("alpha")),
             QStringLiteral("type-alpha"));
    QVERIFY2(s.received.problems.isEmpty(), qPrintable(s.received.problems.join(u'\n')));
    QCOMPARE(s.received.events.first().seq, s.field("first"));
}

void TestStatusStream::withoutWorkerTypesNoStatusHasAType()
{
    ControlFixture f; // a ControlServer alone knows no configuration
    QVERIFY(f.start());
    Subscriber s(f.socketPath, statusesOnly());
    QVERIFY2(!s.reply.error, qPrintable(s.reply.error ? s.reply.error->message : QString()));
    const QCborArray services = s.result()
                                    .value(QStringLiteral("snapshot"))
                                    .toMap()
                                    .value(QStringLiteral("services"))
                                    .toArray();
    QCOMPARE(services.size(), 2);
    for (const QCborValue &service : services)
        QVERIFY(!service.toMap().contains(kType));

    QVERIFY(f.host.addService(
        std::make_unique<ScriptedWorker>(QStringLiteral("gamma"), Behaviour::WaitForStop),
        atRest()));
    QVERIFY(f.host.stopService(QStringLiteral("alpha")));
    // A batch from the start may come first: the stop's transitions, then a batch.
    QTRY_VERIFY_WITH_TIMEOUT(eventLog(s.received.events).contains(QStringLiteral("alpha stopped")),
                             waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(batchTypes(s.received.events).contains(QStringLiteral("alpha")),
                             waitMs);
    QCOMPARE(eventLog(s.received.events).first(),
             QStringLiteral("added gamma , status: gamma stopped "));
    QCOMPARE(batchTypes(s.received.events).value(QStringLiteral("alpha"), QStringLiteral("?")),
             QString());
}

QTEST_GUILESS_MAIN(TestStatusStream)
#include "tst_statusstream.moc"
