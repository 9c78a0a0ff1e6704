// The log panel's pause: lines received while paused are held back within
// the same caps the model keeps, lines and bytes, and the ones dropped to stay
// under them are counted.

#include "gui/log/logpanel.h"
#include <workhost/logging/livelogsink.h>
#include <workhost/models/logmodel.h>
#include <workhost/session/livelogsubscription.h>

#include <QTest>

#include <spdlog/logger.h>

using namespace workhost;

class TestLogPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pauseHoldsBackWithinTheByteCap()
    {
        auto sink = std::make_shared<LiveLogSink>();
        LogPanel panel(std::make_unique<LiveLogSubscription>(sink), 100000);
        panel.model()->setRetentionBytes(256 * 1024);
        panel.setPaused(true);

        // 100 lines of 10,000 characters: 2 MB held back unless bounded.
        spdlog::logger logger("long", sink);
        for (int i = 1; i <= 100; ++i)
            logger.info("{:03d}{}", i, std::string(9997, 'x'));
        panel.subscription()->takeNow();
        QCOMPARE(panel.model()->retainedCount(), 0);

        panel.setPaused(false);
        const LogModel &model = *panel.model();
        QVERIFY(model.retainedBytes() <= model.retentionBytes());
        QCOMPARE(model.droppedCount() + quint64(model.retainedCount()), quint64(100));
        // Dropped while held back, before the model saw them, not by the model.
        QVERIFY(model.droppedUpstream() > 0);
        QCOMPARE(model.droppedByCap(), quint64(0));
        QCOMPARE(model.record(model.rowCount() - 1).message.left(3), QStringLiteral("100"));
    }
};

QTEST_MAIN(TestLogPanel)
#include "tst_logpanel.moc"
