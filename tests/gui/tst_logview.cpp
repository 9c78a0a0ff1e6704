// The live log view on its own: follow-tail as a person scrolls, one-line rows,
// selection of whole rows, and the painted text.

#include "gui/log/logview.h"
#include <workhost/logging/loglevel.h>
#include <workhost/models/logmodel.h>

#include <QHeaderView>
#include <QImage>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace workhost;

namespace {

LogRecords makeLines(int count, int first = 1, const QString &text = QStringLiteral("line %1"))
{
    LogRecords records;
    for (int i = first; i < first + count; ++i) {
        LogRecord record;
        record.sequence = quint64(i);
        record.timeUsec = 1'700'000'000'000'000 + i;
        record.level = i % 2 ? LogLevel::Info : LogLevel::Error;
        record.service = QStringLiteral("svc");
        record.message = text.arg(i);
        records.push_back(record);
    }
    return records;
}

// The message of the line at the top of the view: what the person reads.
QString topMessage(const LogView &view)
{
    return view.model()->index(view.rowAt(0), LogModel::MessageColumn).data().toString();
}

bool rowIsVisible(const LogView &view, int row)
{
    const QRect rect = view.visualRect(view.model()->index(row, 0));
    return rect.isValid() && view.viewport()->rect().contains(rect);
}

} // namespace

