// libFuzzer target: any bytes into ConfigLoader::parse, with the standard
// worker types. A file is either accepted, or rejected with at least one error
// that says something; every message stays short enough to read. Anything else
// aborts, so that libFuzzer reports the input (as it does any crash, hang or leak).
// Run by .ci/fuzz; the seeds are in corpus/, the tokens in configloader.dict.

#include "workers/standardworkers.h"
#include <workhost/config/configloader.h>
#include <workhost/config/workerregistry.h>

#include <QSet>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace workhost;

namespace {

// A message names one problem; a value quoted in it is shortened.
constexpr qsizetype maxMessageLength = 1000;

const WorkerRegistry &standardRegistry()
{
    static const WorkerRegistry registry = [] {
        WorkerRegistry r;
        registerStandardWorkers(r);
        return r;
    }();
    return registry;
}

[[noreturn]] void fail(const char *what, const ConfigIssue *issue = nullptr)
{
    std::fprintf(stderr, "fuzz_configloader: %s%s%s\n", what, issue ? ": " : "",
                 issue ? qPrintable(issue->toString().left(2000)) : "");
    std::abort();
}

void checkResult(const ConfigLoader::Result &result)
{
    if (result.issues.size() > ConfigLoader::maxListedIssues + 1)
        fail("more issues listed than the loader's limit");
    bool error = false;
    for (const ConfigIssue &issue : result.issues) {
        if (issue.message.trimmed().isEmpty())
            fail("an issue without a message", &issue);
        if (issue.message.size() > maxMessageLength)
            fail("a message too long to read", &issue);
        error = error || issue.isError();
    }
    if (error == result.ok())
        fail("ok() disagrees with the issues");
    QSet<QString> names;
    for (const WorkerConfig &worker : result.config.workers) {
        if (worker.name.isEmpty() || names.contains(worker.name))
            fail("an accepted worker with an empty or repeated name");
        if (!standardRegistry().find(worker.type))
            fail("an accepted worker of an unknown type");
        names.insert(worker.name);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // Not copied: ASan sees any read past the input's end.
    const QByteArray json =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    checkResult(ConfigLoader(standardRegistry()).parse(json, QStringLiteral("fuzz.json")));
    return 0;
}
