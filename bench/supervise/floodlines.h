#pragma once

// The lines bench_child's flood mode prints, and what a manager's log files
// kept of them. A line's text is exactly "bench cIII nSSSSSSSSSS " padded with
// '.' to 78 bytes, then '|' (79 bytes; 80 with its newline).

#include "manager.h"

#include <QByteArray>
#include <QFile>

#include <memory>
#include <set>
#include <vector>

namespace bench {

QByteArray floodLineHead(int child, long long seq);
QString floodProgramName(int child);

struct LineCounts
{
    long long expected = 0;
    long long kept = 0;          // distinct whole lines found
    long long lost = 0;          // expected, never found whole
    long long reordered = 0;     // found after a line that was printed later
    long long cut = 0;           // a flood line's start, not whole
    long long duplicated = 0;    // found again
    long long misattributed = 0; // in the log of (or named for) another program
};

// Reads every log file whole; `perChild` lines were printed by each of `children` programs.
LineCounts countLines(const Manager &manager, const std::vector<Program> &programs, int children,
                      long long perChild);

// Follows the log files as they grow, until each child's last line is in them.
// Reads only what was appended since the last call.
class FinalLineWatch
{
public:
    FinalLineWatch(std::vector<LogFile> files, int children, long long perChild);
    ~FinalLineWatch();
    FinalLineWatch(const FinalLineWatch &) = delete;
    FinalLineWatch &operator=(const FinalLineWatch &) = delete;
    bool allSeen(); // reads what is new; true once every last line was found
    // When the files last grew (monotonicSeconds()): a manager that loses a
    // program's last lines never shows them, so the bench stops waiting once
    // the programs are done and the files have been quiet for a while.
    double lastGrowth() const { return m_lastGrowth; }

private:
    struct Followed
    {
        int fd = -1;
        char tail[64]; // the end of what was read: a needle may straddle two reads
        size_t tailSize = 0;
    };
    std::vector<LogFile> m_files;
    std::vector<Followed> m_followed;
    QByteArray m_lastSeq; // the last line's sequence number, as printed
    std::vector<char> m_buffer;
    std::set<int> m_waiting; // the children whose last line was not seen yet
    double m_lastGrowth = 0;
};

} // namespace bench
