#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <deque>

namespace workhost {

// The newest events of one stream (docs/PROTOCOL.md, "Streams"), each kept as
// the frame every subscriber is sent, numbered 1, 2, 3 ... in the order they
// were appended. Bounded in events and in bytes: the oldest go first. A
// subscriber that fell behind further than the backlog reaches is told how
// many it missed (oldest() says where what is kept starts).
//
// Owner: its stream, on the host's thread. Nothing crosses threads.
class EventBacklog
{
public:
    EventBacklog(size_t maxEvents, size_t maxBytes);

    // Keeps `frame` as the next event; returns its seq. A frame larger than
    // the byte bound is not kept (the seq still counts: it is missed).
    quint64 append(QByteArray frame);
    // Numbers the next `count` events without keeping them (a source that
    // catches up with more than the backlog holds need not encode those it
    // would let go at once): they, and everything kept before, are missed.
    void skip(quint64 count);
    // The seq the next append() gets.
    quint64 nextSeq() const { return m_nextSeq; }
    // The newest seq appended (0: none yet).
    quint64 newest() const { return m_nextSeq - 1; }
    // The oldest seq still kept (newest() + 1 when none is).
    quint64 oldest() const { return m_nextSeq - m_frames.size(); }
    // The frame of `seq`, or nullptr when it is not kept.
    const QByteArray *frame(quint64 seq) const;
    size_t bytes() const { return m_bytes; }
    size_t maxEvents() const { return m_maxEvents; }

private:
    const size_t m_maxEvents;
    const size_t m_maxBytes;
    std::deque<QByteArray> m_frames; // seqs oldest() .. newest()
    size_t m_bytes = 0;
    quint64 m_nextSeq = 1;
};

} // namespace workhost
