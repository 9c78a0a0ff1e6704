#include <workhost/logging/consolewriter.h>
#include <workhost/logging/loglevel.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>

#include <poll.h>
#include <unistd.h>

namespace workhost {

struct ConsoleWriter::State
{
    State(int fd, size_t capacity)
        : fd(fd)
        , capacity(capacity)
    {}

    const int fd;
    const size_t capacity;

    std::mutex mutex;                // guards the fields up to closedReason
    std::condition_variable wake;    // the thread: bytes queued, or stop
    std::condition_variable written; // seal(): a batch was written
    std::string queue;
    bool accepting = true; // false once sealed
    bool stopping = false; // the thread ends once the queue is empty
    bool threadWaiting = false;
    bool busy = false;           // the thread is writing a batch, unlocked
    quint64 droppedPending = 0;  // since the batch being written was taken
    quint64 droppedInFlight = 0; // before it: reported once it is written
    quint64 droppedReady = 0;    // the reader has caught up with these
    std::string closedReason;    // set once a write error ended the writing
    bool closedReported = false;

    std::atomic<bool> halted = false; // write nothing more, even mid-batch
    std::atomic<bool> closed = false;
    std::atomic<quint64> droppedTotal = 0;
};

namespace {

// Writes all of `bytes`; 0, or the errno that ended the writing. Stops early,
// with 0, when the writer was halted between two write(2) calls.
int writeAll(int fd, const std::string &bytes, const std::atomic<bool> &halted)
{
    size_t done = 0;
    while (done < bytes.size() && !halted.load()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += size_t(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // Someone made the descriptor non-blocking: wait for room, but
            // look at `halted` now and then.
            pollfd room{fd, POLLOUT, 0};
            ::poll(&room, 1, 100);
        } else {
            return n < 0 ? errno : EIO;
        }
    }
    return 0;
}

} // namespace

ConsoleWriter::ConsoleWriter(int fd, size_t capacityBytes)
    : m_state(std::make_shared<State>(fd, capacityBytes))
    , m_thread([state = m_state] { run(state); })
{}

ConsoleWriter::~ConsoleWriter()
{
    seal();
    bool blocked = false;
    {
        std::lock_guard lock(m_state->mutex);
        m_state->stopping = true;
        blocked = m_state->busy; // in write(2): it may never return
    }
    m_state->wake.notify_one();
    if (blocked)
        m_thread.detach(); // it owns a share of the state and writes nothing more
    else
        m_thread.join();
}

bool ConsoleWriter::write(std::string_view bytes, quint64 lines)
{
    State &s = *m_state;
    std::lock_guard lock(s.mutex);
    if (!s.accepting || s.closed.load())
        return false;
    if (s.queue.size() + bytes.size() > s.capacity) {
        s.droppedPending += lines;
        s.droppedTotal += lines;
        return false;
    }
    s.queue.append(bytes);
    if (s.threadWaiting) // one wake-up per batch, not one per line
        s.wake.notify_one();
    return true;
}

void ConsoleWriter::run(const std::shared_ptr<State> &state)
{
    State &s = *state;
    std::string batch;
    std::unique_lock lock(s.mutex);
    for (;;) {
        s.threadWaiting = true;
        s.wake.wait(lock, [&] { return !s.queue.empty() || s.stopping; });
        s.threadWaiting = false;
        if (s.queue.empty() || s.halted.load())
            break;
        batch.clear();
        batch.swap(s.queue);
        s.droppedInFlight = s.droppedPending;
        s.droppedPending = 0;
        s.busy = true;
        lock.unlock();
        const int error = writeAll(s.fd, batch, s.halted);
        lock.lock();
        s.busy = false;
        if (error) {
            s.closedReason = std::strerror(error);
            s.closed = true;
            s.queue = std::string(); // nothing more will be written: free it
            s.written.notify_all();
            break;
        }
        s.droppedReady += s.droppedInFlight;
        s.droppedInFlight = 0;
        s.written.notify_all();
    }
}

void ConsoleWriter::drain(std::chrono::milliseconds patience)
{
    State &s = *m_state;
    std::unique_lock lock(s.mutex);
    s.written.wait_for(lock, patience, [&] {
        return (s.queue.empty() && !s.busy) || s.closed.load() || s.halted.load();
    });
}

void ConsoleWriter::seal(std::chrono::milliseconds patience)
{
    State &s = *m_state;
    std::unique_lock lock(s.mutex);
    s.accepting = false;
    if (s.halted.load())
        return; // sealed before
    s.written.wait_for(lock, patience,
                       [&] { return (s.queue.empty() && !s.busy) || s.closed.load(); });
    s.halted = true;
}

SinkNotices ConsoleWriter::notices(bool includePending)
{
    State &s = *m_state;
    SinkNotices notices;
    std::lock_guard lock(s.mutex);
    quint64 dropped = s.droppedReady;
    s.droppedReady = 0;
    if (includePending) {
        dropped += s.droppedInFlight + s.droppedPending;
        s.droppedInFlight = s.droppedPending = 0;
    }
    if (dropped > 0) {
        notices.push_back({LogLevel::Warning, std::to_string(dropped) +
                                                  " lines not written to stderr: it was not "
                                                  "being read"});
    }
    if (s.closed.load() && !s.closedReported) {
        s.closedReported = true;
        notices.push_back({LogLevel::Warning, "stderr cannot be written (" + s.closedReason +
                                                  "): no more lines go to stderr"});
    }
    return notices;
}

quint64 ConsoleWriter::droppedTotal() const
{
    return m_state->droppedTotal.load();
}

bool ConsoleWriter::isClosed() const
{
    return m_state->closed.load();
}

} // namespace workhost
