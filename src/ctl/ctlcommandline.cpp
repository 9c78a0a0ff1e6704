#include "ctl/ctlcommandline.h"

#include <QHash>
#include <QSet>

#include <cmath>

namespace workhost::ctl {

namespace {

struct Option
{
    QString name; // long name, without dashes
    QString value;
    QString spelled; // as written, for the error message
};

const QSet<QString> &knownOptions()
{
    static const QSet<QString> names{"config",  "socket",  "help",    "version", "json",
                                     "no-wait", "timeout", "follow",  "lines",   "level",
                                     "wait",    "from",    "show-seq"};
    return names;
}

const QSet<QString> &valueOptions()
{
    static const QSet<QString> names{"config", "socket", "timeout", "lines", "level", "from"};
    return names;
}

QString longNameOf(QChar shortName)
{
    static const QHash<QChar, QString> names{
        {'c', "config"}, {'h', "help"}, {'f', "follow"}, {'n', "lines"}};
    return names.value(shortName);
}

// The options each subcommand takes besides the global ones.
QSet<QString> optionsOf(const QString &subcommand)
{
    static const QHash<QString, QSet<QString>> table{
        {"status", {"json"}},
        {"start", {"no-wait", "timeout"}},
        {"stop", {"no-wait", "timeout"}},
        {"restart", {"no-wait", "timeout"}},
        {"logs", {"follow", "lines", "level", "from", "show-seq"}},
        {"reload", {"timeout"}},
        {"shutdown", {"wait", "timeout"}},
        {"health", {}},
        {"help", {}},
    };
    return table.value(subcommand) + QSet<QString>{"config", "socket", "help", "version"};
}

// Splits `argument` into an option; false with `error` set when it is none we know.
bool readOption(const QString &argument, QStringList &rest, Option &option, QString &error)
{
    QString inlineValue;
    bool hasInline = false;
    if (argument.startsWith(QLatin1String("--"))) {
        const qsizetype equals = argument.indexOf(QLatin1Char('='));
        option.name = argument.mid(2, equals < 0 ? -1 : equals - 2);
        hasInline = equals >= 0;
        inlineValue = hasInline ? argument.mid(equals + 1) : QString();
    } else {
        option.name = longNameOf(argument.at(1));
        hasInline = argument.size() > 2;
        inlineValue = argument.mid(2);
    }
    option.spelled = argument.startsWith(QLatin1String("--")) ? QStringLiteral("--") + option.name
                                                              : argument.left(2);
    if (!knownOptions().contains(option.name)) {
        error = QStringLiteral("unknown option %1").arg(argument);
        return false;
    }
    if (!valueOptions().contains(option.name)) {
        if (hasInline)
            error = QStringLiteral("option %1 takes no value").arg(option.spelled);
        return !hasInline;
    }
    if (hasInline) {
        option.value = inlineValue;
    } else if (!rest.isEmpty()) {
        option.value = rest.takeFirst();
    } else {
        error = QStringLiteral("option %1 needs a value").arg(option.spelled);
        return false;
    }
    return true;
}

QString applyNumber(const Option &option, CtlCommandLine &line)
{
    bool ok = false;
    if (option.name == QLatin1String("lines")) {
        const int lines = option.value.toInt(&ok);
        if (!ok || lines < 0)
            return QStringLiteral("%1 expects a count of 0 or more, got \"%2\"")
                .arg(option.spelled, option.value);
        line.lines = lines;
        return {};
    }
    if (option.name == QLatin1String("from")) {
        const qint64 from = option.value.toLongLong(&ok);
        if (!ok || from < 0)
            return QStringLiteral("%1 expects a seq of 0 or more (the last one seen), got \"%2\"")
                .arg(option.spelled, option.value);
        line.from = from;
        return {};
    }
    const double seconds = option.value.toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds <= 0)
        return QStringLiteral("%1 expects a number of seconds above 0, got \"%2\"")
            .arg(option.spelled, option.value);
    line.timeoutSeconds = seconds;
    return {};
}

// Sets the option on `line`; the error, or empty.
QString apply(const Option &option, CtlCommandLine &line)
{
    static const QStringList levels{"trace", "debug", "info", "warning", "error", "critical"};
    const QString &name = option.name;
    if (name == QLatin1String("config"))
        line.configPath = option.value;
    else if (name == QLatin1String("socket"))
        line.socketPath = option.value;
    else if (name == QLatin1String("help"))
        line.help = true;
    else if (name == QLatin1String("version"))
        line.version = true;
    else if (name == QLatin1String("json"))
        line.json = true;
    else if (name == QLatin1String("no-wait"))
        line.noWait = true;
    else if (name == QLatin1String("wait"))
        line.wait = true;
    else if (name == QLatin1String("follow"))
        line.follow = true;
    else if (name == QLatin1String("show-seq"))
        line.showSeq = true;
    else if (name == QLatin1String("level") && !levels.contains(option.value))
        return QStringLiteral("--level expects one of %1, got \"%2\"")
            .arg(levels.join(QStringLiteral(", ")), option.value);
    else if (name == QLatin1String("level"))
        line.level = option.value;
    else
        return applyNumber(option, line);
    return {};
}

// What is wrong with the names given to the subcommand, or nothing.
QString checkNames(CtlCommandLine &line)
{
    const QString &sub = line.subcommand;
    const bool takesNames = sub == QLatin1String("status") || sub == QLatin1String("logs");
    const bool needsNames = sub == QLatin1String("start") || sub == QLatin1String("stop") ||
                            sub == QLatin1String("restart");
    if (sub == QLatin1String("help")) {
        if (line.names.size() > 1)
            return QStringLiteral("help takes at most one subcommand");
        line.subcommand = line.names.value(0);
        line.names.clear();
        line.help = true;
        if (!line.subcommand.isEmpty() && !CtlCommandLine::subcommands().contains(line.subcommand))
            return QStringLiteral("unknown subcommand \"%1\"").arg(line.subcommand);
        return {};
    }
    if (needsNames && line.names.isEmpty())
        return QStringLiteral("%1 needs worker names or \"all\"").arg(sub);
    if (needsNames && line.names.contains(QLatin1String("all"))) {
        if (line.names.size() > 1)
            return QStringLiteral("\"all\" stands alone: %1 all, or %1 NAME...").arg(sub);
        line.all = true;
        line.names.clear();
    }
    if (!takesNames && !needsNames && !line.names.isEmpty())
        return QStringLiteral("%1 takes no names (got \"%2\")").arg(sub, line.names.first());
    return {};
}

QString applyAll(const QList<Option> &options, CtlCommandLine &line)
{
    const QSet<QString> allowed = optionsOf(line.subcommand);
    for (const Option &option : options) {
        if (!allowed.contains(option.name))
            return line.subcommand.isEmpty()
                       ? QStringLiteral("option %1 belongs after a subcommand").arg(option.spelled)
                       : QStringLiteral("%1 takes no option %2")
                             .arg(line.subcommand, option.spelled);
        if (const QString error = apply(option, line); !error.isEmpty())
            return error;
    }
    return {};
}

} // namespace

