// The log model: retention cap, filters, counts, and the model contract.

#include "core/logging/logmodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <ctime>

using namespace workhost;

namespace {

LogRecords makeRecords(int count, quint64 firstSequence = 1)
{
    static const QString services[] = {"alpha", "beta", "gamma"};
    static const LogLevel levels[] = {LogLevel::Debug, LogLevel::Info, LogLevel::Warning,
                                      LogLevel::Error};
    LogRecords records;
    for (int i = 0; i < count; ++i) {
        LogRecord record;
        record.sequence = firstSequence + quint64(i);
        record.timeUsec = 1'700'000'000'000'000 + i;
        record.level = levels[i % 4];
        record.service = services[i % 3];
        record.message = QStringLiteral("line %1 of the test").arg(record.sequence);
        records.push_back(record);
    }
    return records;
}

} // namespace

class TestLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A zone with summer time, so that the time column crosses offset changes.
        qputenv("TZ", "Europe/Berlin");
        tzset();
    }

    void passesTheModelTester()
    {
        LogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRetentionCap(50);
        model.append(makeRecords(30));
        model.append(makeRecords(30, 31)); // crosses the cap
        LogFilter filter;
        filter.minimumLevel = LogLevel::Warning;
        model.setFilter(filter);
        model.append(makeRecords(40, 61));
        model.clear();
        model.append(makeRecords(5, 101)); // Debug, Info, Warning, Error, Debug
        QCOMPARE(model.rowCount(), 2);     // the Warning filter still holds
        QCOMPARE(model.retainedCount(), 5);
    }

    void showsColumns()
    {
        LogModel model;
        model.append(makeRecords(1));
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.index(0, LogModel::LevelColumn).data().toString(), QStringLiteral("Debug"));
        QCOMPARE(model.index(0, LogModel::ServiceColumn).data().toString(),
                 QStringLiteral("alpha"));
        QCOMPARE(model.index(0, LogModel::MessageColumn).data().toString(),
                 QStringLiteral("line 1 of the test"));
        QCOMPARE(model.index(0, LogModel::TimeColumn).data().toString().size(), 12); // HH:mm:ss.zzz
        QCOMPARE(model.index(0, 0).data(LogModel::LevelRole).toInt(), int(LogLevel::Debug));
        QCOMPARE(model.headerData(3, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Message"));
    }

    void timeColumnIsTheLocalClockTime_data()
    {
        QTest::addColumn<qint64>("msecs");
        QTest::newRow("now") << QDateTime::currentMSecsSinceEpoch();
        QTest::newRow("before the epoch") << qint64(-1'234'567);
        // Berlin: summer time starts at 01:00 UTC on 2026-03-29, ends on 2026-10-25.
        const qint64 springForward =
            QDateTime(QDate(2026, 3, 29), QTime(1, 0), Qt::UTC).toMSecsSinceEpoch();
        const qint64 fallBack =
            QDateTime(QDate(2026, 10, 25), QTime(1, 0), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("last ms of winter time") << springForward - 1;
        QTest::newRow("first ms of summer time") << springForward;
        QTest::newRow("last ms of summer time") << fallBack - 1;
        QTest::newRow("first ms of winter time") << fallBack;
        QTest::newRow("end of a day")
            << QDateTime(QDate(2026, 7, 1), QTime(21, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch();
    }

    void timeColumnIsTheLocalClockTime()
    {
        QFETCH(qint64, msecs);
        LogModel model;
        LogRecords records = makeRecords(2);
        records[0].timeUsec = msecs * 1000;
        records[1].timeUsec = msecs * 1000 + 999; // microseconds do not round up
        model.append(records);
        const QString expected = QDateTime::fromMSecsSinceEpoch(msecs).toString("HH:mm:ss.zzz");
        QCOMPARE(model.index(0, LogModel::TimeColumn).data().toString(), expected);
        QCOMPARE(model.index(1, LogModel::TimeColumn).data().toString(), expected);
    }

    void capDropsTheOldestInChunks()
    {
        LogModel model;
        model.setRetentionCap(1000);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        for (int batch = 0; batch < 25; ++batch)
            model.append(makeRecords(100, quint64(batch) * 100 + 1));
        // 2,500 lines through a cap of 1,000: never more than the cap kept,
        // the newest always kept, and drops came as a few chunks.
        QVERIFY(model.retainedCount() <= 1000);
        QVERIFY(model.retainedCount() >= 900);
        QCOMPARE(model.droppedByCap() + quint64(model.retainedCount()), quint64(2500));
        QCOMPARE(model.record(model.rowCount() - 1).sequence, quint64(2500));
        QCOMPARE(model.record(0).sequence, model.droppedByCap() + 1);
        QVERIFY(removed.count() <= 20);
    }

    void filters_data()
    {
        QTest::addColumn<int>("minimumLevel");
        QTest::addColumn<QStringList>("services");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("regex");
        QTest::addColumn<int>("expected");
        // 120 lines: levels cycle Debug, Info, Warning, Error; services alpha, beta, gamma.
        QTest::newRow("everything") << int(LogLevel::Trace) << QStringList{} << "" << false << 120;
        QTest::newRow("warning and up")
            << int(LogLevel::Warning) << QStringList{} << "" << false << 60;
        QTest::newRow("one service")
            << int(LogLevel::Trace) << QStringList{"beta"} << "" << false << 40;
        QTest::newRow("two services, errors")
            << int(LogLevel::Error) << QStringList{"alpha", "beta"} << "" << false << 20;
        QTest::newRow("text, any case")
            << int(LogLevel::Trace) << QStringList{} << "LINE 11" << false << 11;
        QTest::newRow("regex") << int(LogLevel::Trace) << QStringList{} << "^line \\d5 " << true
                               << 9;
        QTest::newRow("invalid regex shows nothing")
            << int(LogLevel::Trace) << QStringList{} << "(" << true << 0;
    }

    void filters()
    {
        QFETCH(int, minimumLevel);
        QFETCH(QStringList, services);
        QFETCH(QString, text);
        QFETCH(bool, regex);
        QFETCH(int, expected);

        LogModel model;
        model.append(makeRecords(120));
        LogFilter filter;
        filter.minimumLevel = LogLevel(minimumLevel);
        filter.services = QSet<QString>(services.begin(), services.end());
        filter.text = text;
        filter.regularExpression = regex;
        model.setFilter(filter);
        QCOMPARE(model.shownCount(), expected);
        QCOMPARE(model.retainedCount(), 120);
        if (text == "(")
            QVERIFY(!model.filter().error().isEmpty());

        // New lines pass through the same filter.
        model.append(makeRecords(120, 121));
        QVERIFY(model.shownCount() >= expected);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.filter().matches(model.record(row)));
    }

    void countsAddUp()
    {
        LogModel model;
        model.setRetentionCap(100);
        QSignalSpy counts(&model, &LogModel::countsChanged);
        model.append(makeRecords(150), 7);
        QCOMPARE(model.droppedUpstream(), quint64(7));
        QCOMPARE(model.droppedCount(), model.droppedByCap() + 7);
        QCOMPARE(quint64(model.retainedCount()) + model.droppedByCap(), quint64(150));
        QVERIFY(counts.count() >= 1);
    }
};

QTEST_GUILESS_MAIN(TestLogModel)
#include "tst_logmodel.moc"
