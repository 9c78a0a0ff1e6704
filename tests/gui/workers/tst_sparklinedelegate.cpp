// The rate cell of the workers table: a line chart of the last minute with the
// current rate as text, painted side by side, never on top of each other.

#include "gui/workers/sparklinedelegate.h"
#include "gui/workers/workertablemodel.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

using namespace workhost;

namespace {

constexpr QSize cellSize(160, 24);

// Paints one cell with `rates` and `text` on white and returns the picture.
QImage paintCell(const QList<double> &rates, const QString &text, const QWidget &widget,
                 QSize size = cellSize)
{
    QStandardItemModel model(1, 1);
    const QModelIndex index = model.index(0, 0);
    model.setData(index, text, Qt::DisplayRole);
    model.setData(index, QVariant::fromValue(rates), WorkerTableModel::RateHistoryRole);

    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setFont(widget.font()); // as a view's viewport would
    QStyleOptionViewItem option;
    option.initFrom(&widget);
    option.rect = QRect(QPoint(0, 0), size);
    option.state = QStyle::State_Enabled;
    option.palette.setColor(QPalette::Base, Qt::white);
    option.palette.setColor(QPalette::Text, Qt::black);
    option.palette.setColor(QPalette::Highlight, QColor(0, 0, 255));
    SparklineDelegate delegate;
    delegate.paint(&painter, option, index);
    painter.end();
    return image;
}

// Pixels of the chart's colour (blue, drawn or filled) between columns `from` and `to`.
int chartPixels(const QImage &image, int from, int to)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = std::max(0, from); x < std::min(image.width(), to); ++x) {
            const QColor color = image.pixelColor(x, y);
            if (color.blue() > color.red() + 40 && color.blue() > color.green() + 40)
                ++count;
        }
    }
    return count;
}

} // namespace

class TestSparklineDelegate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chartAndTextSitSideBySide()
    {
        QTableView widget;
        QList<double> rates;
        for (int i = 0; i < WorkerTableModel::rateSamples; ++i)
            rates << double(i % 7);
        const QString text = QStringLiteral("123.4k/s");
        const QImage image = paintCell(rates, text, widget);

        const int textLeft = cellSize.width() - 4 - widget.fontMetrics().horizontalAdvance(text);
        QCOMPARE(chartPixels(image, textLeft, cellSize.width()), 0);
        QVERIFY(chartPixels(image, 0, textLeft) > 20); // the chart is there, left of the text
        // And the text is there: dark pixels on its side.
        int dark = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = textLeft; x < cellSize.width(); ++x)
                dark += qGray(image.pixel(x, y)) < 100;
        QVERIFY(dark > 10);
    }

    void aFewSamplesStartFromTheTextsLeft()
    {
        QTableView widget;
        const QString text = QStringLiteral("5.0/s");
        const QImage image = paintCell({1, 5, 3}, text, widget);
        const int textLeft = cellSize.width() - 4 - widget.fontMetrics().horizontalAdvance(text);
        QCOMPARE(chartPixels(image, textLeft, cellSize.width()), 0);
        // Three samples of sixty take two sixtieths of the chart's width: a few
        // pixels just left of the text, nothing further left.
        QVERIFY(chartPixels(image, textLeft - 20, textLeft) > 0);
        QCOMPARE(chartPixels(image, 0, textLeft - 20), 0);
    }

    // A rate wider than its column shows how it starts, ending in "…", as
    // the same elided text would: before, its first digits were cut off at
    // the cell's left edge ("0.1M numbers/s" for "20.1M numbers/s").
    void aRateWiderThanItsCellIsElidedAtItsEnd()
    {
        QTableView widget;
        const QString text = QStringLiteral("20.1M numbers/s");
        const QSize narrow(widget.fontMetrics().horizontalAdvance(text) * 2 / 3, cellSize.height());
        const QString elided =
            widget.fontMetrics().elidedText(text, Qt::ElideRight, narrow.width() - 8);
        QVERIFY(elided.endsWith(QChar(0x2026)));
        QCOMPARE(paintCell({}, text, widget, narrow), paintCell({}, elided, widget, narrow));
        QVERIFY(paintCell({}, text, widget, narrow) != paintCell({}, {}, widget, narrow));
    }
};

QTEST_MAIN(TestSparklineDelegate)
#include "tst_sparklinedelegate.moc"
