// The shutdown dialog as a person sees it: rows per worker in stop order, a
// countdown that moves between reports, the final summary, "Quit now", and a
// close that waits rather than leaving a half-stopped window behind.

#include "gui/shutdown/shutdowndialog.h"
#include "support/recordingsink.h"
#include "support/testservices.h"
#include <workhost/hosting/host.h>
#include <workhost/hosting/shutdownprogress.h>
#include <workhost/session/inprocesshostsession.h>

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

#include <algorithm>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

// The dialog's widgets, found by the objectNames of ui/shutdowndialog.ui.
struct Seen
{
    explicit Seen(const ShutdownDialog &dialog)
        : headline(dialog.findChild<QLabel *>(QStringLiteral("headlineLabel")))
        , bar(dialog.findChild<QProgressBar *>(QStringLiteral("overallBar")))
        , rows(dialog.findChild<QTreeWidget *>(QStringLiteral("workerTree")))
        , countdown(dialog.findChild<QLabel *>(QStringLiteral("countdownLabel")))
        , quitNow(dialog.findChild<QPushButton *>(QStringLiteral("quitNowButton")))
    {}

    bool found() const { return headline && bar && rows && countdown && quitNow; }
    QStringList column(int column) const
    {
        QStringList out;
        for (int row = 0; row < rows->topLevelItemCount(); ++row)
            out << rows->topLevelItem(row)->text(column);
        return out;
    }
    QStringList names() const { return column(0); }
    QStringList states() const { return column(1); }
    QStringList elapsed() const { return column(2); }
    bool barFull() const { return bar->value() == bar->maximum(); }

    QLabel *headline;
    QProgressBar *bar;
    QTreeWidget *rows;
    QLabel *countdown;
    QPushButton *quitNow;
};

// A duration as the dialog shows it: "0.3 s".
QString secondsText(std::chrono::milliseconds duration)
{
    return QStringLiteral("%1 s").arg(static_cast<double>(duration.count()) / 1000.0, 0, 'f', 1);
}

// Appends `value` unless it repeats the last one: a log of what was shown.
void note(QStringList &log, const QString &value)
{
    if (log.isEmpty() || log.last() != value)
        log << value;
}

// Every paint of a progress bar: its fill (0 to 1) and its text at that moment.
class PaintLog : public QObject
{
public:
    explicit PaintLog(QProgressBar *bar)
        : m_bar(bar)
    {
        bar->installEventFilter(this);
    }

    struct Paint
    {
        double fill;
        QString text;
    };
    QList<Paint> paints;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            const int span = m_bar->maximum() - m_bar->minimum();
            paints.append(
                {span > 0 ? double(m_bar->value() - m_bar->minimum()) / span : 0.0, m_bar->text()});
        }
        return false;
    }

private:
    QProgressBar *m_bar;
};

// The seconds in "Deadline in 8.3 s" lines, in the order they were shown.
QList<double> deadlineSeconds(const QStringList &countdowns)
{
    static const QRegularExpression pattern(QStringLiteral("^Deadline in (\\d+\\.\\d) s$"));
    QList<double> out;
    for (const QString &text : countdowns) {
        const QRegularExpressionMatch match = pattern.match(text);
        if (match.hasMatch())
            out << match.captured(1).toDouble();
    }
    return out;
}

HostOptions hostOptions(std::chrono::milliseconds shutdownTimeout, bool stopConcurrently)
{
    HostOptions options;
    options.shutdownTimeout = shutdownTimeout;
    options.stopConcurrently = stopConcurrently;
    return options;
}

bool waitForHostState(const Host &host, HostState state)
{
    return QTest::qWaitFor([&] { return host.state() == state; }, 5000);
}

} // namespace

