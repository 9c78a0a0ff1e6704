#include "app/ctlexec.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <unistd.h>

namespace {

constexpr const char *clientName = "workhost-ctl";
constexpr int notFoundStatus = 127;

// The directory of this executable, or empty when /proc cannot say.
std::string ownDirectory()
{
    char path[PATH_MAX];
    const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0)
        return {};
    const std::string self(path, size_t(length));
    const size_t slash = self.rfind('/');
    return slash == std::string::npos ? std::string() : self.substr(0, slash);
}

} // namespace

void execControlClientIfAsked(int argc, char *argv[])
{
    if (argc < 2 || std::strcmp(argv[1], "ctl") != 0)
        return;
    // workhost-ctl's own argv: its name, then everything after "ctl".
    argv[1] = const_cast<char *>(clientName);
    const std::string directory = ownDirectory();
    const std::string beside = directory + '/' + clientName;
    int besideError = ENOENT;
    if (!directory.empty()) {
        ::execv(beside.c_str(), argv + 1);
        besideError = errno;
    }
    ::execvp(clientName, argv + 1);
    const int pathError = errno;
    std::fprintf(stderr,
                 "workhost: ctl: cannot run %s (beside this executable, %s: %s; on PATH: %s); "
                 "is the package complete?\n",
                 clientName, beside.c_str(), std::strerror(besideError), std::strerror(pathError));
    std::exit(notFoundStatus);
}
