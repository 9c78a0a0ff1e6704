#pragma once

// Checks what a LogFeed delivers from the live sink, batch by batch: the
// sink numbers every record 1, 2, 3 ... and drops the oldest when full, so
// each batch must start right after the last record delivered plus the
// records it says were dropped, and run on without a gap. It also follows
// the numbered lines of the flood services ("flood line N"): per service,
// the numbers delivered only ever increase.
// Memory stays flat: counts and last numbers only.
//
// Owner: the test; lives on the feed's thread (it connects to the feed).

#include "support/chaosflood.h"
#include <workhost/logging/logfeed.h>

#include <QHash>
#include <QStringList>

namespace workhost::test {

class ChaosLiveLog
{
public:
    ChaosLiveLog(LogFeed &feed, const QStringList &floods)
    {
        for (const QString &flood : floods)
            m_floods.insert(flood, {});
        QObject::connect(&feed, &LogFeed::batchReady, &feed,
                         [this](const LogRecords &records, quint64 droppedBefore) {
                             onBatch(records, droppedBefore);
                         });
    }

    quint64 delivered() const { return m_delivered; }
    quint64 dropped() const { return m_dropped; }
    quint64 lastSequence() const { return m_lastSequence; }
    quint64 batches() const { return m_batches; }
    // Flood lines of `flood` that reached the window.
    qint64 floodDelivered(const QString &flood) const { return m_floods.value(flood).delivered; }
    QStringList problems() const { return m_problems; }

private:
    struct Flood
    {
        qint64 delivered = 0;
        qint64 lastNumber = 0;
    };

    void onBatch(const LogRecords &records, quint64 droppedBefore)
    {
        ++m_batches;
        m_dropped += droppedBefore;
        m_delivered += records.size();
        quint64 expected = m_lastSequence + 1 + droppedBefore;
        for (const LogRecord &record : records) {
            if (record.sequence != expected)
                problem(QStringLiteral("record %1 delivered where %2 was due (%3 dropped before "
                                       "this batch)")
                            .arg(record.sequence)
                            .arg(expected)
                            .arg(droppedBefore));
            expected = record.sequence + 1;
            const auto flood = m_floods.find(record.service);
            if (flood != m_floods.end())
                onFloodLine(record, *flood);
        }
        if (!records.empty())
            m_lastSequence = records.back().sequence;
        else if (droppedBefore > 0)
            problem(QStringLiteral("%1 dropped, yet nothing delivered").arg(droppedBefore));
    }

    void onFloodLine(const LogRecord &record, Flood &flood)
    {
        const QString prefix = QString::fromLatin1(ChaosFlood::linePrefix);
        if (!record.message.startsWith(prefix))
            return; // the host's own events about the service
        const qint64 number = record.message.mid(prefix.size()).toLongLong();
        if (number <= flood.lastNumber)
            problem(QStringLiteral("%1: line %2 delivered after line %3")
                        .arg(record.service)
                        .arg(number)
                        .arg(flood.lastNumber));
        flood.lastNumber = number;
        ++flood.delivered;
    }

    void problem(const QString &text)
    {
        if (m_problems.size() < 20)
            m_problems.append(text);
    }

    QHash<QString, Flood> m_floods;
    QStringList m_problems;
    quint64 m_delivered = 0;
    quint64 m_dropped = 0;
    quint64 m_lastSequence = 0;
    quint64 m_batches = 0;
};

} // namespace workhost::test
