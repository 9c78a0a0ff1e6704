// bench_supervise: Workhost's headless host side by side with supervisord and PM2,
// supervising the same child programs (bench_child), each manager a child process
// with a temporary home and configuration (see docs/PERFORMANCE.md, issue 14).
//
//   scripts/bench-setup                      # installs supervisord (apt) and PM2 (npm, cached)
//   build/release/bench/bench_supervise [--json] [--reps N] [--quick]
//       [--workhost LABEL=PATH]...           # default: workhost=<this build's workhost>
//       [--before PATH]                      # adds before=PATH (e.g. the unmodified build)
//       [--cases capture,crash,idle] [--tools workhost,supervisord,pm2] [--counts 64,1000]
//   build/release/bench/bench_supervise --table SAVED   # the tables again from a --json output
//
// --quick: 1 x 200,000 and 8 x 25,000 lines, 8 and 32 children, one repetition (2-3 minutes:
// supervisord starts about 3 programs a second).
//
// Cases: capture (1 x 2,000,000 and 8 x 250,000 numbered 80-byte lines: lines/s until the
// last line is in the log file, manager CPU and peak RSS, lines lost, reordered, cut,
// duplicated), crash-to-restart (SIGKILL of a running program until its next run is up),
// idle N (start until all N are up, idle CPU and RSS, stop until the manager and every
// child are gone). Tools alternate between repetitions; the table has medians.

#include "supervise/cases.h"
#include "supervise/pm2manager.h"
#include "supervise/processes.h"
#include "supervise/supervisordmanager.h"
#include "supervise/workhostmanager.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <unistd.h>

using namespace bench;

