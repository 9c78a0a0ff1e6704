#include <workhost/hosting/service.h>

#include <workhost/hosting/detail/hostlink.h>

#include <exception>

namespace workhost {

Service::Service(QString name, ServiceKind kind)
    : m_name(std::move(name))
    , m_kind(kind)
    , m_logger(m_name)
{
    Q_ASSERT_X(!m_name.isEmpty(), "Service", "a service needs a name");
}

Service::~Service() = default;

Service::Counters Service::counters() const
{
    std::lock_guard lock(m_countersMutex);
    return m_counters;
}

void Service::setProgress(int percent, const QString &text)
{
    {
        std::lock_guard lock(m_countersMutex);
        m_counters.progress = std::clamp(percent, 0, 100);
        m_counters.progressText = text;
    }
    countersChanged();
}

void Service::clearProgress()
{
    {
        std::lock_guard lock(m_countersMutex);
        m_counters.progress = -1;
        m_counters.progressText.clear();
    }
    countersChanged();
}

void Service::addItemsDone(qint64 count)
{
    {
        std::lock_guard lock(m_countersMutex);
        m_counters.itemsDone += count;
    }
    countersChanged();
}

void Service::setNote(const QString &note)
{
    {
        std::lock_guard lock(m_countersMutex);
        m_counters.note = note;
    }
    countersChanged();
}

void Service::setExitCode(int code)
{
    {
        std::lock_guard lock(m_countersMutex);
        m_counters.exitCode = code;
    }
    countersChanged();
}

void Service::requestHostStop()
{
    if (m_link)
        m_link->requestHostStop();
}

void Service::attach(std::shared_ptr<HostLink> link)
{
    m_link = std::move(link);
}

void Service::countersChanged()
{
    m_countersChanged = true;
    if (m_link)
        m_link->requestStatus();
}

Service::RunResult Service::guarded(const std::function<void()> &body,
                                    const StopToken &cancellation)
{
    QString error;
    try {
        body();
        return {};
    } catch (const std::exception &exception) {
        error = QString::fromLocal8Bit(exception.what());
    } catch (...) {
        error = QStringLiteral("an exception not derived from std::exception");
    }
    // Read after the throw: a stop requested while the exception unwound counts too.
    const RunOutcome outcome =
        cancellation.stopRequested() ? RunOutcome::Cancelled : RunOutcome::Faulted;
    return {outcome, error, false};
}

} // namespace workhost
