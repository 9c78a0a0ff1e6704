#pragma once

#include <QString>

namespace workhost::ctl {

// workhost-ctl's standard output: whole lines, flushed as they are written
// (a follower of `logs -f` sees each at once), and a reader that went away
// (`| head`: EPIPE, SIGPIPE being ignored) noticed, so that the command
// stops quietly instead of writing into nothing.
//
// Owner: main(), for the run; the main thread only.
class Output
{
public:
    // Writes `line` and a newline; false once the reader has gone.
    static bool line(const QString &line);
    static bool readerGone() { return s_readerGone; }
    // Whether stdout is a terminal (colours, widths).
    static bool isTerminal();

private:
    static inline bool s_readerGone = false;
};

} // namespace workhost::ctl
