// The window's layout and log filter kept between runs: saved from one
// window, restored into a new one, through a QSettings in a temporary folder.

#include "gui/log/logpanel.h"
#include "gui/log/logview.h"
#include "gui/windowsettings.h"
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/loglevel.h>
#include <workhost/session/livelogsubscription.h>

#include <QHeaderView>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace workhost;

namespace {

// The parts of the real window that WindowSettings remembers, laid out as
// ui/mainwindow.ui lays them out: a table and a details pane side by side,
// above the log.
struct Window
{
    Window()
        : mainSplitter(new QSplitter(Qt::Vertical))
        , topSplitter(new QSplitter(Qt::Horizontal))
        , workers(new QTreeView)
        , log(new LogPanel(std::make_unique<LiveLogSubscription>(std::make_shared<LiveLogSink>()),
                           1000))
    {
        workers->setModel(&columns);
        columns.setColumnCount(5);
        topSplitter->addWidget(workers);
        topSplitter->addWidget(new QWidget);
        mainSplitter->addWidget(topSplitter);
        mainSplitter->addWidget(log);
        window.setCentralWidget(mainSplitter);
        window.resize(900, 700);
    }

    WindowSettings settings() const
    {
        return WindowSettings({&window, mainSplitter, topSplitter, workers->header(), log});
    }

    QStandardItemModel columns;
    mutable QMainWindow window;
    QSplitter *mainSplitter;
    QSplitter *topSplitter;
    QTreeView *workers;
    LogPanel *log;
};

} // namespace

class TestWindowSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layoutAndFilterSurviveARestart()
    {
        QTemporaryDir dir;
        QSettings store(dir.filePath("workhost.conf"), QSettings::IniFormat);
        QList<int> mainSizes, topSizes;
        {
            Window first;
            first.window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first.window));
            first.window.resize(800, 640);
            first.mainSplitter->setSizes({150, 450});
            first.topSplitter->setSizes({500, 250});
            first.workers->header()->resizeSection(1, 173);
            first.log->view()->horizontalHeader()->resizeSection(0, 141);
            first.log->restoreFilter(int(LogLevel::Warning), QStringLiteral("disk.*full"), true);
            mainSizes = first.mainSplitter->sizes();
            topSizes = first.topSplitter->sizes();
            first.settings().save(store);
        }
        store.sync();

        Window second;
        second.settings().restore(store);
        second.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second.window));
        QCOMPARE(second.window.size(), QSize(800, 640));
        QCOMPARE(second.mainSplitter->sizes(), mainSizes);
        QCOMPARE(second.topSplitter->sizes(), topSizes);
        QCOMPARE(second.workers->header()->sectionSize(1), 173);
        QCOMPARE(second.log->view()->horizontalHeader()->sectionSize(0), 141);
        QCOMPARE(second.log->minimumLevel(), int(LogLevel::Warning));
        QCOMPARE(second.log->filterText(), QStringLiteral("disk.*full"));
        QVERIFY(second.log->filterIsRegex());
    }

    // The application's own settings (what the window uses), here redirected
    // to a temporary folder.
    void theApplicationsSettingsAreUsedByDefault()
    {
        QTemporaryDir dir;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("WorkhostTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_windowsettings"));
        {
            Window first;
            first.log->restoreFilter(int(LogLevel::Error), QStringLiteral("timeout"), false);
            first.settings().save();
        }
        QVERIFY(QFileInfo::exists(dir.filePath("WorkhostTest/tst_windowsettings.conf")));
        Window second;
        second.settings().restore();
        QCOMPARE(second.log->minimumLevel(), int(LogLevel::Error));
        QCOMPARE(second.log->filterText(), QStringLiteral("timeout"));
        QVERIFY(!second.log->filterIsRegex());
    }

    // A first start: no saved geometry, so the window takes at most nine
    // tenths of the screen's free area (its frame must not push the status
    // bar off the bottom), centred; the log's filter is left as built.
    void nothingSavedFitsTheWindowToTheScreen()
    {
        QTemporaryDir dir;
        const QSettings empty(dir.filePath("none.conf"), QSettings::IniFormat);
        Window window;
        window.settings().restore(empty);
        const QRect available = window.window.screen()->availableGeometry();
        const QSize size = window.window.size();
        QVERIFY2(size.width() <= available.width() * 9 / 10 + 1 &&
                     size.height() <= available.height() * 9 / 10 + 1,
                 qPrintable(QStringLiteral("%1x%2 on a screen of %3x%4")
                                .arg(size.width())
                                .arg(size.height())
                                .arg(available.width())
                                .arg(available.height())));
        QVERIFY((window.window.geometry().center() - available.center()).manhattanLength() <= 2);
        QCOMPARE(window.log->minimumLevel(), int(LogLevel::Trace));
        QCOMPARE(window.log->filterText(), QString());
        QVERIFY(!window.log->filterIsRegex());
    }
};

QTEST_MAIN(TestWindowSettings)
#include "tst_windowsettings.moc"
