#include <workhost/control/eventbacklog.h>

namespace workhost {

EventBacklog::EventBacklog(size_t maxEvents, size_t maxBytes)
    : m_maxEvents(qMax<size_t>(maxEvents, 1))
    , m_maxBytes(maxBytes)
{}

quint64 EventBacklog::append(QByteArray frame)
{
    const quint64 seq = m_nextSeq++;
    const size_t size = size_t(frame.size());
    if (size > m_maxBytes) {
        // Too large to keep: everything older goes too, so that what is kept
        // stays one unbroken run of seqs.
        m_frames.clear();
        m_bytes = 0;
        return seq;
    }
    while (!m_frames.empty() && (m_frames.size() >= m_maxEvents || m_bytes + size > m_maxBytes)) {
        m_bytes -= size_t(m_frames.front().size());
        m_frames.pop_front();
    }
    m_bytes += size;
    m_frames.push_back(std::move(frame));
    return seq;
}

void EventBacklog::skip(quint64 count)
{
    if (count == 0)
        return;
    m_nextSeq += count;
    m_frames.clear(); // what is kept stays one unbroken run of seqs
    m_bytes = 0;
}

const QByteArray *EventBacklog::frame(quint64 seq) const
{
    if (seq < oldest() || seq > newest())
        return nullptr;
    return &m_frames[size_t(seq - oldest())];
}

} // namespace workhost