namespace {

struct Options
{
    std::vector<std::pair<QString, QString>> workhosts; // label, binary
    QString supervisord;
    QString pm2;
    QString child;
    QStringList cases{"capture", "crash", "idle"};
    QStringList tools{"workhost", "supervisord", "pm2"};
    std::vector<int> counts{64, 1000};
    int reps = 3;
    bool quick = false;
    bool json = false;
    QString tableFrom; // print the tables of a saved --json output instead of measuring
};

void say(const QString &text)
{
    std::fprintf(stderr, "%s\n", qPrintable(text));
    std::fflush(stderr);
}

QString firstLine(const QByteArray &text)
{
    return QString::fromUtf8(text.trimmed().split('\n').value(0));
}

QString pm2Version(const QString &pm2)
{
    // From its package (`pm2 --version` would start a daemon).
    const QString package = QFileInfo(pm2).canonicalFilePath();
    QDir dir = QFileInfo(package).dir();
    for (int up = 0; up < 3 && !dir.exists("package.json"); ++up)
        dir.cdUp();
    return QJsonDocument::fromJson(readWholeFile(dir.filePath("package.json")))
        .object()
        .value("version")
        .toString();
}

void printMachine(const Options &options)
{
    const QString cpu = cpuModel();
    std::printf("# bench_supervise %s UTC\n",
                qPrintable(QDateTime::currentDateTimeUtc().toString("yyyy-MM-dd HH:mm:ss")));
    std::printf("# machine: %ld cores (%s), kernel %s, %s\n", ::sysconf(_SC_NPROCESSORS_ONLN),
                qPrintable(cpu), qPrintable(QSysInfo::kernelVersion()),
                qPrintable(QSysInfo::prettyProductName()));
    for (const auto &[label, binary] : options.workhosts) {
        QByteArray version;
        run({binary, "--version"}, {}, 10, &version);
        std::printf("# %s: %s (%s)\n", qPrintable(label), qPrintable(binary),
                    qPrintable(firstLine(version)));
    }
    if (!options.supervisord.isEmpty()) {
        QByteArray version;
        run({options.supervisord, "--version"}, {}, 10, &version);
        std::printf("# supervisord: %s %s\n", qPrintable(options.supervisord),
                    qPrintable(firstLine(version)));
    }
    if (!options.pm2.isEmpty())
        std::printf("# pm2: %s %s\n", qPrintable(options.pm2), qPrintable(pm2Version(options.pm2)));
    std::printf("# load average at start: %s\n", qPrintable(loadAverage()));
    std::fflush(stdout);
}

std::optional<Options> parseOptions(const QStringList &args)
{
    Options options;
    const QString here = QCoreApplication::applicationDirPath();
    options.child = QDir(here).filePath("bench_child");
    options.supervisord = QStandardPaths::findExecutable("supervisord");
    const QString cached = QDir::home().filePath(".cache/workhost-bench/npm/bin/pm2");
    options.pm2 = QFileInfo(cached).isExecutable() ? cached : QStandardPaths::findExecutable("pm2");
    bool countsGiven = false, workhostGiven = false;
    for (int i = 1; i < args.size(); ++i) {
        const QString &arg = args[i];
        const QString value = i + 1 < args.size() ? args[i + 1] : QString();
        if (arg == "--json")
            options.json = true;
        else if (arg == "--table" && ++i)
            options.tableFrom = value;
        else if (arg == "--quick")
            options.quick = true;
        else if (arg == "--reps" && ++i)
            options.reps = std::max(1, value.toInt());
        else if (arg == "--workhost" && ++i) {
            options.workhosts.emplace_back(value.section('=', 0, 0), value.section('=', 1));
            workhostGiven = true;
        } else if (arg == "--before" && ++i)
            options.workhosts.emplace_back("before", value);
        else if (arg == "--cases" && ++i)
            options.cases = value.split(',');
        else if (arg == "--tools" && ++i)
            options.tools = value.split(',');
        else if (arg == "--counts" && ++i) {
            options.counts.clear();
            for (const QString &each : value.split(','))
                options.counts.push_back(each.toInt());
            countsGiven = true;
        } else if (arg == "--supervisord" && ++i)
            options.supervisord = value;
        else if (arg == "--pm2" && ++i)
            options.pm2 = value;
        else {
            say("usage: bench_supervise [--json] [--reps N] [--quick] [--workhost LABEL=PATH]... "
                "[--before PATH] [--cases capture,crash,idle] [--tools workhost,supervisord,pm2] "
                "[--counts 64,1000] [--supervisord PATH] [--pm2 PATH] | --table SAVED_JSON");
            return std::nullopt;
        }
    }
    if (!workhostGiven) // this build's, beside --before if given
        options.workhosts.insert(options.workhosts.begin(),
                                 {"workhost", QDir(here).filePath("../src/app/workhost")});
    if (options.quick && !countsGiven)
        options.counts = {8, 32};
    if (options.quick && !args.contains("--reps"))
        options.reps = 1;
    if (!options.tools.contains("workhost"))
        options.workhosts.clear();
    if (!options.tools.contains("supervisord"))
        options.supervisord.clear();
    else if (options.supervisord.isEmpty())
        say("supervisord not found (run scripts/bench-setup): its rows are skipped");
    if (!options.tools.contains("pm2"))
        options.pm2.clear();
    else if (options.pm2.isEmpty())
        say("pm2 not found (run scripts/bench-setup; it needs npm): its rows are skipped");
    return options;
}

// A tool (in one variant) as a factory of fresh managers: one per measurement.
struct Tool
{
    QString name;
    std::function<std::unique_ptr<Manager>(const QByteArray &tag)> make;
};

std::vector<Tool> toolsFor(const Options &options, bool crashVariants)
{
    std::vector<Tool> tools;
    const QString child = options.child;
    for (const auto &[label, binary] : options.workhosts) {
        tools.push_back({label, [=](const QByteArray &tag) {
                             return std::make_unique<WorkhostManager>(label, binary, child, tag);
                         }});
        if (crashVariants) {
            const QString name = label + " backoff0";
            tools.push_back({name, [=](const QByteArray &tag) {
                                 return std::make_unique<WorkhostManager>(name, binary, child, tag,
                                                                          0.0);
                             }});
        }
    }
    if (!options.supervisord.isEmpty()) {
        const QString binary = options.supervisord;
        tools.push_back({"supervisord", [=](const QByteArray &tag) {
                             return std::make_unique<SupervisordManager>(binary, child, tag);
                         }});
    }
    if (!options.pm2.isEmpty()) {
        const QString pm2 = options.pm2;
        tools.push_back({"pm2", [=](const QByteArray &tag) {
                             return std::make_unique<Pm2Manager>("pm2", pm2, child, tag);
                         }});
        if (crashVariants)
            tools.push_back({"pm2 expbackoff100", [=](const QByteArray &tag) {
                                 return std::make_unique<Pm2Manager>("pm2 expbackoff100", pm2,
                                                                     child, tag, 100);
                             }});
    }
    return tools;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n == 0 ? 0 : n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

QString formatValue(double value)
{
    if (value >= 1000 || value == double(qRound64(value)))
        return QLocale(QLocale::English).toString(qRound64(value));
    return QString::number(value, 'f', value >= 100 ? 1 : value >= 1 ? 2 : 3);
}

// One table per case: a row per tool, the median of each value over the repetitions that have it.
void printTable(const std::vector<Measurement> &all)
{
    QStringList caseOrder;
    for (const Measurement &m : all)
        if (!caseOrder.contains(m.caseName))
            caseOrder << m.caseName;
    for (const QString &caseName : caseOrder) {
        QStringList keys, toolOrder;
        for (const Measurement &m : all) {
            if (m.caseName != caseName)
                continue;
            if (!toolOrder.contains(m.tool))
                toolOrder << m.tool;
            for (const auto &[key, value] : m.values)
                if (!keys.contains(key))
                    keys << key;
        }
        std::printf("\n### %s (medians)\n\n| tool | reps ok | %s |\n|---|---:|%s\n",
                    qPrintable(caseName), qPrintable(keys.join(" | ")),
                    qPrintable(QString("---:|").repeated(keys.size())));
        for (const QString &tool : toolOrder) {
            std::map<QString, std::vector<double>> columns;
            int ok = 0, reps = 0;
            QStringList problems;
            for (const Measurement &m : all) {
                if (m.caseName != caseName || m.tool != tool)
                    continue;
                ++reps;
                // A rep that did not end well still has the figures it got (a start
                // time when the stop timed out): kept, and its status said beside.
                if (m.status != "ok" && !problems.contains(m.status))
                    problems << m.status;
                ok += m.status == "ok";
                for (const auto &[key, value] : m.values)
                    columns[key].push_back(value);
            }
            QStringList cells;
            for (const QString &key : keys)
                cells << (columns[key].empty() ? QString("-") : formatValue(median(columns[key])));
            std::printf("| %s | %d/%d | %s |%s\n", qPrintable(tool), ok, reps,
                        qPrintable(cells.join(" | ")),
                        problems.isEmpty() ? "" : qPrintable(" " + problems.join("; ")));
        }
    }
    std::fflush(stdout);
}

// The measurements of a saved --json output (other lines are skipped).
std::vector<Measurement> readMeasurements(const QString &path)
{
    std::vector<Measurement> all;
    for (const QByteArray &line : readWholeFile(path).split('\n')) {
        if (!line.startsWith("{\"bench\":\"supervise\""))
            continue;
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        Measurement m;
        m.tool = object.value("tool").toString();
        m.caseName = object.value("case").toString();
        m.rep = object.value("rep").toInt();
        m.status = object.value("status").toString();
        // In the order written (QJsonObject sorts its keys).
        const QList<QByteArray> fields = line.mid(1, line.size() - 2).split(',');
        for (const QByteArray &field : fields) {
            const QString key = QString::fromUtf8(field.left(field.indexOf(':'))).remove('"');
            if (object.value(key).isDouble() && key != "rep")
                m.set(key, object.value(key).toDouble());
        }
        all.push_back(m);
    }
    return all;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const std::optional<Options> parsed = parseOptions(app.arguments());
    if (!parsed)
        return 2;
    const Options &options = *parsed;
    if (!options.tableFrom.isEmpty()) {
        printTable(readMeasurements(options.tableFrom));
        return 0;
    }
    installInterruptHandler();
    QTemporaryDir work(QDir::temp().filePath("bench_supervise-run-XXXXXX"));
    const QByteArray tag = "wbench-" + QByteArray::number(::getpid());
    printMachine(options);

    const long long one = options.quick ? 200000 : 2000000;
    const long long eight = options.quick ? 25000 : 250000;
    const double idleSeconds = options.quick ? 2 : 5;
    std::vector<Measurement> all;
    int status = 0;
    try {
        for (int rep = 0; rep < options.reps; ++rep) {
            const CaseContext context{tag, work.path(), rep};
            // Each case runs every tool once per repetition, in an order rotated by one each time.
            auto eachTool = [&](bool crashVariants,
                                const std::function<Measurement(Manager &)> &measure) {
                std::vector<Tool> tools = toolsFor(options, crashVariants);
                if (!tools.empty())
                    std::rotate(tools.begin(), tools.begin() + rep % tools.size(), tools.end());
                for (const Tool &tool : tools) {
                    std::unique_ptr<Manager> manager = tool.make(tag);
                    Measurement m = measure(*manager);
                    manager.reset();
                    if (killTagged(tag) > 0)
                        say("note: children were left after " + tool.name + "; killed");
                    m.set("load1", loadAverage().section(' ', 0, 0).toDouble());
                    say(QStringLiteral("rep %1 %2 %3: %4")
                            .arg(rep)
                            .arg(m.caseName, m.tool, m.status));
                    if (options.json) {
                        std::printf("%s\n", m.json().constData());
                        std::fflush(stdout);
                    }
                    all.push_back(std::move(m));
                }
            };
            if (options.cases.contains("capture")) {
                eachTool(false, [&](Manager &m) { return measureCapture(m, context, 1, one); });
                eachTool(false, [&](Manager &m) { return measureCapture(m, context, 8, eight); });
            }
            if (options.cases.contains("crash"))
                eachTool(true, [&](Manager &m) { return measureCrash(m, context); });
            if (options.cases.contains("idle"))
                for (const int count : options.counts)
                    eachTool(false, [&](Manager &m) {
                        return measureScale(m, context, count, idleSeconds);
                    });
        }
    } catch (const Interrupted &) {
        say("interrupted: everything started was killed");
        status = 130;
    }
    const int strays = killTagged(tag);
    printTable(all);
    // Every manager's command line names its temporary home: any still there is a bug; killed.
    std::vector<pid_t> managers = managersAlive();
    for (const pid_t pid : processesNaming(QDir::temp().filePath("bench_supervise-").toLocal8Bit()))
        if (std::find(managers.begin(), managers.end(), pid) == managers.end())
            managers.push_back(pid);
    QStringList left;
    for (const pid_t pid : managers) {
        left << QString::number(pid);
        ::kill(pid, SIGKILL);
    }
    std::printf("\n# left running after the bench: %d children, managers: %s (all killed)\n",
                strays, left.isEmpty() ? "none" : qPrintable(left.join(' ')));
    std::printf("\n# load average at end: %s\n", qPrintable(loadAverage()));
    return status;
}
