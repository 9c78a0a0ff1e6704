#pragma once

// Plays systemd's part of sd_notify for a test: a datagram socket bound to a
// path (or an abstract name, written "@name") that keeps every message sent
// to it, in order. NOTIFY_SOCKET=address() points a notifier at it.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTest>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace workhost::test {

class NotifyListener
{
public:
    explicit NotifyListener(const QString &address)
        : m_address(address)
    {
        const QByteArray name = address.toLocal8Bit();
        sockaddr_un socketAddress = {};
        socketAddress.sun_family = AF_UNIX;
        if (name.size() >= qsizetype(sizeof(socketAddress.sun_path)))
            qFatal("NotifyListener: address too long: %s", name.constData());
        std::memcpy(socketAddress.sun_path, name.constData(), static_cast<size_t>(name.size()));
        const bool abstract = name.startsWith('@');
        if (abstract)
            socketAddress.sun_path[0] = '\0';
        const auto length =
            static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) +
                                   static_cast<size_t>(name.size()) + (abstract ? 0 : 1));
        m_socket = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (m_socket < 0 ||
            ::bind(m_socket, reinterpret_cast<const sockaddr *>(&socketAddress), length) != 0)
            qFatal("NotifyListener: cannot bind %s: %s", name.constData(), std::strerror(errno));
    }
    ~NotifyListener() { ::close(m_socket); }
    NotifyListener(const NotifyListener &) = delete;
    NotifyListener &operator=(const NotifyListener &) = delete;

    QString address() const { return m_address; }

    // Every message received so far (reads what is waiting first).
    const QList<QByteArray> &messages()
    {
        char buffer[4096];
        for (;;) {
            const ssize_t size = ::recv(m_socket, buffer, sizeof buffer, 0);
            if (size < 0)
                break;
            m_messages << QByteArray(buffer, size);
        }
        return m_messages;
    }
    // How many messages so far contain `part` ("READY=1", "STATUS=running").
    qsizetype count(const QByteArray &part)
    {
        qsizetype found = 0;
        for (const QByteArray &message : messages())
            found += message.contains(part);
        return found;
    }
    // The first message containing `part`, or an empty one.
    QByteArray first(const QByteArray &part)
    {
        for (const QByteArray &message : messages()) {
            if (message.contains(part))
                return message;
        }
        return {};
    }
    // Waits (processing events) until `count` messages contain `part`.
    bool waitFor(const QByteArray &part, qsizetype wanted = 1, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([&] { return count(part) >= wanted; }, timeoutMs);
    }
    // Where each message containing `part` is in the order received.
    qsizetype indexOf(const QByteArray &part)
    {
        const QList<QByteArray> &all = messages();
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (all[i].contains(part))
                return i;
        }
        return -1;
    }

private:
    QString m_address;
    int m_socket = -1;
    QList<QByteArray> m_messages;
};

} // namespace workhost::test
