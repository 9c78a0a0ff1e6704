// The settings schemas, whole: every worker type's settings and the loader's
// own sections (host, logging, a worker entry, its restart policy), with
// their names, types, defaults, bounds, choices and descriptions. Rewriting
// how a schema is written must not change what it says.

#include "support/configmessages.h"
#include "support/standardregistry.h"
#include <workhost/config/configloader.h>
#include <workhost/config/configwriter.h>
#include <workhost/config/workerregistry.h>

#include <QJsonDocument>
#include <QJsonValue>
#include <QMetaEnum>
#include <QTest>

using namespace workhost;
using namespace workhost::test;

namespace {

QString typeName(SettingSpec::Type type)
{
    static const QStringList names = {"Integer",  "Number",  "Seconds", "Boolean", "Text", "Path",
                                      "TextList", "TextMap", "Choice",  "Object",  "List"};
    return names.value(static_cast<int>(type));
}

QString valueText(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("required");
    const QJsonValue json = QJsonValue::fromVariant(value);
    QString text;
    if (json.isArray() || json.isObject())
        text = QString::fromUtf8(QJsonDocument::fromVariant(value).toJson(QJsonDocument::Compact));
    else
        text = value.toString();
    return QStringLiteral("%1:%2").arg(QString::fromLatin1(value.typeName()), text);
}

QString optionalText(const std::optional<double> &number)
{
    return number ? QString::number(*number, 'g', 17) : QStringLiteral("-");
}

// One line per setting, every field of the spec in it.
QString describe(const QString &owner, const SettingSpec &spec)
{
    QString line = QStringLiteral("%1.%2 %3 default=%4 min=%5 max=%6")
                       .arg(owner, spec.name, typeName(spec.type), valueText(spec.defaultValue),
                            optionalText(spec.minimum), optionalText(spec.maximum));
    if (!spec.choices.isEmpty())
        line += QStringLiteral(" choices=%1").arg(spec.choices.join('|'));
    if (spec.smallestAboveZero)
        line += QStringLiteral(" aboveZero=%1").arg(optionalText(spec.smallestAboveZero));
    if (!spec.invertedLabel.isEmpty())
        line += QStringLiteral(" inverted=\"%1\"").arg(spec.invertedLabel);
    return line + QStringLiteral(" \"%1\"").arg(spec.description);
}

} // namespace

