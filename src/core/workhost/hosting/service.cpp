#include <workhost/hosting/service.h>

#include <workhost/hosting/detail/hostlink.h>

#include <exception>

namespace workhost {

namespace {

// What setValue() accepts: values that copy as values and read the same
// in the window and in a client's JSON.
bool isPlainValue(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::QString:
        return true;
    default:
        return false;
    }
}

} // namespace

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

void Service::setItemsUnit(const ItemsUnit &unit)
{
    {
        std::lock_guard lock(m_countersMutex);
        m_counters.itemsUnit = unit;
    }
    countersChanged();
}

void Service::setValue(const QString &name, const QVariant &value)
{
    Q_ASSERT_X(isPlainValue(value), "Service::setValue",
               "publish a bool, a number or a text: values cross threads and go to clients");
    {
        std::lock_guard lock(m_countersMutex);
        m_counters.values.insert(name, value);
    }
    countersChanged();
}

void Service::clearValue(const QString &name)
{
    {
        std::lock_guard lock(m_countersMutex);
        if (m_counters.values.remove(name) == 0)
            return;
    }
    countersChanged();
}

void Service::addAction(ServiceAction action, ActionHandler handler)
{
    Q_ASSERT_X(!m_link, "Service::addAction",
               "declare actions in the constructor: other threads read the list unlocked");
    m_actions.push_back({std::move(action), std::move(handler)});
}

QList<ServiceAction> Service::actions() const
{
    QList<ServiceAction> actions;
    for (const DeclaredAction &declared : m_actions)
        actions.append(declared.action);
    return actions;
}

ActionResult Service::runAction(const QString &name, int count)
{
    const auto declared = std::find_if(m_actions.cbegin(), m_actions.cend(),
                                       [&](const auto &each) { return each.action.name == name; });
    if (declared == m_actions.cend())
        return {false, QStringLiteral("%1 has no action \"%2\"").arg(m_name, name)};
    const std::optional<ServiceAction::Count> range = declared->action.count;
    const int argument = range ? std::clamp(count, range->minimum, range->maximum) : 0;
    ActionResult result;
    // The caller's thread runs the handler: an exception must not unwind into its event loop.
    const RunResult run = guarded([&] { result = declared->handler(argument); });
    if (run.outcome == RunOutcome::Faulted)
        return {false, run.error};
    return result;
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
