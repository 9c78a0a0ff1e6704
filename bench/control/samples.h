#pragma once

// Timings of one kind, for medians and percentiles (nearest rank). A value;
// one thread.

#include <algorithm>
#include <cmath>
#include <vector>

namespace bench {

class Samples
{
public:
    void add(double value) { m_values.push_back(value); }
    bool empty() const { return m_values.empty(); }
    size_t size() const { return m_values.size(); }
    // The value at or under which `percent` of the samples lie; 0 when empty.
    double percentile(double percent) const
    {
        if (m_values.empty())
            return 0;
        std::vector<double> sorted = m_values;
        std::sort(sorted.begin(), sorted.end());
        const double rank = std::ceil(percent / 100.0 * static_cast<double>(sorted.size()));
        const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
        return sorted[std::min(index, sorted.size() - 1)];
    }
    double median() const { return percentile(50); }

private:
    std::vector<double> m_values;
};

} // namespace bench