class TestShutdownDialog : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink; // keeps the hosts' log lines off the test output

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    void showsAStubbornWorkerTimingOut_data()
    {
        QTest::addColumn<bool>("concurrent");
        QTest::addColumn<QString>("politeFirst");
        QTest::addColumn<QStringList>("stubbornSeen");

        // Sequential: the stubborn one, registered last, is asked first; past its
        // share of the deadline (half of it, for two) it is shown as still
        // stopping and the polite one is asked, and stops; only the stubborn
        // one times out.
        QTest::newRow("sequential")
            << false << "Waiting" << QStringList{"Stopping", "Still stopping", "Timed out"};
        QTest::newRow("concurrent") << true << "Stopping" << QStringList{"Stopping", "Timed out"};
    }

    void showsAStubbornWorkerTimingOut()
    {
        QFETCH(bool, concurrent);
        QFETCH(QString, politeFirst);
        QFETCH(QStringList, stubbornSeen);

        Gate gate; // before the host: the host's destructor waits for the stubborn thread
        // Long enough for several countdown polls (every 100 ms) on a loaded machine.
        Host host(hostOptions(1s, concurrent));
        const auto release = qScopeGuard([&] { gate.open(); }); // even if a check fails
        QVERIFY(
            host.addService(std::make_unique<ScriptedWorker>("polite", Behaviour::WaitForStop)));
        QVERIFY(host.addService(
            std::make_unique<ScriptedWorker>("stubborn", Behaviour::IgnoreStop, &gate)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));

        InProcessHostSession session({.host = host});
        ShutdownDialog dialog(session);
        const Seen seen(dialog);
        QVERIFY(seen.found());
        QSignalSpy complete(&dialog, &ShutdownDialog::shutdownComplete);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Shutting down"));

        host.stop();
        // The host's first report comes synchronously from stop(): rows in stop order.
        QCOMPARE(seen.names(), QStringList({"stubborn", "polite"}));
        QCOMPARE(seen.states(), QStringList({"Stopping", politeFirst}));
        QCOMPARE(seen.headline->text(), QStringLiteral("Stopping 2 workers…"));
        QVERIFY(seen.countdown->text().startsWith(QStringLiteral("Deadline in ")));

        // Escape while stopping means "keep waiting".
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(dialog.isVisible());

        QStringList countdowns, stubbornStates, politeStates;
        QVERIFY(QTest::qWaitFor(
            [&] {
                note(countdowns, seen.countdown->text());
                note(stubbornStates, seen.states().value(0));
                note(politeStates, seen.states().value(1));
                return complete.count() > 0;
            },
            5000));

        // The countdown moved down while no report came, then gave the total.
        const QList<double> shown = deadlineSeconds(countdowns);
        QVERIFY2(shown.size() >= 2, qPrintable(countdowns.join(" | ")));
        QVERIFY2(std::is_sorted(shown.crbegin(), shown.crend()),
                 qPrintable(countdowns.join(" | ")));
        QVERIFY2(countdowns.last().startsWith(QStringLiteral("Took ")),
                 qPrintable(countdowns.join(" | ")));

        QCOMPARE(stubbornStates, stubbornSeen);
        QCOMPARE(politeStates.first(), politeFirst);
        QCOMPARE(politeStates.last(), QStringLiteral("Stopped"));
        // The time shown is the host's final figure for it, whatever the machine's load.
        const QString stubbornTook = secondsText(host.shutdownProgress().entries.value(0).elapsed);
        QCOMPARE(seen.elapsed().value(0), stubbornTook);

        QCOMPARE(seen.headline->text(), QStringLiteral("Stopped; 1 timed out"));
        QVERIFY(seen.barFull());
        QCOMPARE(seen.bar->text(), QStringLiteral("2 of 2 finished"));
        QCOMPARE(complete.count(), 1);
        QVERIFY(dialog.isComplete());

        // The stubborn worker returns late: the host says so, the dialog stays final.
        gate.open();
        QTRY_COMPARE(host.status("stubborn")->state, ServiceState::Stopped);
        QCOMPARE(seen.states().value(0), QStringLiteral("Timed out"));
        QCOMPARE(seen.elapsed().value(0), stubbornTook);
        QCOMPARE(complete.count(), 1);

        // Once stopped, Escape closes it as usual.
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(!dialog.isVisible());
    }

    void quitNowAsksTheWindowToQuit()
    {
        Gate gate;
        Host host(hostOptions(5s, false));
        const auto release = qScopeGuard([&] { gate.open(); });
        QVERIFY(host.addService(
            std::make_unique<ScriptedWorker>("stubborn", Behaviour::IgnoreStop, &gate)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));

        InProcessHostSession session({.host = host});
        ShutdownDialog dialog(session);
        const Seen seen(dialog);
        QVERIFY(seen.found());
        QSignalSpy quitNow(&dialog, &ShutdownDialog::quitNowRequested);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        host.stop();

        QTest::mouseClick(seen.quitNow, Qt::LeftButton);
        QCOMPARE(quitNow.count(), 1);
        // The dialog decides nothing itself: the stop goes on.
        QVERIFY(dialog.isVisible());
        QCOMPARE(host.state(), HostState::Stopping);
        QCOMPARE(seen.states(), QStringList({"Stopping"}));
    }

    void endsWithAllStopped_data()
    {
        QTest::addColumn<QStringList>("workers");
        QTest::addColumn<bool>("concurrent");

        QTest::newRow("three, sequential") << QStringList{"a", "b", "c"} << false;
        QTest::newRow("three, concurrent") << QStringList{"a", "b", "c"} << true;
        QTest::newRow("five, sequential") << QStringList{"a", "b", "c", "d", "e"} << false;
        QTest::newRow("five, concurrent") << QStringList{"a", "b", "c", "d", "e"} << true;
        QTest::newRow("none running") << QStringList{} << false;
    }

    void endsWithAllStopped()
    {
        QFETCH(QStringList, workers);
        QFETCH(bool, concurrent);

        Host host(hostOptions(5s, concurrent));
        for (const QString &name : std::as_const(workers))
            QVERIFY(
                host.addService(std::make_unique<ScriptedWorker>(name, Behaviour::WaitForStop)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));

        InProcessHostSession session({.host = host});
        ShutdownDialog dialog(session);
        const Seen seen(dialog);
        QVERIFY(seen.found());
        QSignalSpy complete(&dialog, &ShutdownDialog::shutdownComplete);
        dialog.show();
        host.stop();
        QVERIFY(complete.count() == 1 || complete.wait(5000));

        QCOMPARE(seen.headline->text(), QStringLiteral("All workers stopped"));
        const QStringList reversed(workers.crbegin(), workers.crend());
        QCOMPARE(seen.names(), reversed);
        QCOMPARE(seen.states(), QStringList(workers.size(), QStringLiteral("Stopped")));
        QVERIFY(seen.barFull());
        QCOMPARE(seen.bar->text(), QStringLiteral("%1 of %1 finished").arg(workers.size()));
        QVERIFY(seen.countdown->text().startsWith(QStringLiteral("Took ")));
        QCOMPARE(complete.count(), 1);
    }

    // The bar showed "4 of 5 finished", full, with every row Stopped: the
    // fill of one report painted with the text of the one before. Every paint
    // must show one report: the text's count and the fill agree.
    void everyPaintOfTheBarShowsOneReport_data()
    {
        QTest::addColumn<bool>("concurrent");
        QTest::newRow("sequential") << false;
        QTest::newRow("concurrent") << true;
    }

    void everyPaintOfTheBarShowsOneReport()
    {
        QFETCH(bool, concurrent);
        Host host(hostOptions(5s, concurrent));
        for (const char *name : {"a", "b", "c", "d", "e"})
            QVERIFY(
                host.addService(std::make_unique<ScriptedWorker>(name, Behaviour::WaitForStop)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));

        InProcessHostSession session({.host = host});
        ShutdownDialog dialog(session);
        const Seen seen(dialog);
        QVERIFY(seen.found());
        const PaintLog log(seen.bar);
        QSignalSpy complete(&dialog, &ShutdownDialog::shutdownComplete);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        host.stop();
        QVERIFY(complete.count() == 1 || complete.wait(5000));
        // The last report is painted too, whenever the window next paints.
        QTRY_VERIFY(!log.paints.isEmpty() && log.paints.last().text == "5 of 5 finished");

        static const QRegularExpression counts(QStringLiteral("^(\\d+) of (\\d+) finished$"));
        QStringList shown;
        for (const PaintLog::Paint &paint : log.paints)
            shown << QStringLiteral("%1 %2").arg(paint.fill).arg(paint.text);
        for (const PaintLog::Paint &paint : log.paints) {
            const QRegularExpressionMatch match = counts.match(paint.text);
            QVERIFY2(match.hasMatch(), qPrintable(shown.join(" | ")));
            const int total = match.captured(2).toInt();
            if (total == 0)
                continue; // before the first report: nothing to fill
            const double finished = match.captured(1).toDouble() / total;
            QVERIFY2(qAbs(paint.fill - finished) < 0.01, qPrintable(shown.join(" | ")));
        }
    }

    void completesEvenIfTheHostStoppedFirst()
    {
        // A host already Stopped when the dialog appears: the signal still comes,
        // once, after the caller had a chance to connect.
        Host host;
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("a", Behaviour::WaitForStop)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));
        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped));

        InProcessHostSession session({.host = host});
        ShutdownDialog dialog(session);
        QSignalSpy complete(&dialog, &ShutdownDialog::shutdownComplete);
        QVERIFY(!dialog.isComplete());
        QVERIFY(complete.wait(1000));
        QCOMPARE(Seen(dialog).headline->text(), QStringLiteral("All workers stopped"));
        QCOMPARE(Seen(dialog).states(), QStringList({"Stopped"}));
        QCOMPARE(complete.count(), 1);
    }
};

QTEST_MAIN(TestShutdownDialog)
#include "tst_shutdowndialog.moc"