class TestLogView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<LogModel>();
        m_view = std::make_unique<LogView>();
        m_view->setLogModel(m_model.get());
        m_view->resize(600, 300);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_view.reset();
        m_model.reset();
    }

    void followsTheTailAsLinesArrive()
    {
        for (int batch = 0; batch < 20; ++batch) {
            m_model->append(makeLines(500, batch * 500 + 1));
            QVERIFY(rowIsVisible(*m_view, m_model->rowCount() - 1));
        }
        QVERIFY(m_view->followsTail());
        QVERIFY(!rowIsVisible(*m_view, 0));
    }

    void scrollingUpStopsFollowingAndBackToTheEndResumes()
    {
        m_model->append(makeLines(1000));
        QSignalSpy changes(m_view.get(), &LogView::followTailChanged);
        QScrollBar *bar = m_view->verticalScrollBar();
        bar->setValue(bar->maximum() / 2);
        QVERIFY(!m_view->followsTail());
        QCOMPARE(changes.count(), 1);
        QCOMPARE(changes.at(0).at(0).toBool(), false);

        const int top = m_view->rowAt(0);
        m_model->append(makeLines(1000, 1001));
        QCOMPARE(m_view->rowAt(0), top); // what the person reads stays put
        QVERIFY(!rowIsVisible(*m_view, m_model->rowCount() - 1));

        bar->setValue(bar->maximum());
        QVERIFY(m_view->followsTail());
        m_model->append(makeLines(10, 2001));
        QVERIFY(rowIsVisible(*m_view, m_model->rowCount() - 1));
    }

    void followTailCanBeTurnedOnFromOutside()
    {
        m_model->append(makeLines(1000));
        m_view->verticalScrollBar()->setValue(0);
        QVERIFY(!m_view->followsTail());
        m_view->setFollowTail(true);
        QVERIFY(rowIsVisible(*m_view, m_model->rowCount() - 1));
    }

    void keepsFollowingWhileTheCapDropsOldLines()
    {
        m_model->setRetentionCap(1000);
        for (int batch = 0; batch < 10; ++batch)
            m_model->append(makeLines(450, batch * 450 + 1));
        QVERIFY(m_model->retainedCount() <= 1000);
        QVERIFY(m_view->followsTail());
        QVERIFY(rowIsVisible(*m_view, m_model->rowCount() - 1));
    }

    void keepsTheReadingPositionWhileTheCapDropsLinesAboveIt_data()
    {
        QTest::addColumn<QAbstractItemView::ScrollMode>("mode");
        QTest::addColumn<bool>("currentLineDropped");
        QTest::newRow("per item") << QAbstractItemView::ScrollPerItem << false;
        QTest::newRow("per pixel") << QAbstractItemView::ScrollPerPixel << false;
        // A line the person clicked earlier goes with the cap: the selection model
        // moves the current index to the next line, which must not scroll the view.
        QTest::newRow("per item, current line dropped") << QAbstractItemView::ScrollPerItem << true;
        QTest::newRow("per pixel, current line dropped")
            << QAbstractItemView::ScrollPerPixel << true;
    }

    void keepsTheReadingPositionWhileTheCapDropsLinesAboveIt()
    {
        QFETCH(QAbstractItemView::ScrollMode, mode);
        QFETCH(bool, currentLineDropped);
        m_view->setVerticalScrollMode(mode);
        m_model->setRetentionCap(1000);
        m_model->append(makeLines(1000));
        if (currentLineDropped)
            m_view->setCurrentIndex(m_model->index(50, 0));
        QScrollBar *bar = m_view->verticalScrollBar();
        bar->setValue(bar->maximum() / 2 + 7); // in pixel mode, part-way into a row
        QVERIFY(!m_view->followsTail());
        const QString reading = topMessage(*m_view);
        const int readingY = m_view->rowViewportPosition(m_view->rowAt(0));
        const int readingRow = m_view->rowAt(0);
        QVERIFY(readingRow > 400);

        m_model->append(makeLines(300, 1001)); // the cap drops lines 1 to 400
        QCOMPARE(m_model->droppedCount(), quint64(400));
        QCOMPARE(topMessage(*m_view), reading);
        QCOMPARE(m_view->rowAt(0), readingRow - 400);
        QCoreApplication::processEvents(); // the view's delayed relayout
        QCOMPARE(topMessage(*m_view), reading);
        QCOMPARE(m_view->rowViewportPosition(m_view->rowAt(0)), readingY); // not a pixel off
        QVERIFY(!m_view->followsTail());
    }

    void keepsFollowingWhenTheCapDropsTheCurrentLine()
    {
        m_model->setRetentionCap(1000);
        m_model->append(makeLines(1000));
        m_view->setCurrentIndex(m_model->index(10, 0)); // scrolls up there...
        m_view->setFollowTail(true);                    // ...and back to the end
        m_model->append(makeLines(300, 1001));          // the cap drops lines 1 to 400
        QVERIFY(m_view->followsTail());
        QVERIFY(rowIsVisible(*m_view, m_model->rowCount() - 1));
    }

    void showsTheOldestLineLeftWhenTheCapDropsTheLinesRead()
    {
        m_model->setRetentionCap(1000);
        m_model->append(makeLines(1000));
        m_view->verticalScrollBar()->setValue(100);
        QVERIFY(!m_view->followsTail());
        QCOMPARE(topMessage(*m_view), QStringLiteral("line 101"));

        m_model->append(makeLines(300, 1001)); // the cap drops lines 1 to 400
        QCoreApplication::processEvents();
        QCOMPARE(topMessage(*m_view), QStringLiteral("line 401"));
        QVERIFY(!m_view->followsTail());
    }

    void rowsAreOneLineHigh()
    {
        m_model->append(makeLines(3, 1, QStringLiteral("first %1\nsecond line")));
        const int height = m_view->visualRect(m_model->index(0, 0)).height();
        QVERIFY(height >= m_view->fontMetrics().height());
        QVERIFY(height < 2 * m_view->fontMetrics().height());
        QCOMPARE(m_view->visualRect(m_model->index(2, 3)).height(), height);
    }

    void clickSelectsTheWholeRow()
    {
        m_model->append(makeLines(5));
        m_view->setFollowTail(false);
        m_view->scrollToTop();
        const QRect cell = m_view->visualRect(m_model->index(1, LogModel::MessageColumn));
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, cell.center());
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().row(), 1);
        QCOMPARE(m_view->selectionModel()->selectedIndexes().size(), LogModel::ColumnCount);
    }

    void paintsTheTextOfEveryColumn()
    {
        m_model->append(makeLines(1, 1, QString(300, QLatin1Char('W')) + QStringLiteral("%1")));
        const QImage image = m_view->viewport()->grab().toImage();
        const QRect row = m_view->visualRect(m_model->index(0, 0));
        const QRgb background = image.pixel(image.width() - 1, image.height() - 1);
        // Ink in every column of the first row; the long message stays inside
        // the viewport's row (elided, not wrapped onto the next row).
        for (int column = 0; column < LogModel::ColumnCount; ++column) {
            const QRect cell = m_view->visualRect(m_model->index(0, column))
                                   .intersected(m_view->viewport()->rect());
            bool ink = false;
            for (int x = cell.left(); x <= cell.right() && !ink; ++x)
                for (int y = cell.top(); y <= cell.bottom() && !ink; ++y)
                    ink = image.pixel(x, y) != background;
            QVERIFY2(ink, qPrintable(QStringLiteral("column %1 is blank").arg(column)));
        }
        for (int x = 0; x < image.width(); ++x)
            QCOMPARE(image.pixel(x, row.bottom() + 2), background);
    }

private:
    std::unique_ptr<LogModel> m_model;
    std::unique_ptr<LogView> m_view;
};

QTEST_MAIN(TestLogView)
#include "tst_logview.moc"
