// bench_control: a headless host's control socket (issue 16), with `workers`
// programs, side by side with supervisord supervising the same programs
// (see docs/PERFORMANCE.md).
//
//   build/release/bench/bench_control [--json] [--reps N] [--workers 256]
//       [--workhost PATH] [--ctl PATH] [--supervisord PATH|none] [--cases
//       status,follow,sustained,cpu]
//
// Cases: status (the `status` request's round trip p50/p99 over 500, attach:
// a new client until it holds every worker's status, and the wall time of
// `workhost-ctl status` and `supervisorctl status`, alternated, 21 each),
// follow (one program printing 400,000 lines as fast as it can, one and four
// clients following "logs": lines/s to the slowest client, lines not
// delivered, events the host said it dropped), sustained (one program at
// 100,000 lines/s for 5 s, one and four clients: lines/s each received, and
// what the host told them it dropped) and cpu (one program at 10,000
// lines/s: the host's CPU with no client and with four following, 5 s windows
// alternated). Every figure is a median over the repetitions.
// `scripts/bench-setup` installs supervisord; without it its row is skipped.

#include "control/controlcases.h"
#include "supervise/processes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <unistd.h>

using namespace bench;

namespace {

struct Options
{
    ControlBenchSetup setup;
    QStringList cases{"status", "follow", "sustained", "cpu"};
    int reps = 3;
    bool json = false;
};

void say(const QString &text)
{
    std::fprintf(stderr, "%s\n", qPrintable(text));
    std::fflush(stderr);
}

std::optional<Options> parseOptions(const QStringList &args)
{
    Options options;
    const QDir here(QCoreApplication::applicationDirPath());
    options.setup.workhost = here.filePath("../src/app/workhost");
    options.setup.ctl = here.filePath("../src/app/workhost-ctl"); // built beside workhost
    options.setup.child = here.filePath("bench_child");
    options.setup.supervisord = QStandardPaths::findExecutable("supervisord");
    for (int i = 1; i < args.size(); ++i) {
        const QString &arg = args[i];
        const QString value = i + 1 < args.size() ? args[i + 1] : QString();
        if (arg == "--json")
            options.json = true;
        else if (arg == "--reps" && ++i)
            options.reps = value.toInt();
        else if (arg == "--workers" && ++i)
            options.setup.workers = value.toInt();
        else if (arg == "--workhost" && ++i)
            options.setup.workhost = value;
        else if (arg == "--ctl" && ++i)
            options.setup.ctl = value;
        else if (arg == "--supervisord" && ++i)
            options.setup.supervisord = value == "none" ? QString() : value;
        else if (arg == "--cases" && ++i)
            options.cases = value.split(',');
        else {
            say("bench_control: unknown argument " + arg +
                " (see the comment at the top of "
                "bench/bench_control.cpp)");
            return std::nullopt;
        }
    }
    if (options.reps < 1 || options.setup.workers < 1)
        return say("bench_control: --reps and --workers take a positive number"), std::nullopt;
    if (!QFileInfo(options.setup.workhost).isExecutable())
        return say("bench_control: no workhost at " + options.setup.workhost), std::nullopt;
    if (!QFileInfo(options.setup.ctl).isExecutable()) {
        say("bench_control: no workhost-ctl at " + options.setup.ctl + ": its row is skipped");
        options.setup.ctl.clear();
    }
    if (options.setup.supervisord.isEmpty())
        say("bench_control: supervisord is not installed (scripts/bench-setup): its row is "
            "skipped");
    return options;
}

void printMachine(const Options &options)
{
    const QString cpu = cpuModel();
    std::printf("# bench_control %s UTC, %d workers, %d repetitions\n",
                qPrintable(QDateTime::currentDateTimeUtc().toString("yyyy-MM-dd HH:mm:ss")),
                options.setup.workers, options.reps);
    std::printf("# machine: %ld cores (%s), kernel %s, %s\n", ::sysconf(_SC_NPROCESSORS_ONLN),
                qPrintable(cpu), qPrintable(QSysInfo::kernelVersion()),
                qPrintable(QSysInfo::prettyProductName()));
    std::printf("# workhost: %s\n# workhost-ctl: %s\n# supervisord: %s\n",
                qPrintable(options.setup.workhost), qPrintable(options.setup.ctl),
                qPrintable(options.setup.supervisord));
    std::printf("# load average at start: %s\n", qPrintable(loadAverage()));
    std::fflush(stdout);
}

std::vector<Measurement> runRepetition(const Options &options, int rep)
{
    std::vector<Measurement> rows;
    auto keep = [&](const Measurement &m) {
        if (options.json)
            std::printf("%s\n", m.json().constData());
        std::fflush(stdout);
        rows.push_back(m);
    };
    if (options.cases.contains("status"))
        for (const Measurement &m : measureStatus(options.setup, rep))
            keep(m);
    if (options.cases.contains("follow")) {
        keep(measureFollow(options.setup, rep, 1, 400000));
        keep(measureFollow(options.setup, rep, 4, 400000));
    }
    if (options.cases.contains("sustained")) {
        keep(measureSustainedFollow(options.setup, rep, 1, 100000, 5));
        keep(measureSustainedFollow(options.setup, rep, 4, 100000, 5));
    }
    if (options.cases.contains("cpu"))
        keep(measureHostCpu(options.setup, rep, 10000, 5, 3));
    return rows;
}

// One row per tool and case: the median of each figure over the repetitions that succeeded.
void printTable(const std::vector<Measurement> &all)
{
    QMap<QString, QMap<QString, std::vector<double>>> figures; // "case | tool" -> key -> values
    QMap<QString, QStringList> failures;
    for (const Measurement &m : all) {
        const QString row = m.caseName + " | " + m.tool;
        if (m.status != "ok")
            failures[row] << m.status;
        for (const auto &[key, value] : m.values)
            figures[row][key].push_back(value);
    }
    std::printf("\n%-28s %s\n", "case | tool", "medians");
    for (auto row = figures.cbegin(); row != figures.cend(); ++row) {
        QStringList cells;
        for (auto value = row->cbegin(); value != row->cend(); ++value) {
            std::vector<double> values = *value;
            std::sort(values.begin(), values.end());
            cells << QStringLiteral("%1 %2")
                         .arg(value.key())
                         .arg(values[values.size() / 2], 0, 'g', 6);
        }
        std::printf("%-28s %s\n", qPrintable(row.key()), qPrintable(cells.join(", ")));
    }
    for (auto row = failures.cbegin(); row != failures.cend(); ++row)
        std::printf("%-28s not measured: %s\n", qPrintable(row.key()), qPrintable(row->join("; ")));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const std::optional<Options> parsed = parseOptions(app.arguments());
    if (!parsed)
        return 2;
    Options options = *parsed;
    installInterruptHandler();
    QTemporaryDir work(QDir::temp().filePath("bench_control-XXXXXX"));
    options.setup.workDir = work.path();
    options.setup.tag = QByteArray("bc") + QByteArray::number(::getpid());
    printMachine(options);
    std::vector<Measurement> all;
    try {
        for (int rep = 1; rep <= options.reps; ++rep) {
            say(QStringLiteral("bench_control: repetition %1 of %2").arg(rep).arg(options.reps));
            for (const Measurement &m : runRepetition(options, rep))
                all.push_back(m);
        }
    } catch (const Interrupted &) {
        say("bench_control: interrupted");
        killTagged(options.setup.tag);
        return 130;
    }
    if (!options.json)
        printTable(all);
    killTagged(options.setup.tag);
    return 0;
}
