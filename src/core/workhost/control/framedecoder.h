#pragma once

#include <workhost/control/framing.h>

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace workhost {

// Splits a byte stream into the control channel's messages (framing.h),
// whatever the chunks it arrives in: half a frame waits for the rest, two in
// one chunk come out one after the other.
//
//   decoder.feed(socket.read(64 * 1024));
//   for (DecodedFrame f = decoder.next(); !f.needsMore(); f = decoder.next())
//       ... f.message, or f.error (fatal ones end the stream) ...
//
// Errors are values, with the stream offset where they are. A frame whose
// content is bad (empty, not CBOR, not a map) is skipped and reading goes on;
// a declared length above the limit is reported as soon as its 4 bytes are in,
// before anything of it is buffered, and from then on next() repeats that error
// and feed() ignores its input. Memory held: the unread bytes fed, which a
// caller that drains next() after each feed() keeps under one frame plus one chunk.
//
// Owner: the connection that reads the stream; one thread at a time (no Qt object).
class FrameDecoder
{
public:
    explicit FrameDecoder(qsizetype maxFrameBytes = framing::maxFrameBytes);

    void feed(QByteArrayView chunk);
    DecodedFrame next();
    // At the end of the stream: a Truncated error if it ended inside a frame.
    std::optional<FrameError> finish() const;

    qsizetype bufferedBytes() const { return m_buffer.size() - m_start; }
    bool hasFailed() const { return m_fatal.has_value(); }

private:
    DecodedFrame parse(const QByteArray &payload, qint64 payloadOffset) const;
    void consume(qsizetype bytes);
    qint64 streamOffset() const { return m_bufferOffset + m_start; }

    qsizetype m_maxFrameBytes;
    QByteArray m_buffer;
    qsizetype m_start = 0;     // the first unread byte of m_buffer
    qint64 m_bufferOffset = 0; // the stream offset of m_buffer[0]
    std::optional<FrameError> m_fatal;
};

} // namespace workhost
