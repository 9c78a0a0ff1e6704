#include "workers/primecounterworker.h"

#include <QElapsedTimer>

#include <spdlog/spdlog.h>

#include <cmath>

namespace workhost {

PrimeCounterWorker::PrimeCounterWorker(QString name, qint64 limit, qint64 chunk)
    : BackgroundWorker(std::move(name))
    , m_limit(limit)
    , m_chunk(chunk)
{
    setItemsUnit(ItemsUnit::named(QStringLiteral("numbers")));
}

WorkerType PrimeCounterWorker::type()
{
    return {"prime-counter",
            "Counts primes below a limit in chunks: CPU-heavy, yet stops at once when asked.",
            {
                SettingSpec::integer("limit").between(2.0, 1e12).withDefault(200000000).describedAs(
                    "count the primes below this"),
                SettingSpec::integer("chunk")
                    .between(1000.0, 1e9)
                    .withDefault(1000000)
                    .describedAs("numbers sieved per step"),
            },
            [](const QString &name, const QVariantMap &settings) {
                return std::make_unique<PrimeCounterWorker>(name,
                                                            settings.value("limit").toLongLong(),
                                                            settings.value("chunk").toLongLong());
            },
            {}};
}

std::vector<qint64> PrimeCounterWorker::primesBelow(qint64 limit)
{
    std::vector<char> composite(static_cast<size_t>(std::max<qint64>(limit, 2)), 0);
    std::vector<qint64> primes;
    for (qint64 n = 2; n < limit; ++n) {
        if (composite[size_t(n)])
            continue;
        primes.push_back(n);
        for (qint64 m = n * n; m < limit; m += n)
            composite[size_t(m)] = 1;
    }
    return primes;
}

qint64 PrimeCounterWorker::countInRange(qint64 from, qint64 to,
                                        const std::vector<qint64> &basePrimes)
{
    from = std::max<qint64>(from, 2);
    if (to <= from)
        return 0;
    std::vector<char> composite(size_t(to - from), 0);
    for (const qint64 p : basePrimes) {
        if (p * p >= to)
            break;
        for (qint64 m = std::max(p * p, (from + p - 1) / p * p); m < to; m += p)
            composite[size_t(m - from)] = 1;
    }
    return std::count(composite.cbegin(), composite.cend(), 0);
}

void PrimeCounterWorker::execute(StopToken token)
{
    QElapsedTimer clock;
    clock.start();
    const std::vector<qint64> base =
        primesBelow(static_cast<qint64>(std::sqrt(double(m_limit))) + 2);
    qint64 count = 0;
    for (qint64 from = 0; from < m_limit; from += m_chunk) {
        if (token.stopRequested()) {
            log().info("stopped at {} of {} ({} primes so far)", from, m_limit, count);
            return;
        }
        const qint64 to = std::min(m_limit, from + m_chunk);
        count += countInRange(from, to, base);
        addItemsDone(to - from);
        setProgress(static_cast<int>(to * 100 / m_limit),
                    QStringLiteral("%1 primes below %2").arg(count).arg(to));
    }
    log().info("{} primes below {} ({} ms)", count, m_limit, clock.elapsed());
    setNote(QStringLiteral("%1 primes below %2").arg(count).arg(m_limit));
}

} // namespace workhost
