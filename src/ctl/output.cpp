#include "ctl/output.h"

#include <cerrno>
#include <cstdio>

#include <unistd.h>

namespace workhost::ctl {

bool Output::line(const QString &line)
{
    if (s_readerGone)
        return false;
    const QByteArray bytes = line.toUtf8() + '\n';
    errno = 0;
    if (std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout) != size_t(bytes.size()) ||
        std::fflush(stdout) != 0) {
        s_readerGone = true; // EPIPE, or a closed descriptor: nobody reads on
        return false;
    }
    return true;
}

bool Output::isTerminal()
{
    return ::isatty(STDOUT_FILENO) == 1;
}

} // namespace workhost::ctl