class TestConfigSchemas : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workerTypesSayWhatTheySaid()
    {
        QStringList lines;
        for (const WorkerType &type : standardRegistry().types()) {
            for (const SettingSpec &spec : type.settings)
                lines << describe(type.name, spec);
        }
        const QStringList expected = {
            "heartbeat.interval Seconds default=double:5 min=0.01 max=86400 \"seconds between two "
            "beats\"",
            "command.program Path default=required min=- max=- \"the program to run (found in "
            "PATH)\"",
            "command.arguments TextList default=QStringList:[] min=- max=- \"its arguments\"",
            "command.workingDirectory Path default=QString: min=- max=- \"where it runs (empty: "
            "here)\"",
            "command.environment TextMap default=QVariantMap:{} min=- max=- \"variables added to "
            "its environment\"",
            "command.mode Choice default=QString:continuous min=- max=- "
            "choices=continuous|interval \"run again when it exits, or every interval\"",
            "command.interval Seconds default=double:60 min=0.01 max=604800 \"seconds between runs "
            "(interval mode)\"",
            "command.stopGrace Seconds default=double:10 min=0.01 max=3600 \"seconds between "
            "SIGTERM and SIGKILL\"",
            "file-hasher.directory Path default=required min=- max=- \"the tree to hash\"",
            "file-hasher.manifest Path default=required min=- max=- \"the manifest file to write\"",
            "file-hasher.interval Seconds default=double:60 min=0.01 max=604800 \"seconds between "
            "scans\"",
            "cleanup.directory Path default=required min=- max=- \"where to clean\"",
            "cleanup.pattern Text default=QString:* min=- max=- \"file name glob, such as *.tmp\"",
            "cleanup.maxAge Seconds default=double:604800 min=- max=3153600000 \"seconds a file "
            "may age before it goes (604800: a week)\"",
            "cleanup.recursive Boolean default=bool:false min=- max=- \"also clean "
            "subdirectories\"",
            "cleanup.dryRun Boolean default=bool:true min=- max=- inverted=\"Delete files (not a "
            "dry run)\" \"only report what would be deleted; false: delete it\"",
            "cleanup.interval Seconds default=double:3600 min=0.01 max=604800 \"seconds between "
            "sweeps\"",
            "queue.capacity Integer default=int:1000 min=1 max=10000000 \"items the queue holds\"",
            "queue.producerRate Number default=double:5 min=0 max=100000 "
            "aboveZero=9.9999999999999995e-07 \"items produced per second (0: none)\"",
            "queue.workPerItem Seconds default=double:0.1 min=0.001 max=3600 \"seconds one item "
            "takes\"",
            "prime-counter.limit Integer default=int:200000000 min=2 max=1000000000000 \"count the "
            "primes below this\"",
            "prime-counter.chunk Integer default=int:1000000 min=1000 max=1000000000 \"numbers "
            "sieved per step\"",
            "flaky.failEvery Integer default=int:5 min=1 max=1000000 \"iterations between two "
            "failures\"",
            "flaky.interval Seconds default=double:1 min=0.001 max=3600 \"seconds per iteration\"",
            "flaky.throwOnStop Boolean default=bool:false min=- max=- \"throw when stopped, to "
            "cancel\"",
            "stubborn.ignoreStopFor Seconds default=double:15 min=0.001 max=3600 \"seconds it "
            "keeps going after a stop\"",
        };
        QCOMPARE(lines, expected);
    }

    // Every key of every section with a value of the wrong kind: the
    // messages say each setting's type, bounds and choices.
    void loaderSectionsExpectWhatTheyExpected()
    {
        const ConfigLoader loader(standardRegistry());
        const auto result = loader.parse(R"({
            "host": {"shutdownTimeout": [], "startConcurrently": [], "stopConcurrently": [],
                     "serviceStopTimeout": []},
            "logging": {"level": [], "retention": [], "fileMaxSize": [], "fileMaxFiles": [],
                        "levels": []},
            "workers": [{"name": [], "type": [], "enabled": [], "autostart": [], "settings": [],
                         "faultPolicy": [], "restartOnCompletion": [],
                         "restart": {"initialBackoff": [], "factor": [], "maxBackoff": [],
                                     "resetAfter": [], "maxRestarts": [], "window": []}}]})");
        const QStringList expected = {
            "error host.shutdownTimeout: expected a positive number of seconds of at most 3600, "
            "got a list",
            "error host.startConcurrently: expected true or false, got a list",
            "error host.stopConcurrently: expected true or false, got a list",
            "error host.serviceStopTimeout: expected 0 or a number from 0.001 to 3600, got a list",
            "error logging.level: expected one of \"trace\", \"debug\", \"info\", \"warning\", "
            "\"error\", \"critical\", \"off\", got a list",
            "error logging.retention: expected a whole number from 1000 to 10000000, got a list",
            "error logging.fileMaxSize: expected a whole number from 1024 to 1073741824, got a "
            "list",
            "error logging.fileMaxFiles: expected a whole number from 1 to 100, got a list",
            "error logging.levels: expected an object, got a list",
            "error workers[0].name: expected a text, got a list",
            "error workers[0].type: expected a text, got a list",
            "error workers[0].enabled: expected true or false, got a list",
            "error workers[0].autostart: expected true or false, got a list",
            "error workers[0].settings: expected an object, got a list",
            "error workers[0].faultPolicy: expected one of \"restart\", \"ignore\", \"stopHost\", "
            "got a list",
            "error workers[0].restartOnCompletion: expected true or false, got a list",
            "error workers[0].restart.initialBackoff: expected a number of seconds from 0 to "
            "86400, got a list",
            "error workers[0].restart.factor: expected a number from 1 to 100, got a list",
            "error workers[0].restart.maxBackoff: expected a positive number of seconds of at most "
            "86400, got a list",
            "error workers[0].restart.resetAfter: expected a positive number of seconds of at most "
            "86400, got a list",
            "error workers[0].restart.maxRestarts: expected a whole number from 0 to 1000000, got "
            "a list",
            "error workers[0].restart.window: expected a positive number of seconds of at most "
            "86400, got a list",
        };
        QCOMPARE(messages(result), expected);
    }

    // A file that says nothing gets every section's defaults.
    void loaderSectionsDefaultToWhatTheyDid()
    {
        const ConfigLoader loader(standardRegistry());
        const auto result = loader.parse(R"({"workers": [{"name": "w", "type": "flaky"}]})");
        QVERIFY(result.ok());
        const QByteArray expected = R"({
    "host": {
        "serviceStopTimeout": 0,
        "shutdownTimeout": 30,
        "startConcurrently": false,
        "stopConcurrently": false
    },
    "logging": {
        "fileMaxFiles": 5,
        "fileMaxSize": 10485760,
        "level": "info",
        "levels": {
        },
        "retention": 100000
    },
    "workers": [
        {
            "autostart": true,
            "enabled": true,
            "faultPolicy": "restart",
            "name": "w",
            "restart": {
                "factor": 2,
                "initialBackoff": 0.1,
                "maxBackoff": 60,
                "maxRestarts": 8,
                "resetAfter": 30,
                "window": 60
            },
            "restartOnCompletion": false,
            "settings": {
                "failEvery": 5,
                "interval": 1,
                "throwOnStop": false
            },
            "type": "flaky"
        }
    ]
}
)";
        QCOMPARE(ConfigWriter::toJson(result.config), expected);
    }
};

QTEST_GUILESS_MAIN(TestConfigSchemas)
#include "tst_configschemas.moc"
