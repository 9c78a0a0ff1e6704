// The client's side of the control channel, against a fake host (a plain
// QLocalServer the test scripts): replies and events reach their signals, and
// what a client cannot read (another protocol version, no hello first,
// garbage, a frame cut by the host's end) is a protocol error and the end of
// the connection, never a crash.

#include <workhost/control/controlclient.h>
#include <workhost/control/frameencoder.h>

#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace workhost;

namespace {

constexpr int waitMs = 30000;

QCborMap helloMap(int version = protocol::version)
{
    QCborMap map = toCbor(ControlHello{protocol::version, QStringLiteral("0.1.0"), 77,
                                       QStringLiteral("/x/workhost.json"), HostState::Running});
    map.insert(QStringLiteral("protocol"), version);
    return map;
}

// A host that says what the test tells it to, to the one client it accepts.
struct FakeHost
{
    FakeHost() { server.listen(temp.filePath("fake.sock")); }

    // Connects `client` and returns the host's end of it.
    QLocalSocket *accept(ControlClient &client)
    {
        client.connectTo(server.fullServerName());
        if (!server.waitForNewConnection(waitMs))
            return nullptr;
        return server.nextPendingConnection();
    }

    QTemporaryDir temp;
    QLocalServer server;
};

} // namespace

class TestControlClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void repliesAndEventsArrive()
    {
        FakeHost host;
        ControlClient client;
        QSignalSpy hello(&client, &ControlClient::helloReceived);
        QSignalSpy replies(&client, &ControlClient::replyReceived);
        QSignalSpy events(&client, &ControlClient::eventReceived);
        QSignalSpy errors(&client, &ControlClient::protocolError);
        QLocalSocket *end = host.accept(client);
        QVERIFY(end);
        end->write(encodeFrame(helloMap()) +
                   encodeFrame(toCbor(ControlEvent{QStringLiteral("logs"), 5, QCborMap()})) +
                   encodeFrame(toCbor(ControlReply::success(1, 42))));
        QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 1, waitMs);
        QCOMPARE(hello.size(), 1);
        QCOMPARE(client.hello()->hostPid, qint64(77));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0][0].value<ControlEvent>().seq, qint64(5));
        QCOMPARE(replies[0][0].value<ControlReply>().result, QCborValue(42));
        QVERIFY(errors.isEmpty());
        QVERIFY(client.isConnected());
    }

    void requestsAreNumberedFromOne()
    {
        FakeHost host;
        ControlClient client;
        QLocalSocket *end = host.accept(client);
        QVERIFY(end);
        QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), waitMs);
        QCOMPARE(client.request(QStringLiteral("status")), qint64(1));
        QCOMPARE(client.request(QStringLiteral("status")), qint64(2));
        FrameDecoder decoder;
        QList<ControlRequest> requests;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                decoder.feed(end->readAll());
                for (DecodedFrame f = decoder.next(); f.isMessage(); f = decoder.next())
                    requests << *requestFromCbor(f.message).value;
                return requests.size() == 2;
            }(),
            waitMs);
        QCOMPARE(requests[1].id, qint64(2));
        QCOMPARE(requests[1].method, QStringLiteral("status"));
    }

    void unreadableHostIsAProtocolError_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::newRow("another version")
            << encodeFrame(helloMap(2))
            << "the host's hello: field \"protocol\": the host speaks version 2; this side "
               "speaks version 1";
        QTest::newRow("no hello first")
            << encodeFrame(toCbor(ControlReply::success(1, 1)))
            << "the host's hello: field \"type\": is \"reply\"; expected \"hello\"";
        const QByteArray hello = encodeFrame(helloMap());
        QTest::newRow("garbage") << hello + QByteArray("\0\0\0\2\xff\xff", 6)
                                 << QStringLiteral("unreadable data from the host: byte %1: not "
                                                   "well-formed CBOR")
                                        .arg(hello.size() + 4);
        QTest::newRow("a request from the host")
            << hello + encodeFrame(toCbor(ControlRequest{1, QStringLiteral("x"), {}}))
            << "a message from the host: unexpected \"request\"";
        QTest::newRow("a bad reply")
            << hello + encodeFrame(QCborMap{{QStringLiteral("type"), QStringLiteral("reply")}})
            << "a reply from the host: field \"id\": missing";
    }

    void unreadableHostIsAProtocolError()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        FakeHost host;
        ControlClient client;
        QSignalSpy errors(&client, &ControlClient::protocolError);
        QSignalSpy ended(&client, &ControlClient::disconnected);
        QLocalSocket *end = host.accept(client);
        QVERIFY(end);
        end->write(bytes);
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, waitMs);
        QVERIFY2(errors[0][0].toString().startsWith(error), qPrintable(errors[0][0].toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!client.isConnected(), waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, waitMs);
        QCOMPARE(client.request(QStringLiteral("status")), qint64(0));
    }

    void frameCutByTheHostsEnd()
    {
        FakeHost host;
        ControlClient client;
        QSignalSpy hello(&client, &ControlClient::helloReceived);
        QSignalSpy errors(&client, &ControlClient::protocolError);
        QSignalSpy ended(&client, &ControlClient::disconnected);
        QLocalSocket *end = host.accept(client);
        QVERIFY(end);
        const QByteArray first = encodeFrame(helloMap());
        end->write(first + encodeFrame(toCbor(ControlReply::success(1, 1))).left(7));
        QVERIFY(hello.wait(waitMs));
        end->disconnectFromServer();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, waitMs);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0][0].toString().startsWith(
                     QStringLiteral("the host closed the connection: byte %1: the stream ended "
                                    "inside a frame: 3 of its")
                         .arg(first.size())),
                 qPrintable(errors[0][0].toString()));
    }

    void noHostToConnectTo()
    {
        QTemporaryDir temp;
        ControlClient client;
        QSignalSpy ended(&client, &ControlClient::disconnected);
        client.connectTo(temp.filePath("nobody.sock"));
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, waitMs);
        QVERIFY(!client.isConnected());
        QVERIFY(!client.hello());
        QCOMPARE(client.request(QStringLiteral("status")), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestControlClient)
#include "tst_controlclient.moc"
