// A host's control socket against a real Host with two services: the hello on
// connect, a status round trip, errors for an unknown method and for garbage
// (the server goes on serving others), a 4 GB length ends that connection, a
// client that never reads is dropped at its bound, one past the most clients
// is refused, a stale socket file is replaced and a live one is not, a
// client of another uid is refused, and a deferred reply keeps the order.

#include "support/controlfixture.h"

#include <workhost/control/controlclient.h>
#include <workhost/control/controlserver.h>
#include <workhost/control/framedecoder.h>
#include <workhost/control/frameencoder.h>
#include <workhost/control/runtimedirectory.h>
#include <workhost/hosting/host.h>

#include <QCborArray>
#include <QCoreApplication>
#include <QFile>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <memory>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

constexpr int waitMs = 30000; // generous: a loaded machine under a sanitizer

using Fixture = test::ControlFixture;

QByteArray header(quint32 length)
{
    QByteArray bytes(4, Qt::Uninitialized);
    qToBigEndian(length, bytes.data());
    return bytes;
}

// The next `count` messages on a raw socket (the hello included).
QList<QCborMap> readMessages(QLocalSocket &socket, FrameDecoder &decoder, int count)
{
    QList<QCborMap> messages;
    static_cast<void>(QTest::qWaitFor( // the caller checks the count
        [&] {
            decoder.feed(socket.readAll());
            for (DecodedFrame f = decoder.next(); f.isMessage(); f = decoder.next())
                messages << f.message;
            return messages.size() >= count;
        },
        waitMs));
    return messages;
}

bool connectAndGreet(ControlClient &client, const QString &socketPath)
{
    QSignalSpy hello(&client, &ControlClient::helloReceived);
    client.connectTo(socketPath);
    return hello.wait(waitMs);
}

using test::awaitReply;
using test::rawConnect;

} // namespace

class TestControlServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helloOnConnect()
    {
        Fixture f;
        QVERIFY2(f.start(), qPrintable(f.server->errorString()));
        struct stat info = {};
        QCOMPARE(::lstat(QFile::encodeName(f.socketPath).constData(), &info), 0);
        QVERIFY(S_ISSOCK(info.st_mode));
        QCOMPARE(info.st_mode & 077, 0u); // UserAccessOption: the owner only

        ControlClient client;
        QVERIFY(connectAndGreet(client, f.socketPath));
        const ControlHello hello = *client.hello();
        QCOMPARE(hello.protocolVersion, protocol::version);
        QCOMPARE(hello.hostPid, QCoreApplication::applicationPid());
        QCOMPARE(hello.configPath, f.configPath);
        QCOMPARE(hello.hostState, HostState::Running);
        QVERIFY(!hello.workhostVersion.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(f.server->clientCount(), 1, waitMs);
        client.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(f.server->clientCount(), 0, waitMs);
    }

    void statusRoundTrip()
    {
        Fixture f;
        QVERIFY(f.start());
        ControlClient client;
        QVERIFY(connectAndGreet(client, f.socketPath));
        const qint64 id = client.request(QStringLiteral("status"));
        QVERIFY(id > 0);
        const ControlReply reply = awaitReply(client, id);
        QVERIFY2(!reply.isError(), qPrintable(reply.error ? reply.error->message : QString()));
        const QCborMap result = reply.result.toMap();
        QCOMPARE(result.value(QStringLiteral("hostState")).toString(), QStringLiteral("running"));
        const QCborArray services = result.value(QStringLiteral("services")).toArray();
        QCOMPARE(services.size(), 2);
        QCOMPARE(services[0].toMap().value(QStringLiteral("name")).toString(),
                 QStringLiteral("alpha"));
        QCOMPARE(services[1].toMap().value(QStringLiteral("name")).toString(),
                 QStringLiteral("beta"));
        for (const QCborValue &service : services) {
            QCOMPARE(service.toMap().value(QStringLiteral("state")).toString(),
                     QStringLiteral("running"));
            QCOMPARE(service.toMap().value(QStringLiteral("kind")).toString(),
                     QStringLiteral("background"));
            QVERIFY(service.toMap().value(QStringLiteral("startedAt")).isInteger());
        }
        // The same answer again: the connection stays up between requests.
        QVERIFY(!awaitReply(client, client.request(QStringLiteral("status"))).isError());
    }

    void unknownMethodGetsAnError()
    {
        Fixture f;
        QVERIFY(f.start());
        ControlClient client;
        QVERIFY(connectAndGreet(client, f.socketPath));
        const qint64 id = client.request(QStringLiteral("launchRockets"));
        const ControlReply reply = awaitReply(client, id);
        QVERIFY(reply.isError());
        QCOMPARE(reply.id, id);
        QCOMPARE(reply.error->code, QString(errorcode::unknownMethod));
        QCOMPARE(
            reply.error->message,
            QStringLiteral("no method \"launchRockets\" (this host knows: status, subscribe)"));
    }

    void methodsCanBeAdded()
    {
        Fixture f;
        f.server->setMethod(QStringLiteral("echo"), [](const ControlRequest &request) {
            return ControlReply::success(request.id, request.params);
        });
        QVERIFY(f.start());
        ControlClient client;
        QVERIFY(connectAndGreet(client, f.socketPath));
        const QCborMap params{{QStringLiteral("x"), 1}};
        QCOMPARE(awaitReply(client, client.request(QStringLiteral("echo"), params)).result,
                 QCborValue(params));
    }

    // A method that answers later (a reload): the requests after it on the
    // same connection wait, so the replies keep the requests' order; another
    // client is served meanwhile; an answer dropped unsent is an `internal` error.
    void deferredRepliesKeepTheOrder()
    {
        Fixture f;
        QList<DeferredReply> pending;
        f.server->setDeferredMethod(
            QStringLiteral("later"),
            [&](const ControlRequest &, DeferredReply reply) { pending << reply; });
        QVERIFY(f.start());
        ControlClient client;
        ControlClient other;
        QVERIFY(connectAndGreet(client, f.socketPath));
        QVERIFY(connectAndGreet(other, f.socketPath));
        QSignalSpy replies(&client, &ControlClient::replyReceived);
        const qint64 later = client.request(QStringLiteral("later"));
        const qint64 status = client.request(QStringLiteral("status"));
        QVERIFY(QTest::qWaitFor([&] { return pending.size() == 1; }, waitMs));
        QVERIFY(!awaitReply(other, other.request(QStringLiteral("status"))).isError());
        QCOMPARE(replies.count(), 0); // "status" waits behind "later"

        pending.takeFirst().send(ControlReply::success(0, QStringLiteral("done")));
        QVERIFY(QTest::qWaitFor([&] { return replies.count() == 2; }, waitMs));
        const ControlReply first = replies.at(0).at(0).value<ControlReply>();
        QCOMPARE(first.id, later);
        QCOMPARE(first.result, QCborValue(QStringLiteral("done")));
        QCOMPARE(replies.at(1).at(0).value<ControlReply>().id, status);

        const qint64 dropped = client.request(QStringLiteral("later"));
        QVERIFY(QTest::qWaitFor([&] { return pending.size() == 1; }, waitMs));
        pending.clear(); // the last copy goes unanswered
        const ControlReply unanswered = awaitReply(client, dropped);
        QCOMPARE(unanswered.error->code, QString(errorcode::internal));

        // Answered before the method even returned (a reload with nothing to wait for).
        f.server->setDeferredMethod(QStringLiteral("now"),
                                    [](const ControlRequest &, DeferredReply reply) {
                                        reply.send(ControlReply::success(0, 7));
                                    });
        QCOMPARE(awaitReply(client, client.request(QStringLiteral("now"))).result, QCborValue(7));
        QVERIFY(!awaitReply(client, client.request(QStringLiteral("status"))).isError());
    }

    void garbageGetsErrorsWhileOthersAreServed()
    {
        Fixture f;
        QVERIFY(f.start());
        QSignalSpy refused(f.server.get(), &ControlServer::clientRefused);
        QLocalSocket raw;
        raw.connectToServer(f.socketPath);
        FrameDecoder decoder;
        QCOMPARE(readMessages(raw, decoder, 1).size(), 1); // the hello

        // Not CBOR; then a map that is no request, with an id to answer.
        QCborMap notRequest{{QStringLiteral("type"), QStringLiteral("request")},
                            {QStringLiteral("id"), 9}};
        raw.write(header(3) + QByteArray("\xff\xfe\xfd", 3) + encodeFrame(notRequest));
        const QList<QCborMap> errors = readMessages(raw, decoder, 2);
        QCOMPARE(errors.size(), 2);
        const ControlReply badFrame = *replyFromCbor(errors[0]).value;
        QCOMPARE(badFrame.id, qint64(0));
        QCOMPARE(badFrame.error->code, QString(errorcode::badFrame));
        QVERIFY2(badFrame.error->message.contains("not well-formed CBOR"),
                 qPrintable(badFrame.error->message));
        const ControlReply badMessage = *replyFromCbor(errors[1]).value;
        QCOMPARE(badMessage.id, qint64(9));
        QCOMPARE(badMessage.error->code, QString(errorcode::badMessage));
        QCOMPARE(badMessage.error->message, QStringLiteral("field \"method\": missing"));

        // Another client is served meanwhile.
        ControlClient other;
        QVERIFY(connectAndGreet(other, f.socketPath));

        // A 4 GB length: the reason, then the end of the connection.
        raw.write(header(0xFFFFFFFFu) + QByteArray(1000, 'x'));
        const QList<QCborMap> last = readMessages(raw, decoder, 1);
        QCOMPARE(last.size(), 1);
        QVERIFY2(replyFromCbor(last[0]).value->error->message.contains("4294967295"),
                 qPrintable(replyFromCbor(last[0]).value->error->message));
        QTRY_COMPARE_WITH_TIMEOUT(raw.state(), QLocalSocket::UnconnectedState, waitMs);
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused[0][0].toString().contains("unreadable input: byte "),
                 qPrintable(refused[0][0].toString()));

        QVERIFY(!awaitReply(other, other.request(QStringLiteral("status"))).isError());
        QTRY_COMPARE_WITH_TIMEOUT(f.server->clientCount(), 1, waitMs);
    }

    void clientThatNeverReadsIsDropped()
    {
        ControlServerOptions options;
        options.maxQueuedBytes = 64 * 1024;
        Fixture f(options);
        QVERIFY(f.start());
        QSignalSpy refused(f.server.get(), &ControlServer::clientRefused);
        const int fd = rawConnect(f.socketPath);
        QVERIFY(fd >= 0);
        // Ask for statuses without ever reading one: written as the socket
        // takes them, while the server's (this thread's) events run.
        QByteArray requests;
        for (int id = 1; id <= 20000; ++id)
            requests += encodeFrame(toCbor(ControlRequest{id, QStringLiteral("status"), {}}));
        qsizetype sent = 0;
        const bool dropped = QTest::qWaitFor(
            [&] {
                while (sent < requests.size()) {
                    const ssize_t n =
                        ::send(fd, requests.constData() + sent, size_t(requests.size() - sent),
                               MSG_DONTWAIT | MSG_NOSIGNAL);
                    if (n <= 0)
                        break;
                    sent += n;
                }
                return !refused.isEmpty();
            },
            waitMs * 2);
        ::close(fd);
        QVERIFY2(dropped, qPrintable(QStringLiteral("sent %1 bytes").arg(sent)));
        QVERIFY2(refused[0][0].toString().contains("past the client's bound of 65536"),
                 qPrintable(refused[0][0].toString()));
        // The host goes on serving.
        ControlClient client;
        QVERIFY(connectAndGreet(client, f.socketPath));
        QVERIFY(!awaitReply(client, client.request(QStringLiteral("status"))).isError());
    }

    void clientsPastTheLimitAreRefused()
    {
        ControlServerOptions options;
        options.maxClients = 1;
        Fixture f(options);
        QVERIFY(f.start());
        QSignalSpy refused(f.server.get(), &ControlServer::clientRefused);
        ControlClient first;
        QVERIFY(connectAndGreet(first, f.socketPath));
        ControlClient second;
        QSignalSpy ended(&second, &ControlClient::disconnected);
        second.connectTo(f.socketPath);
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, waitMs);
        QVERIFY(!second.hello());
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused[0][0].toString().endsWith("1 clients are connected, the most allowed"),
                 qPrintable(refused[0][0].toString()));
        first.disconnectFromHost(); // its place is free again
        QTRY_COMPARE_WITH_TIMEOUT(f.server->clientCount(), 0, waitMs);
        QVERIFY(connectAndGreet(second, f.socketPath));
    }

    void staleSocketIsReplaced()
    {
        Fixture f;
        // What a crashed host leaves: a socket file no one listens on.
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        const QByteArray native = QFile::encodeName(f.socketPath);
        std::memcpy(address.sun_path, native.constData(), size_t(native.size()));
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        ::close(fd);
        QVERIFY(QFile::exists(f.socketPath));
        QVERIFY2(f.start(), qPrintable(f.server->errorString()));
        ControlClient client;
        QVERIFY(connectAndGreet(client, f.socketPath));
    }

    void liveSocketIsNotTakenOver()
    {
        Fixture f;
        QVERIFY(f.start());
        ControlServer second(f.host);
        QVERIFY(!second.listen(f.socketPath));
        QCOMPARE(second.errorString(),
                 QStringLiteral("control socket %1: another host answers on it").arg(f.socketPath));
        ControlClient client;
        QVERIFY(connectAndGreet(client, f.socketPath)); // the first one still answers
    }

    void pathThatIsNoSocketIsLeftAlone()
    {
        Fixture f;
        QFile file(f.socketPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(!f.server->listen(f.socketPath));
        QVERIFY2(f.server->errorString().contains("exists and is no socket"),
                 qPrintable(f.server->errorString()));
        QVERIFY(QFile::exists(f.socketPath));
        QVERIFY(!f.server->listen(QStringLiteral("relative.sock")));
        QVERIFY(f.server->errorString().contains("not an absolute path"));
    }

    void anotherUserIsRefused()
    {
        if (::geteuid() != 0)
            QSKIP("connecting as another uid needs root (setresuid in a child)");
        Fixture f;
        QVERIFY(f.start());
        QSignalSpy refused(f.server.get(), &ControlServer::clientRefused);
        // Let "nobody" reach the socket, so that only the uid check stands in
        // its way (the directory and the socket's mode would stop it first).
        QVERIFY(::chmod(QFile::encodeName(f.directory.path()).constData(), 0711) == 0);
        QVERIFY(::chmod(QFile::encodeName(f.temp.path()).constData(), 0711) == 0);
        QVERIFY(::chmod(QFile::encodeName(f.socketPath).constData(), 0666) == 0);
        const QByteArray native = QFile::encodeName(f.socketPath);
        const pid_t child = ::fork();
        if (child == 0) {
            // Only async-signal-safe calls here: the parent has threads.
            if (::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0)
                ::_exit(10);
            const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            sockaddr_un address = {};
            address.sun_family = AF_UNIX;
            std::memcpy(address.sun_path, native.constData(), size_t(native.size()));
            if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
                ::_exit(11);
            char byte = 0;
            ::_exit(::read(fd, &byte, 1) == 0 ? 0 : 12); // 0: closed without a word
        }
        QVERIFY(child > 0);
        int status = -1;
        QVERIFY(
            QTest::qWaitFor([&] { return ::waitpid(child, &status, WNOHANG) == child; }, waitMs));
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused[0][0].toString().startsWith("refused a client of uid 65534 (pid " +
                                                     QString::number(child) + ")"),
                 qPrintable(refused[0][0].toString()));
        QVERIFY(::chmod(QFile::encodeName(f.directory.path()).constData(), 0700) == 0);
    }
};

QTEST_GUILESS_MAIN(TestControlServer)
#include "tst_controlserver.moc"
