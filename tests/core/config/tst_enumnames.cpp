// Level and fault policy names come from one table, the enums' meta-objects:
// every value round-trips through it, a configuration accepts exactly its
// names (an enumerator added to LogLevel or FaultPolicy is a name a file may
// use, or this fails), and the spellings users write stay as they were.

#include "support/configmessages.h"
#include "support/standardregistry.h"
#include <workhost/config/configloader.h>
#include <workhost/config/configwriter.h>
#include <workhost/config/enumnames.h>
#include <workhost/hosting/hoststates.h>
#include <workhost/logging/loglevel.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QTest>

using namespace workhost;
using namespace workhost::test;

namespace {

// Every enumerator of `Enum` as (name a file writes, value), straight from the
// meta-object: not through the table under test.
template <typename Enum>
QList<std::pair<QString, Enum>> enumerators()
{
    const QMetaEnum meta = QMetaEnum::fromType<Enum>();
    QList<std::pair<QString, Enum>> all;
    for (int i = 0; i < meta.keyCount(); ++i) {
        QString name = QString::fromLatin1(meta.key(i));
        name[0] = name[0].toLower();
        all.append({name, static_cast<Enum>(meta.value(i))});
    }
    return all;
}

QByteArray configWith(const QString &level, const QString &policy)
{
    const QJsonObject root{
        {"logging", QJsonObject{{"level", level}, {"levels", QJsonObject{{"w", level}}}}},
        {"workers",
         QJsonArray{QJsonObject{{"name", "w"}, {"type", "heartbeat"}, {"faultPolicy", policy}}}}};
    return QJsonDocument(root).toJson();
}

} // namespace

class TestEnumNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void spellingsStayAsUsersWriteThem()
    {
        QCOMPARE(configNames<LogLevel>(),
                 QStringList({"trace", "debug", "info", "warning", "error", "critical", "off"}));
        QCOMPARE(configNames<FaultPolicy>(), QStringList({"restart", "ignore", "stopHost"}));
    }

    void everyValueRoundTripsThroughTheTable()
    {
        for (const auto &[name, value] : enumerators<LogLevel>()) {
            QCOMPARE(configName(value), name);
            QCOMPARE(parseConfigName<LogLevel>(name), std::optional(value));
        }
        for (const auto &[name, value] : enumerators<FaultPolicy>()) {
            QCOMPARE(configName(value), name);
            QCOMPARE(parseConfigName<FaultPolicy>(name), std::optional(value));
        }
        QCOMPARE(enumValues<LogLevel>().size(), enumerators<LogLevel>().size());
        QCOMPARE(parseConfigName<LogLevel>("Warning"), std::nullopt); // the config's case only
        QCOMPARE(parseConfigName<FaultPolicy>("stophost"), std::nullopt);
        QCOMPARE(configName(static_cast<FaultPolicy>(99)), QString());
    }

    // Every enumerator's name is read as its value, in each place a file
    // names one, and written back as the same name.
    void loaderAndWriterTakeEveryEnumerator()
    {
        const ConfigLoader loader(standardRegistry());
        const auto levels = enumerators<LogLevel>();
        const auto policies = enumerators<FaultPolicy>();
        for (qsizetype i = 0; i < std::max(levels.size(), policies.size()); ++i) {
            const auto &[levelName, level] = levels.at(i % levels.size());
            const auto &[policyName, policy] = policies.at(i % policies.size());
            const auto result = loader.parse(configWith(levelName, policyName));
            QVERIFY2(result.ok(), qPrintable(messages(result).join('\n')));
            QCOMPARE(result.config.logging.level, level);
            QCOMPARE(result.config.logging.levels.value("w"), level);
            QCOMPARE(result.config.workers.at(0).options.faultPolicy, policy);

            const QJsonObject written =
                QJsonDocument::fromJson(ConfigWriter::toJson(result.config)).object();
            QCOMPARE(written["logging"]["level"].toString(), levelName);
            QCOMPARE(written["logging"]["levels"]["w"].toString(), levelName);
            QCOMPARE(written["workers"][0]["faultPolicy"].toString(), policyName);
        }
    }

    // A name outside the enum is refused, and the message lists exactly the enum's names.
    void loaderRefusesOtherNamesListingTheEnumerators()
    {
        const auto quoted = [](const auto &enumerators) {
            QStringList names;
            for (const auto &[name, value] : enumerators)
                names << name;
            return QStringLiteral("\"%1\"").arg(names.join("\", \""));
        };
        const auto result = ConfigLoader(standardRegistry()).parse(configWith("Info", "retry"));
        QCOMPARE(messages(result),
                 QStringList({"error logging.level: expected one of " +
                                  quoted(enumerators<LogLevel>()) + ", got \"Info\"",
                              "error logging.levels.w: expected one of " +
                                  quoted(enumerators<LogLevel>()) + ", got \"Info\"",
                              "error workers[0].faultPolicy: expected one of " +
                                  quoted(enumerators<FaultPolicy>()) + ", got \"retry\""}));
    }
};

QTEST_GUILESS_MAIN(TestEnumNames)
#include "tst_enumnames.moc"
