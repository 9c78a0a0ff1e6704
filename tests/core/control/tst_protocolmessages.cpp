// The control protocol's messages: each survives a trip through CBOR, and a
// map that is not a valid message is refused naming the field at fault.

#include <workhost/control/protocolmessages.h>

#include <QCborArray>
#include <QTest>

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
};

QTEST_GUILESS_MAIN(TestProtocolMessages)
#include "tst_protocolmessages.moc"
