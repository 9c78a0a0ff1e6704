#include <workhost/control/controlserver.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/controlconnection.h>
#include <workhost/control/eventstream.h>
#include <workhost/control/peercredentials.h>
#include <workhost/control/runtimedirectory.h>
#include <workhost/control/servicestatuscbor.h>
#include <workhost/control/streamhub.h>
#include <workhost/hosting/host.h>
#include <workhost/runtime/applicationinfo.h>

#include <QCborArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

namespace workhost {

namespace {

// A server that answers connects at once (the kernel queues the connection):
// the wait only bounds a path on a stuck file system.
constexpr int probeTimeoutMs = 1000;

} // namespace

ControlServer::ControlServer(Host &host, ControlServerOptions options, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_options(std::move(options))
    , m_server(new QLocalServer(this))
    , m_streams(new StreamHub(host, m_options, this))
{
    connect(m_server, &QLocalServer::newConnection, this, &ControlServer::acceptPending);
    setMethod(QStringLiteral("status"),
              [this](const ControlRequest &request) { return status(request); });
}

ControlServer::~ControlServer()
{
    close();
}

bool ControlServer::listen(const QString &socketPath)
{
    m_error.clear();
    if (!QDir::isAbsolutePath(socketPath)) {
        m_error = QStringLiteral("control socket %1: not an absolute path").arg(socketPath);
        return false;
    }
    if (QFile::encodeName(socketPath).size() > RuntimeDirectory::maxSocketPathBytes) {
        m_error = QStringLiteral("control socket %1: longer than the %2 bytes a socket's path "
                                 "may have")
                      .arg(socketPath)
                      .arg(RuntimeDirectory::maxSocketPathBytes);
        return false;
    }
    if (!clearStaleSocket(socketPath))
        return false;
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(socketPath)) {
        m_error = QStringLiteral("control socket %1: cannot listen: %2")
                      .arg(socketPath, m_server->errorString());
        return false;
    }
    m_socketPath = socketPath;
    return true;
}

bool ControlServer::clearStaleSocket(const QString &socketPath)
{
    struct stat info = {};
    if (::lstat(QFile::encodeName(socketPath).constData(), &info) != 0) {
        if (errno == ENOENT)
            return true;
        m_error = QStringLiteral("control socket %1: cannot be examined: %2")
                      .arg(socketPath, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (!S_ISSOCK(info.st_mode)) {
        m_error = QStringLiteral("control socket %1: the path exists and is no socket; it is "
                                 "left alone")
                      .arg(socketPath);
        return false;
    }
    QLocalSocket probe;
    probe.connectToServer(socketPath);
    if (probe.waitForConnected(probeTimeoutMs)) {
        probe.abort();
        m_error = QStringLiteral("control socket %1: another host answers on it").arg(socketPath);
        return false;
    }
    if (!QFile::remove(socketPath)) {
        m_error =
            QStringLiteral("control socket %1: the stale socket cannot be removed").arg(socketPath);
        return false;
    }
    spdlog::info("control socket: removed the stale {} (no host answered on it)",
                 qUtf8Printable(socketPath));
    return true;
}

void ControlServer::close()
{
    m_server->close(); // removes the socket file
    // The host's last log records (its stop's) go to the clients following
    // the log, rather than wait for a feed that will not read again.
    if (!m_connections.isEmpty())
        m_streams->publishPending();
    for (const QPointer<ControlConnection> &connection : std::as_const(m_connections)) {
        if (connection)
            connection->flush(); // a last reply ("shutdown") goes out if the kernel takes it
        delete connection.data();
    }
    m_connections.clear();
}

bool ControlServer::isListening() const
{
    return m_server->isListening();
}

int ControlServer::clientCount() const
{
    return int(std::count_if(m_connections.cbegin(), m_connections.cend(),
                             [](const QPointer<ControlConnection> &c) { return !c.isNull(); }));
}

quint64 ControlServer::droppedEvents() const
{
    return m_streams->droppedEvents();
}

quint64 ControlServer::encodedEvents(const QString &stream) const
{
    const EventStream *events = m_streams->stream(stream);
    return events ? events->encodedEvents() : 0;
}

void ControlServer::setMethod(const QString &method, Method answer)
{
    m_deferredMethods.remove(method);
    m_methods.insert(method, std::move(answer));
}

void ControlServer::setDeferredMethod(const QString &method, DeferredMethod answer)
{
    m_methods.remove(method);
    m_deferredMethods.insert(method, std::move(answer));
}

void ControlServer::acceptPending()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection())
        accept(socket);
}

QString ControlServer::refusalFor(const std::optional<PeerCredentials> &peer, const QString &error)
{
    if (!peer)
        return QStringLiteral("refused a client: %1").arg(error);
    if (peer->uid != uint(::geteuid()))
        return QStringLiteral("refused a client of uid %1 (pid %2): only uid %3 may control "
                              "this host")
            .arg(peer->uid)
            .arg(peer->pid)
            .arg(::geteuid());
    m_connections.removeAll(nullptr); // those that closed
    if (m_connections.size() >= m_options.maxClients)
        return QStringLiteral("refused a client (pid %1): %2 clients are connected, the most "
                              "allowed")
            .arg(peer->pid)
            .arg(m_options.maxClients);
    return {};
}

void ControlServer::accept(QLocalSocket *socket)
{
    QString error;
    const std::optional<PeerCredentials> peer = peerCredentials(socket->socketDescriptor(), &error);
    const QString refusal = refusalFor(peer, error);
    if (!refusal.isEmpty()) {
        socket->abort();
        socket->deleteLater();
        refuse(refusal);
        return;
    }
    auto *connection = new ControlConnection(
        socket, *peer, m_options.maxQueuedBytes,
        [this](ControlConnection &client, const ControlRequest &request) {
            return answer(client, request);
        },
        this);
    connect(connection, &ControlConnection::dropped, this,
            [this, pid = peer->pid](const QString &reason) {
                refuse(QStringLiteral("dropped the client of pid %1: %2").arg(pid).arg(reason));
            });
    m_connections << connection;
    connection->send(toCbor(hello()));
}

void ControlServer::refuse(const QString &reason)
{
    spdlog::warn("control socket: {}", qUtf8Printable(reason));
    Q_EMIT clientRefused(reason);
}

ControlHello ControlServer::hello() const
{
    return ControlHello{protocol::version, ApplicationInfo::version(),
                        QCoreApplication::applicationPid(), m_options.configPath, m_host.state()};
}

std::optional<ControlReply> ControlServer::answer(ControlConnection &connection,
                                                  const ControlRequest &request) const
{
    if (request.method == QLatin1String("subscribe"))
        return m_streams->subscribe(connection, request);
    const auto method = m_methods.constFind(request.method);
    if (method != m_methods.cend())
        return (*method)(request);
    const auto deferred = m_deferredMethods.constFind(request.method);
    if (deferred != m_deferredMethods.cend()) {
        (*deferred)(request, DeferredReply(connection, request.id));
        return std::nullopt;
    }
    QStringList known = m_methods.keys() + m_deferredMethods.keys();
    known << QStringLiteral("subscribe");
    known.sort();
    return ControlReply::failure(request.id, errorcode::unknownMethod,
                                 QStringLiteral("no method \"%1\" (this host knows: %2)")
                                     .arg(request.method, known.join(QStringLiteral(", "))));
}

ControlReply ControlServer::status(const ControlRequest &request) const
{
    QCborArray services;
    for (const ServiceStatus &status : m_host.statuses())
        services.append(toCbor(status));
    QCborMap result;
    result.insert(QStringLiteral("hostState"), configName(m_host.state()));
    result.insert(QStringLiteral("services"), services);
    return ControlReply::success(request.id, result);
}

} // namespace workhost
