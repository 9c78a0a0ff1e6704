#include "core/applicationinfo.h"
#include "gui/mainwindow.h"

#include <QApplication>
#include <QTest>

using namespace workhost;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsWithTitleAndIcon()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), ApplicationInfo::name());
        QVERIFY(!window.windowIcon().isNull());
        // The SVG must really render: a null pixmap means the icon was not found
        // in the resources or the SVG image plugin is missing.
        QVERIFY(!window.windowIcon().pixmap(QSize(32, 32)).isNull());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
