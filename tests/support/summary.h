#pragma once

// The "SUMMARY ..." line a stress scenario prints with what it measured, so
// that a run's figures can be read from its output (docs/RELIABILITY.md
// quotes them). Flushed at once: a scenario that fails or times out after it
// still shows it.

#include <QString>

#include <cstdio>

namespace workhost::test {

inline void summary(const QString &line)
{
    std::printf("SUMMARY %s\n", qUtf8Printable(line));
    std::fflush(stdout);
}

} // namespace workhost::test
