#pragma once

// The control tests' shared pieces: a running Host with two services and its
// ControlServer in a fresh runtime directory, a reply awaited by id, and a raw
// socket connected to a server (a client that reads only when the test says).

#include "support/testservices.h"

#include <workhost/control/controlclient.h>
#include <workhost/control/controlserver.h>
#include <workhost/control/runtimedirectory.h>
#include <workhost/hosting/host.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <memory>
#include <optional>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace workhost::test {

constexpr int controlWaitMs = 30000; // generous: a loaded machine under a sanitizer

struct ControlFixture
{
    explicit ControlFixture(ControlServerOptions options = {})
        : directory(RuntimeDirectory::prepare(temp.filePath("workhost")))
        , configPath(temp.filePath("workhost.json"))
        , socketPath(directory.socketPath(configPath))
        , host(HostOptions{.shutdownTimeout = std::chrono::seconds(10)})
    {
        for (const char *name : {"alpha", "beta"})
            host.addService(std::make_unique<ScriptedWorker>(QString::fromLatin1(name),
                                                             Behaviour::WaitForStop));
        options.configPath = configPath;
        server = std::make_unique<ControlServer>(host, options);
    }
    ~ControlFixture()
    {
        server.reset();
        host.stop();
        if (!QTest::qWaitFor([&] { return host.state() == HostState::Stopped; }, controlWaitMs))
            qWarning("the host did not stop");
    }
    bool start()
    {
        host.start();
        return server->listen(socketPath) &&
               QTest::qWaitFor([&] { return host.state() == HostState::Running; }, controlWaitMs);
    }

    QTemporaryDir temp;
    const RuntimeDirectory directory;
    const QString configPath;
    const QString socketPath;
    Host host;
    std::unique_ptr<ControlServer> server;
};

// The reply to request `id`, or a failure with code "test" when none came.
inline ControlReply awaitReply(ControlClient &client, qint64 id)
{
    QSignalSpy replies(&client, &ControlClient::replyReceived);
    std::optional<ControlReply> found;
    const auto arrived = [&] {
        for (const QList<QVariant> &args : std::as_const(replies))
            if (args.at(0).value<ControlReply>().id == id)
                found = args.at(0).value<ControlReply>();
        return found.has_value();
    };
    if (!QTest::qWaitFor(arrived, controlWaitMs))
        return ControlReply::failure(id, QStringLiteral("test"), QStringLiteral("no reply came"));
    return *found;
}

// A raw blocking socket connected to `path`, or -1.
inline int rawConnect(const QString &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    const QByteArray native = QFile::encodeName(path);
    std::memcpy(address.sun_path, native.constData(), size_t(native.size()));
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace workhost::test
