#pragma once

// A worker for the shutdown durability tests: it logs "line #1", "line #2",
// ... through its service logger, one every millisecond, and after each log
// call returns it records the number in a counter the test shares, so the
// test knows the last line written without reading the log.
//
// Owned by its Host; runs on its service thread. The counter is shared
// (std::shared_ptr) so that the test can read it after the host is gone.

#include <workhost/hosting/backgroundworker.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <memory>

namespace workhost::test {

class NumberedLineWorker : public BackgroundWorker
{
public:
    enum class OnStop {
        Return,     // returns at the stop request, as a good service does
        KeepLogging // never returns: the host has to abandon its thread
    };

    NumberedLineWorker(QString name, OnStop onStop,
                       std::shared_ptr<std::atomic<qint64>> lastWritten)
        : BackgroundWorker(std::move(name))
        , m_onStop(onStop)
        , m_lastWritten(std::move(lastWritten))
    {}

protected:
    void execute(StopToken token) override
    {
        // A stuck worker does not listen: it paces itself on a token never stopped.
        const StopToken pace = m_onStop == OnStop::Return ? token : StopToken();
        for (qint64 number = m_lastWritten->load() + 1; pace.sleepFor(std::chrono::milliseconds(1));
             ++number) {
            log().info("line #{}", number);
            m_lastWritten->store(number);
        }
    }

private:
    const OnStop m_onStop;
    const std::shared_ptr<std::atomic<qint64>> m_lastWritten;
};

} // namespace workhost::test
