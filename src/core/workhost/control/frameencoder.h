#pragma once

#include <workhost/control/framing.h>

#include <QByteArray>
#include <QCborMap>

namespace workhost {

// One message as a frame (framing.h): the 4-byte big-endian length, then the
// map's CBOR. Empty when the CBOR would exceed `maxFrameBytes` (a frame is
// never empty otherwise): the sender says so instead of sending what the
// receiver must refuse. Any thread.
QByteArray encodeFrame(const QCborMap &message, qsizetype maxFrameBytes = framing::maxFrameBytes);

} // namespace workhost
