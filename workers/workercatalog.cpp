#include "workers/workercatalog.h"

#include <algorithm>

namespace workhost {

void WorkerCatalog::add(Entry entry)
{
    Q_ASSERT_X(!contains(entry.type), "WorkerCatalog::add", "worker type names must be unique");
    m_entries.append(std::move(entry));
}

bool WorkerCatalog::contains(const QString &type) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
                       [&](const Entry &entry) { return entry.type == type; });
}

} // namespace workhost
