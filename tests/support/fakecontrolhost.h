#pragma once

// A host as a test scripts it: a QLocalServer that sends each client a hello
// (or what the test chooses instead) and answers each request with the
// messages `answer` returns (replies, events), so that a client's exact paths
// (a refusal, a gap in the logs, a result of a given shape, a connection
// closed at a given moment) can be checked without a real host.

#include <workhost/control/framedecoder.h>
#include <workhost/control/frameencoder.h>
#include <workhost/control/protocolmessages.h>

#include <QCborArray>
#include <QLocalServer>
#include <QLocalSocket>

#include <functional>
#include <memory>

namespace workhost::test {

class FakeControlHost
{
public:
    // What to send for a request; closeAfter: end the connection after it.
    struct Answer
    {
        QList<QCborMap> messages;
        bool closeAfter = false;
    };
    std::function<Answer(const ControlRequest &)> answer;
    // The first bytes a client gets; the default: a valid hello.
    QByteArray greeting = encodeFrame(toCbor(ControlHello{.workhostVersion = "0.1.0",
                                                          .hostPid = 4242,
                                                          .configPath = {},
                                                          .hostState = HostState::Running}));
    QStringList methods;    // every method asked, in order
    QList<QCborMap> params; // and their params

    bool listen(const QString &path)
    {
        QObject::connect(&m_server, &QLocalServer::newConnection, [this] {
            while (QLocalSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
        return m_server.listen(path);
    }

    // Sends `message` to every client connected now (an event the test publishes).
    void sendToAll(const QCborMap &message)
    {
        for (QLocalSocket *socket : m_server.findChildren<QLocalSocket *>())
            socket->write(encodeFrame(message));
    }
    int clientCount() const { return int(m_server.findChildren<QLocalSocket *>().size()); }

    static QCborMap reply(qint64 id, const QCborValue &result)
    {
        return toCbor(ControlReply::success(id, result));
    }
    static QCborMap error(qint64 id, const QString &code, const QString &message)
    {
        return toCbor(ControlReply::failure(id, code, message));
    }
    static QCborMap event(const QString &stream, qint64 seq, const QCborValue &payload)
    {
        return toCbor(ControlEvent{stream, seq, payload});
    }

private:
    void serve(QLocalSocket *socket)
    {
        socket->setParent(&m_server);
        auto decoder = std::make_shared<FrameDecoder>();
        QObject::connect(socket, &QLocalSocket::readyRead, socket, [this, socket, decoder] {
            decoder->feed(socket->readAll());
            for (DecodedFrame frame = decoder->next(); frame.isMessage(); frame = decoder->next())
                respond(socket, frame.message);
        });
        QObject::connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        socket->write(greeting);
    }
    void respond(QLocalSocket *socket, const QCborMap &message)
    {
        const Parsed<ControlRequest> request = requestFromCbor(message);
        if (!request.ok() || !answer)
            return;
        methods << request.value->method;
        params << request.value->params;
        const Answer said = answer(*request.value);
        for (const QCborMap &reply : said.messages)
            socket->write(encodeFrame(reply));
        if (said.closeAfter)
            socket->disconnectFromServer();
    }

    QLocalServer m_server;
};

// Scripting helpers: a CBOR map from pairs, a transition, a log record.
inline QCborMap map(std::initializer_list<std::pair<QString, QCborValue>> fields)
{
    QCborMap result;
    for (const auto &[key, value] : fields)
        result.insert(key, value);
    return result;
}

inline QCborMap transition(const QString &service, const QString &from, const QString &to)
{
    return map({{"kind", "transition"}, {"service", service}, {"from", from}, {"to", to}});
}

inline QCborMap logRecord(const QString &service, const QString &level, const QString &message)
{
    return map({{"time", qint64(1764691510123000)},
                {"level", level},
                {"service", service},
                {"thread", 7},
                {"message", message}});
}

} // namespace workhost::test
