#pragma once

// A service that floods the log with numbered lines, "flood line 1",
// "flood line 2", ..., numbered across all its runs, and knows exactly how
// many it has written: the worker-side count that the chaos scenario checks
// against the live sink and the log file.
//
// Owner: the host (as every service). produced() from any thread.

#include <workhost/hosting/backgroundworker.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>

namespace workhost::test {

class ChaosFlood : public BackgroundWorker
{
public:
    static constexpr const char *linePrefix = "flood line ";

    // Writes `burst` lines, then waits `pause` (or less, if asked to stop).
    ChaosFlood(QString name, int burst, std::chrono::milliseconds pause)
        : BackgroundWorker(std::move(name))
        , m_burst(burst)
        , m_pause(pause)
    {}

    // Lines written so far, every run added up. Final once no run is going.
    qint64 produced() const { return m_produced.load(); }
    int runs() const { return m_runs.load(); }

protected:
    void execute(StopToken token) override
    {
        ++m_runs;
        do {
            for (int i = 0; i < m_burst; ++i) {
                // Counted once logged: the line is in every sink when info() returns.
                const qint64 number = m_produced.load() + 1;
                log().info("{}{}", linePrefix, number);
                m_produced.store(number);
            }
            addItemsDone(m_burst);
        } while (token.sleepFor(m_pause));
    }

private:
    const int m_burst;
    const std::chrono::milliseconds m_pause;
    std::atomic<qint64> m_produced = 0; // written by the one running thread only
    std::atomic<int> m_runs = 0;
};

} // namespace workhost::test
