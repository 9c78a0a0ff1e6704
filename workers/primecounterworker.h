#pragma once

#include <workhost/config/workerregistry.h>
#include <workhost/hosting/backgroundworker.h>

namespace workhost {

// CPU-bound: counts the primes below `limit` with a segmented sieve, one
// chunk at a time, with progress; checks its stop token between chunks, so
// even a long count stops promptly. Completes when done.
class PrimeCounterWorker : public BackgroundWorker
{
public:
    PrimeCounterWorker(QString name, qint64 limit, qint64 chunk);
    static WorkerType type();

    // Primes in [from, to), with `basePrimes` holding every prime up to sqrt(to).
    static qint64 countInRange(qint64 from, qint64 to, const std::vector<qint64> &basePrimes);
    static std::vector<qint64> primesBelow(qint64 limit);

protected:
    void execute(StopToken token) override;

private:
    const qint64 m_limit;
    const qint64 m_chunk;
};

} // namespace workhost
