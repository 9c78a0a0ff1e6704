#pragma once

#include <QMetaType>
#include <QString>

namespace workhost {

// What a service's items counter (Service::addItemsDone) counts, so that a
// rate reads "12.3 files/s" or "4.1 MB/s" rather than a bare "/s". A value
// type: the service declares it (Service::setItemsUnit, usually in its
// constructor) and it travels in ServiceStatus::itemsUnit to any thread.
//
//     setItemsUnit(ItemsUnit::files());
//     setItemsUnit(ItemsUnit::named(QStringLiteral("requests")));
class ItemsUnit
{
public:
    ItemsUnit() = default; // items

    static ItemsUnit items() { return {}; }
    static ItemsUnit lines() { return named(QStringLiteral("lines")); }
    static ItemsUnit files() { return named(QStringLiteral("files")); }
    static ItemsUnit jobs() { return named(QStringLiteral("jobs")); }
    // A byte count: its rate is scaled (B/s, KB/s, MB/s, GB/s, TB/s; 1 KB = 1000 B).
    static ItemsUnit bytes() { return ItemsUnit(QStringLiteral("bytes"), true); }
    // Any other countable thing, as a plural in lower case: "requests".
    static ItemsUnit named(QString plural) { return ItemsUnit(std::move(plural), false); }

    QString name() const { return m_name; } // "files", "bytes"
    bool isBytes() const { return m_bytes; }

    friend bool operator==(const ItemsUnit &, const ItemsUnit &) = default;

private:
    ItemsUnit(QString name, bool bytes)
        : m_name(std::move(name))
        , m_bytes(bytes)
    {}

    QString m_name = QStringLiteral("items");
    bool m_bytes = false;
};

// A rate of `unit` for people: "1.5 files/s", "150 lines/s", "12.3k jobs/s",
// "2.0M items/s"; bytes scaled: "512 B/s", "4.1 KB/s", "230 MB/s". The one
// place rates are worded (the window's Rate column, a control client).
QString rateText(double perSecond, const ItemsUnit &unit);

} // namespace workhost

Q_DECLARE_METATYPE(workhost::ItemsUnit)
