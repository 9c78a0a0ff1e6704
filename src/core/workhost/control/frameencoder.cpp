#include <workhost/control/frameencoder.h>

#include <QCborValue>
#include <QtEndian>

namespace workhost {

QByteArray encodeFrame(const QCborMap &message, qsizetype maxFrameBytes)
{
    const QByteArray cbor = QCborValue(message).toCbor();
    if (cbor.size() > maxFrameBytes)
        return {};
    QByteArray frame(framing::headerBytes, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(cbor.size()), frame.data());
    frame.append(cbor);
    return frame;
}

} // namespace workhost