const QStringList &CtlCommandLine::subcommands()
{
    static const QStringList names{"status", "start",    "stop",   "restart", "logs",
                                   "reload", "shutdown", "health", "help"};
    return names;
}

CtlCommandLine CtlCommandLine::parse(const QStringList &arguments)
{
    CtlCommandLine line;
    QList<Option> options;
    QStringList rest = arguments;
    bool onlyPositional = false;
    while (!rest.isEmpty() && line.error.isEmpty()) {
        const QString argument = rest.takeFirst();
        if (!onlyPositional && argument == QLatin1String("--")) {
            onlyPositional = true;
        } else if (!onlyPositional && argument.size() > 1 && argument.startsWith('-')) {
            Option option;
            if (readOption(argument, rest, option, line.error))
                options << option;
        } else if (line.subcommand.isEmpty()) {
            line.subcommand = argument;
        } else {
            line.names << argument;
        }
    }
    if (!line.error.isEmpty())
        return line;
    if (!line.subcommand.isEmpty() && !subcommands().contains(line.subcommand)) {
        line.error = QStringLiteral("unknown subcommand \"%1\"").arg(line.subcommand);
        return line;
    }
    line.error = applyAll(options, line);
    if (line.error.isEmpty() && line.from && line.lines && line.follow)
        line.error = QStringLiteral("-n with --from prints the first N records after the seq and "
                                    "stops; it cannot follow (leave out -n or -f)");
    if (line.error.isEmpty() && !line.subcommand.isEmpty())
        line.error = checkNames(line);
    if (line.error.isEmpty() && line.subcommand.isEmpty() && !line.help && !line.version)
        line.error = QStringLiteral("no subcommand given");
    return line;
}

} // namespace workhost::ctl
