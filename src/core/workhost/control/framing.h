#pragma once

#include <QCborMap>
#include <QString>
#include <QtGlobal>

namespace workhost {

// The control channel's framing: each message is a 4-byte big-endian length
// followed by that many bytes of CBOR holding one map (docs/PROTOCOL.md).
// The value types here cross threads freely.
namespace framing {
constexpr qsizetype headerBytes = 4;
// No frame is longer: a larger declared length is an error before any byte
// of it is buffered, so a peer cannot make the other side allocate more.
constexpr qsizetype maxFrameBytes = qsizetype(1) << 20; // 1 MiB of CBOR
} // namespace framing

// What was wrong with the bytes, and where: `offset` counts bytes from the
// start of the stream (the first byte fed to the decoder is 0).
struct FrameError
{
    enum class Kind {
        TooLarge,  // a declared length above the limit: the stream cannot go on
        Truncated, // the stream ended inside a frame: it cannot go on
        Empty,     // a frame of length 0 (skipped; the next frame is read)
        BadCbor,   // the frame's bytes are not one well-formed CBOR item (skipped)
        NotAMap    // well-formed, but its top level is not a map (skipped)
    };

    Kind kind = Kind::BadCbor;
    qint64 offset = 0;
    QString message; // for a person: what, without the offset

    // After a fatal error the decoder is out of step with the stream for good.
    bool isFatal() const { return kind == Kind::TooLarge || kind == Kind::Truncated; }
    QString toString() const { return QStringLiteral("byte %1: %2").arg(offset).arg(message); }
};

// One result of FrameDecoder::next(): a message, an error, or "feed me more".
struct DecodedFrame
{
    enum class Kind { NeedMore, Message, Error };

    Kind kind = Kind::NeedMore;
    QCborMap message; // with Message
    FrameError error; // with Error

    bool isMessage() const { return kind == Kind::Message; }
    bool isError() const { return kind == Kind::Error; }
    bool needsMore() const { return kind == Kind::NeedMore; }
};

} // namespace workhost
