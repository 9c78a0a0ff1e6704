#pragma once

#include <QList>
#include <QString>

namespace workhost {

// The catalog of worker types that a configuration or the window can name.
// A plain value holder filled at start-up on the owner thread; read-only after.
class WorkerCatalog
{
public:
    struct Entry
    {
        QString type;        // the name configurations use, e.g. "heartbeat"
        QString description; // one line for the window's "add worker" form
    };

    void add(Entry entry);
    bool contains(const QString &type) const;
    QList<Entry> entries() const { return m_entries; }

private:
    QList<Entry> m_entries;
};

} // namespace workhost
