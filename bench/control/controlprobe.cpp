#include "controlprobe.h"

#include <QEventLoop>
#include <QTimer>

namespace bench {

using workhost::ControlClient;
using workhost::ControlReply;

ControlProbe::ControlProbe() = default;
ControlProbe::~ControlProbe() = default;

bool ControlProbe::connectTo(const QString &socketPath, double timeoutSeconds)
{
    QEventLoop loop;
    QTimer::singleShot(static_cast<int>(timeoutSeconds * 1000), &loop, &QEventLoop::quit);
    const auto hello =
        QObject::connect(&m_client, &ControlClient::helloReceived, &loop, &QEventLoop::quit);
    const auto gone =
        QObject::connect(&m_client, &ControlClient::disconnected, &loop, &QEventLoop::quit);
    m_client.connectTo(socketPath);
    if (!m_client.hello())
        loop.exec();
    QObject::disconnect(hello);
    QObject::disconnect(gone);
    return m_client.hello().has_value() && m_client.isConnected();
}

std::optional<ControlReply> ControlProbe::call(const QString &method, const QCborMap &params,
                                               double timeoutSeconds)
{
    std::optional<ControlReply> answer;
    QEventLoop loop;
    QTimer::singleShot(static_cast<int>(timeoutSeconds * 1000), &loop, &QEventLoop::quit);
    qint64 id = 0;
    const auto replied = QObject::connect(&m_client, &ControlClient::replyReceived, &loop,
                                          [&](const ControlReply &reply) {
                                              if (reply.id == id) {
                                                  answer = reply;
                                                  loop.quit();
                                              }
                                          });
    const auto gone =
        QObject::connect(&m_client, &ControlClient::disconnected, &loop, &QEventLoop::quit);
    id = m_client.request(method, params);
    if (id != 0)
        loop.exec();
    QObject::disconnect(replied);
    QObject::disconnect(gone);
    return answer;
}

} // namespace bench
