// The control protocol's messages, and the statuses, transitions and
// shutdown progress its streams carry: each survives a trip through CBOR, and
// a map that is not a valid one is refused naming the field at fault.

#include <workhost/control/protocolmessages.h>
#include <workhost/control/servicestatuscbor.h>
#include <workhost/control/servicetransitioncbor.h>
#include <workhost/control/shutdownprogresscbor.h>

#include <workhost/config/enumnames.h>

#include <QCborArray>
#include <QTest>

#include <limits>

using namespace workhost;

namespace {

QCborMap validRequest()
{
    QCborMap map;
    map.insert(QStringLiteral("type"), QStringLiteral("request"));
    map.insert(QStringLiteral("id"), 12);
    map.insert(QStringLiteral("method"), QStringLiteral("status"));
    return map;
}

QCborMap with(QCborMap map, const QString &key, const QCborValue &value)
{
    if (value.isUndefined())
        map.remove(key);
    else
        map.insert(key, value);
    return map;
}

} // namespace

class TestProtocolMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helloRoundTrip()
    {
        const ControlHello hello{protocol::version, QStringLiteral("0.1.0"), 4242,
                                 QStringLiteral("/home/u/.config/workhost.json"),
                                 HostState::Running};
        const QCborMap map = toCbor(hello);
        QCOMPARE(map.value(QStringLiteral("type")).toString(), QStringLiteral("hello"));
        QCOMPARE(map.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        const Parsed<ControlHello> back = helloFromCbor(map);
        QVERIFY2(back.ok(), qPrintable(back.error.toString()));
        QCOMPARE(back.value->protocolVersion, protocol::version);
        QCOMPARE(back.value->workhostVersion, hello.workhostVersion);
        QCOMPARE(back.value->hostPid, qint64(4242));
        QCOMPARE(back.value->configPath, hello.configPath);
        QCOMPARE(back.value->hostState, HostState::Running);
    }

    void requestRoundTrip()
    {
        QCborMap params;
        params.insert(QStringLiteral("names"), QCborArray{QStringLiteral("a")});
        const ControlRequest request{7, QStringLiteral("start"), params};
        const Parsed<ControlRequest> back = requestFromCbor(toCbor(request));
        QVERIFY2(back.ok(), qPrintable(back.error.toString()));
        QCOMPARE(back.value->id, qint64(7));
        QCOMPARE(back.value->method, QStringLiteral("start"));
        QCOMPARE(back.value->params, params);
        // No params: an empty map, and none written.
        QVERIFY(requestFromCbor(validRequest()).value->params.isEmpty());
        QVERIFY(!toCbor(ControlRequest{1, QStringLiteral("status"), {}})
                     .contains(QStringLiteral("params")));
    }

    void replyRoundTrip()
    {
        const Parsed<ControlReply> ok =
            replyFromCbor(toCbor(ControlReply::success(3, QCborArray{1, 2})));
        QVERIFY2(ok.ok(), qPrintable(ok.error.toString()));
        QCOMPARE(ok.value->id, qint64(3));
        QVERIFY(!ok.value->isError());
        QCOMPARE(ok.value->result, QCborValue(QCborArray{1, 2}));

        const Parsed<ControlReply> null = replyFromCbor(toCbor(ControlReply::success(4, {})));
        QVERIFY2(null.ok(), qPrintable(null.error.toString())); // a null result is a result

        const Parsed<ControlReply> failed = replyFromCbor(
            toCbor(ControlReply::failure(0, errorcode::unknownMethod, QStringLiteral("no \"x\""))));
        QVERIFY2(failed.ok(), qPrintable(failed.error.toString()));
        QCOMPARE(failed.value->id, qint64(0));
        QVERIFY(failed.value->isError());
        QCOMPARE(failed.value->error->code, QString(errorcode::unknownMethod));
        QCOMPARE(failed.value->error->message, QStringLiteral("no \"x\""));
    }

    void eventRoundTrip()
    {
        QCborMap payload;
        payload.insert(QStringLiteral("line"), QStringLiteral("hello"));
        const Parsed<ControlEvent> back =
            eventFromCbor(toCbor(ControlEvent{QStringLiteral("logs"), 99, payload}));
        QVERIFY2(back.ok(), qPrintable(back.error.toString()));
        QCOMPARE(back.value->stream, QStringLiteral("logs"));
        QCOMPARE(back.value->seq, qint64(99));
        QCOMPARE(back.value->payload, QCborValue(payload));
    }

    void unknownFieldsAreIgnored()
    {
        const Parsed<ControlRequest> parsed =
            requestFromCbor(with(validRequest(), QStringLiteral("since"), 5));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error.toString()));
    }

    void badRequestNamesTheField_data()
    {
        QTest::addColumn<QCborMap>("map");
        QTest::addColumn<QString>("error");
        const QString id = QStringLiteral("id");
        const QString method = QStringLiteral("method");
        const QString type = QStringLiteral("type");
        QTest::newRow("no type") << with(validRequest(), type, {}) << "field \"type\": missing";
        QTest::newRow("numeric type")
            << with(validRequest(), type, 3) << "field \"type\": must be a text string";
        QTest::newRow("unknown type")
            << with(validRequest(), type, QStringLiteral("shout"))
            << "field \"type\": \"shout\" is no message type (hello, request, reply, event)";
        QTest::newRow("another type") << with(validRequest(), type, QStringLiteral("reply"))
                                      << "field \"type\": is \"reply\"; expected \"request\"";
        QTest::newRow("no id") << with(validRequest(), id, {}) << "field \"id\": missing";
        QTest::newRow("id zero") << with(validRequest(), id, 0)
                                 << "field \"id\": is 0; it must be from 1 to 9007199254740991";
        QTest::newRow("id text") << with(validRequest(), id, QStringLiteral("1"))
                                 << "field \"id\": must be an integer";
        QTest::newRow("id double")
            << with(validRequest(), id, 1.5) << "field \"id\": must be an integer";
        QTest::newRow("no method")
            << with(validRequest(), method, {}) << "field \"method\": missing";
        QTest::newRow("empty method")
            << with(validRequest(), method, QString()) << "field \"method\": must not be empty";
        QTest::newRow("long method")
            << with(validRequest(), method, QString(65, QLatin1Char('m')))
            << "field \"method\": is 65 characters long; at most 64 are allowed";
        QTest::newRow("params array")
            << with(validRequest(), QStringLiteral("params"), QCborArray{1})
            << "field \"params\": must be a map";
    }

    void badRequestNamesTheField()
    {
        QFETCH(QCborMap, map);
        QFETCH(QString, error);
        const Parsed<ControlRequest> parsed = requestFromCbor(map);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error.toString(), error);
    }

    void badHelloNamesTheField()
    {
        const QCborMap hello = toCbor(
            ControlHello{protocol::version, QStringLiteral("0.1.0"), 1, {}, HostState::Starting});
        QVERIFY(helloFromCbor(hello).ok()); // no configuration file: allowed
        QCOMPARE(helloFromCbor(with(hello, QStringLiteral("protocol"), 2)).error.toString(),
                 QStringLiteral("field \"protocol\": the host speaks version 2; this side "
                                "speaks version 1"));
        QCOMPARE(helloFromCbor(with(hello, QStringLiteral("state"), QStringLiteral("asleep")))
                     .error.toString(),
                 QStringLiteral("field \"state\": \"asleep\" is no host state (created, starting, "
                                "running, stopping, stopped)"));
        QCOMPARE(helloFromCbor(with(hello, QStringLiteral("pid"), -1)).error.field,
                 QStringLiteral("pid"));
        QCOMPARE(helloFromCbor(with(hello, QStringLiteral("workhost"), {})).error.toString(),
                 QStringLiteral("field \"workhost\": missing"));
    }

    void badReplyNamesTheField()
    {
        const QCborMap ok = toCbor(ControlReply::success(1, 5));
        QCborMap both = ok;
        both.insert(QStringLiteral("error"), QCborMap());
        QCOMPARE(replyFromCbor(both).error.toString(),
                 QStringLiteral("field \"result\": a reply holds either \"result\" or \"error\", "
                                "not both"));
        QCOMPARE(replyFromCbor(with(ok, QStringLiteral("result"), {})).error.toString(),
                 QStringLiteral("field \"result\": a reply holds either \"result\" or \"error\", "
                                "not neither"));
        const QCborMap failed = toCbor(ControlReply::failure(1, errorcode::internal, {}));
        QCborMap noCode = failed;
        noCode.insert(QStringLiteral("error"), QCborMap{{QStringLiteral("message"), 1}});
        QCOMPARE(replyFromCbor(noCode).error.toString(),
                 QStringLiteral("field \"error.code\": missing"));
        QCOMPARE(replyFromCbor(with(failed, QStringLiteral("error"), 3)).error.toString(),
                 QStringLiteral("field \"error\": must be a map"));
    }

    void badEventNamesTheField()
    {
        const QCborMap event = toCbor(ControlEvent{QStringLiteral("logs"), 1, QCborMap()});
        QCOMPARE(eventFromCbor(with(event, QStringLiteral("seq"), 0)).error.field,
                 QStringLiteral("seq"));
        QCOMPARE(eventFromCbor(with(event, QStringLiteral("payload"), {})).error.toString(),
                 QStringLiteral("field \"payload\": missing"));
        QCOMPARE(eventFromCbor(with(event, QStringLiteral("stream"), QString())).error.field,
                 QStringLiteral("stream"));
    }

    void serviceStatusRoundTrip()
    {
        ServiceStatus full;
        full.name = QStringLiteral("mailer");
        full.kind = ServiceKind::Hosted;
        full.state = ServiceState::BackingOff;
        full.stateSince = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);
        full.startedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
        full.restartCount = 3;
        full.backoffDelay = std::chrono::milliseconds(400);
        full.lastError = QStringLiteral("threw: disk full");
        full.lastOutcome = RunOutcome::Faulted;
        full.progress = 40;
        full.progressText = QStringLiteral("4 of 10");
        full.itemsDone = 123;
        full.itemsUnit = ItemsUnit::bytes();
        full.note = QStringLiteral("waiting");
        full.values = {{QStringLiteral("pid"), 4242}, {QStringLiteral("ok"), true}};
        full.cpuTime = std::chrono::milliseconds(1500);
        full.threadAlive = true;
        const Parsed<ServiceStatus> parsed = serviceStatusFromCbor(toCbor(full));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error.toString()));
        const ServiceStatus &back = *parsed.value;
        QCOMPARE(back.name, full.name);
        QCOMPARE(back.kind, full.kind);
        QCOMPARE(back.state, full.state);
        QCOMPARE(back.stateSince, full.stateSince);
        QCOMPARE(back.startedAt, full.startedAt);
        QCOMPARE(back.restartCount, 3);
        QCOMPARE(back.backoffDelay, full.backoffDelay);
        QCOMPARE(back.lastError, full.lastError);
        QCOMPARE(back.lastOutcome, full.lastOutcome);
        QCOMPARE(back.progress, 40);
        QCOMPARE(back.progressText, full.progressText);
        QCOMPARE(back.itemsDone, 123);
        QVERIFY(back.itemsUnit.isBytes());
        QCOMPARE(back.note, full.note);
        QCOMPARE(back.values.value(QStringLiteral("pid")).toInt(), 4242);
        QCOMPARE(back.values.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(back.cpuTime, full.cpuTime);
        QVERIFY(back.threadAlive);

        // A status with nothing optional: what was left out comes back empty.
        ServiceStatus bare;
        bare.name = QStringLiteral("idle");
        const Parsed<ServiceStatus> bareBack = serviceStatusFromCbor(toCbor(bare));
        QVERIFY2(bareBack.ok(), qPrintable(bareBack.error.toString()));
        QVERIFY(!bareBack.value->startedAt.isValid());
        QVERIFY(!bareBack.value->lastOutcome);
        QVERIFY(!bareBack.value->hasProgress());
        QCOMPARE(bareBack.value->itemsUnit.name(), ItemsUnit::items().name());
    }

    void badServiceStatusNamesTheField()
    {
        ServiceStatus status;
        status.name = QStringLiteral("mailer");
        const QCborMap map = toCbor(status);
        QCOMPARE(serviceStatusFromCbor(with(map, QStringLiteral("state"), QStringLiteral("asleep")))
                     .error.toString(),
                 QStringLiteral("field \"state\": \"asleep\" is no service state (%1)")
                     .arg(configNames<ServiceState>().join(QStringLiteral(", "))));
        QCOMPARE(serviceStatusFromCbor(with(map, QStringLiteral("name"), {})).error.toString(),
                 QStringLiteral("field \"name\": missing"));
        QCOMPARE(serviceStatusFromCbor(with(map, QStringLiteral("progress"), 101)).error.field,
                 QStringLiteral("progress"));
        QCOMPARE(
            serviceStatusFromCbor(with(map, QStringLiteral("threadAlive"), 1)).error.toString(),
            QStringLiteral("field \"threadAlive\": must be true or false"));
    }

    void serviceTransitionRoundTrip()
    {
        ServiceTransition transition{QStringLiteral("mailer"),
                                     ServiceState::Stopping,
                                     ServiceState::Stopped,
                                     QDateTime::fromMSecsSinceEpoch(1'700'000'000'500, Qt::UTC),
                                     QStringLiteral("stopped by hand"),
                                     RunOutcome::Stopped,
                                     true};
        Parsed<ServiceTransition> parsed = serviceTransitionFromCbor(toCbor(transition));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error.toString()));
        QCOMPARE(parsed.value->service, transition.service);
        QCOMPARE(parsed.value->from, transition.from);
        QCOMPARE(parsed.value->to, transition.to);
        QCOMPARE(parsed.value->at, transition.at);
        QCOMPARE(parsed.value->reason, transition.reason);
        QCOMPARE(parsed.value->outcome, transition.outcome);
        QCOMPARE(parsed.value->automaticRestart, true);

        transition.outcome.reset(); // most transitions end no run
        parsed = serviceTransitionFromCbor(toCbor(transition));
        QVERIFY(parsed.ok());
        QVERIFY(!parsed.value->outcome);
    }

    void badServiceTransitionNamesTheField()
    {
        ServiceTransition transition;
        transition.service = QStringLiteral("mailer");
        const QCborMap map = toCbor(transition);
        QCOMPARE(
            serviceTransitionFromCbor(with(map, QStringLiteral("kind"), QStringLiteral("statuses")))
                .error.toString(),
            QStringLiteral("field \"kind\": must be \"transition\""));
        QCOMPARE(serviceTransitionFromCbor(with(map, QStringLiteral("at"), {})).error.toString(),
                 QStringLiteral("field \"at\": missing"));
        QCOMPARE(
            serviceTransitionFromCbor(with(map, QStringLiteral("outcome"), QStringLiteral("x")))
                .error.field,
            QStringLiteral("outcome"));
    }

    void shutdownProgressRoundTrip()
    {
        ShutdownProgress progress;
        progress.elapsed = std::chrono::milliseconds(2500);
        progress.remaining = std::chrono::milliseconds(7500);
        progress.entries = {{QStringLiteral("mailer"), ServiceState::Stopping, true, true,
                             std::chrono::milliseconds(2400)},
                            {QStringLiteral("cleaner"), ServiceState::Running, false, false,
                             std::chrono::milliseconds(0)},
                            {QStringLiteral("indexer"), ServiceState::TimedOut, true, false,
                             std::chrono::milliseconds(900)}};
        const Parsed<ShutdownProgress> parsed = shutdownProgressFromCbor(toCbor(progress));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error.toString()));
        QCOMPARE(parsed.value->elapsed, progress.elapsed);
        QCOMPARE(parsed.value->remaining, progress.remaining);
        QCOMPARE(parsed.value->entries.size(), 3);
        for (qsizetype i = 0; i < progress.entries.size(); ++i) {
            const ShutdownProgress::Entry &sent = progress.entries.at(i);
            const ShutdownProgress::Entry &got = parsed.value->entries.at(i);
            QCOMPARE(got.service, sent.service);
            QCOMPARE(got.state, sent.state);
            QCOMPARE(got.stopRequested, sent.stopRequested);
            QCOMPARE(got.overran, sent.overran);
            QCOMPARE(got.elapsed, sent.elapsed);
        }
        QCOMPARE(parsed.value->finishedCount(), 1);

        const Parsed<ShutdownProgress> empty = shutdownProgressFromCbor(toCbor(ShutdownProgress{}));
        QVERIFY(empty.ok());
        QVERIFY(empty.value->entries.isEmpty());
    }

    void badShutdownProgressNamesTheField()
    {
        ShutdownProgress progress;
        progress.entries = {{QStringLiteral("mailer"), ServiceState::Stopping, true, false,
                             std::chrono::milliseconds(10)},
                            {QStringLiteral("cleaner"), ServiceState::Stopped, true, false,
                             std::chrono::milliseconds(20)}};
        const QCborMap map = toCbor(progress);
        const auto errorOf = [](const QCborMap &bad) {
            return shutdownProgressFromCbor(bad).error.toString();
        };
        QCOMPARE(errorOf(with(map, QStringLiteral("remainingMs"), {})),
                 QStringLiteral("field \"remainingMs\": missing"));
        QCOMPARE(errorOf(with(map, QStringLiteral("elapsedMs"), -1)),
                 QStringLiteral("field \"elapsedMs\": is -1; it must be from 0 to %1")
                     .arg(std::numeric_limits<qint64>::max()));
        QCOMPARE(errorOf(with(map, QStringLiteral("entries"), QStringLiteral("mailer"))),
                 QStringLiteral("field \"entries\": must be an array"));

        QCborArray entries = map.value(QStringLiteral("entries")).toArray();
        const QCborMap second = entries.at(1).toMap();
        const auto withSecond = [&](const QString &key, const QCborValue &value) {
            QCborArray changed = entries;
            changed[1] = with(second, key, value);
            return with(map, QStringLiteral("entries"), changed);
        };
        QCOMPARE(errorOf(withSecond(QStringLiteral("state"), QStringLiteral("asleep"))),
                 QStringLiteral("field \"entries[1].state\": \"asleep\" is no service state (%1)")
                     .arg(configNames<ServiceState>().join(QStringLiteral(", "))));
        QCOMPARE(errorOf(withSecond(QStringLiteral("overran"), 1)),
                 QStringLiteral("field \"entries[1].overran\": must be true or false"));
        QCOMPARE(errorOf(withSecond(QStringLiteral("service"), {})),
                 QStringLiteral("field \"entries[1].service\": missing"));
        entries[0] = 7;
        QCOMPARE(errorOf(with(map, QStringLiteral("entries"), entries)),
                 QStringLiteral("field \"entries[0]\": must be a map"));
    }
};

QTEST_GUILESS_MAIN(TestProtocolMessages)
#include "tst_protocolmessages.moc"
