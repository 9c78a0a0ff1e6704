#pragma once

#include <workhost/logging/sinknotice.h>

#include <QtGlobal>

#include <chrono>
#include <memory>
#include <string_view>
#include <thread>

namespace workhost {

// Writes bytes to a file descriptor (stderr) from its own thread, so that a
// reader that does not read (a paused `| less`, a stuck collector) can stall
// only that thread, never the code that logs.
//
// write() only appends to a queue bounded in bytes: when the queue is full
// the line is dropped and counted, and once the reader has taken what was
// queued after the drop, notices() says how many were lost. A write error
// (EPIPE: the reader is gone; EIO; anything else) stops the writing for good:
// the thread ends, later lines are discarded, and notices() says so once.
//
// Owner: a ConsoleSink. write() may be called from any thread. The writer's
// state is shared with its thread, so that a thread still blocked in write(2)
// when the owner goes can be left behind (detached) without touching freed
// memory; it writes nothing more once it returns from that call.
class ConsoleWriter
{
public:
    explicit ConsoleWriter(int fd, size_t capacityBytes = 1024 * 1024);
    // Drains what is queued as seal() does, then ends the thread (or leaves it
    // behind, detached, when it is blocked in write(2)).
    ~ConsoleWriter();
    ConsoleWriter(const ConsoleWriter &) = delete;
    ConsoleWriter &operator=(const ConsoleWriter &) = delete;

    // Queues `bytes` whole; false when they were dropped (queue full, sealed
    // or closed). `lines`: how many lines they hold, counted when dropped.
    bool write(std::string_view bytes, quint64 lines = 1);

    // Waits at most `patience` for what is queued to be written.
    void drain(std::chrono::milliseconds patience);

    // Accepts nothing more, waits at most `patience` for what is queued to be
    // written, then lets the thread write nothing more (a write(2) already
    // blocked stays blocked: its bytes were queued before the seal). For the
    // exits that leave without returning; irreversible.
    void seal(std::chrono::milliseconds patience = std::chrono::seconds(1));

    // Lines dropped since the previous call, once the reader has caught up
    // with them (or at once with `includePending`: the last report before an
    // exit), and the end of writing after an error, once.
    SinkNotices notices(bool includePending = false);

    quint64 droppedTotal() const;
    bool isClosed() const; // a write error ended the writing

private:
    struct State;
    static void run(const std::shared_ptr<State> &state);

    std::shared_ptr<State> m_state;
    std::thread m_thread;
};

} // namespace workhost
