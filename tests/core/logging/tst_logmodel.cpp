// The log model: retention caps (lines and bytes), filters, counts, and the
// model contract.

#include <workhost/logging/loglevel.h>
#include <workhost/models/logmodel.h>

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

LogRecords makeLongRecords(int count, int length, quint64 firstSequence = 1)
{
    LogRecords records = makeRecords(count, firstSequence);
    for (LogRecord &record : records)
        record.message = QStringLiteral("%1").arg(record.sequence, 5, 10, QLatin1Char('0')) +
                         QString(length - 5, QLatin1Char('x'));
    return records;
}

size_t sumOfHeldBytes(const LogModel &model)
{
    size_t bytes = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        bytes += heldBytes(model.record(row));
    return bytes;
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

    // Whichever cap is reached first holds; the oldest go first, in chunks of
    // a tenth of that cap, and every line is either retained or counted.
    void keepsUnderBothCaps_data()
    {
        QTest::addColumn<int>("lineCap");
        QTest::addColumn<qint64>("byteCap"); // 0: the default
        QTest::addColumn<int>("batches");
        QTest::addColumn<int>("linesPerBatch");
        QTest::addColumn<int>("lineLength");
        QTest::addColumn<bool>("bytesFirst");
        QTest::newRow("long lines: bytes first")
            << 100000 << qint64(1024 * 1024) << 20 << 10 << 10000 << true;
        QTest::newRow("short lines: lines first")
            << 1000 << qint64(1024 * 1024) << 25 << 100 << 20 << false;
        QTest::newRow("one batch larger than the byte cap")
            << 100000 << qint64(1024 * 1024) << 1 << 200 << 10000 << true;
        // 600 lines of 60,000 characters: 72 MB as UTF-16.
        QTest::newRow("the defaults, the command worker's longest lines")
            << LogModel::defaultRetentionCap << qint64(0) << 60 << 10 << 60000 << true;
    }

    void keepsUnderBothCaps()
    {
        QFETCH(int, lineCap);
        QFETCH(qint64, byteCap);
        QFETCH(int, batches);
        QFETCH(int, linesPerBatch);
        QFETCH(int, lineLength);
        QFETCH(bool, bytesFirst);

        LogModel model;
        model.setRetentionCap(lineCap);
        if (byteCap > 0)
            model.setRetentionBytes(size_t(byteCap));
        QCOMPARE(model.retentionBytes(),
                 byteCap > 0 ? size_t(byteCap) : LogModel::defaultRetentionBytes);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        const int total = batches * linesPerBatch;
        for (int batch = 0; batch < batches; ++batch)
            model.append(makeLongRecords(linesPerBatch, lineLength,
                                         quint64(batch) * quint64(linesPerBatch) + 1));

        QVERIFY(model.retainedCount() <= lineCap);
        QVERIFY2(model.retainedBytes() <= model.retentionBytes(),
                 qPrintable(QString::number(model.retainedBytes())));
        QCOMPARE(model.retainedBytes(), sumOfHeldBytes(model));
        QVERIFY(model.droppedByCap() > 0);
        QCOMPARE(model.droppedByCap() + quint64(model.retainedCount()), quint64(total));
        QCOMPARE(model.record(model.rowCount() - 1).sequence, quint64(total));
        QCOMPARE(model.record(0).sequence, model.droppedByCap() + 1);
        QCOMPARE(model.record(0).message.size(), qsizetype(lineLength));
        const size_t line = heldBytes(model.record(0));
        if (bytesFirst) {
            QVERIFY(model.retainedCount() < lineCap);
            // Dropped to nine tenths of the cap at most, never much further.
            QVERIFY(model.retainedBytes() + 2 * line * size_t(linesPerBatch) >=
                    model.retentionBytes() * 9 / 10);
        } else {
            QVERIFY(model.retainedCount() >= lineCap * 9 / 10);
            QVERIFY(model.retainedBytes() < model.retentionBytes());
        }
        QVERIFY(removed.count() <= batches);
    }

    void lowerByteCapTrimsAtOnce()
    {
        LogModel model;
        model.append(makeLongRecords(100, 1000));
        QSignalSpy counts(&model, &LogModel::countsChanged);
        const size_t before = model.retainedBytes();
        model.setRetentionBytes(before / 2);
        QVERIFY(model.retainedBytes() <= before / 2);
        QCOMPARE(model.retainedBytes(), sumOfHeldBytes(model));
        QCOMPARE(model.record(model.rowCount() - 1).sequence, quint64(100));
        QCOMPARE(counts.count(), 1);
        model.clear();
        QCOMPARE(model.retainedBytes(), size_t(0));
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
