// The ThreadSanitizer job's check on itself (.ci/tsan runs it with .ci/tsan.supp):
// a race in code of ours that runs in a queued call or a timer's slot must be
// reported. A suppression matching a frame below such a slot (Qt's event
// delivery, the event dispatcher) would hide every race of that kind in
// Workhost; this program plants one and the job fails if none is reported.
//
//     tsan_canary queued   a worker writes a value and posts a call that reads it on the
//                          main thread: only Qt's event queue orders the two, which TSan
//                          cannot see (Workhost's hand-offs go through Postbox for that)
//     tsan_canary timer    a timer's slot reads what a worker writes, in no order at all
//
// Exits 0 when no race was reported; with halt_on_error=1 a report exits 66.

#include <QCoreApplication>
#include <QTimer>

#include <atomic>
#include <cstring>
#include <thread>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2)
        return 2;
    int value = 0; // what the race is on: plain, unguarded
    int seen = 0;
    if (std::strcmp(argv[1], "queued") == 0) {
        std::thread worker([&] {
            value = 1;
            QMetaObject::invokeMethod(
                &app,
                [&] {
                    seen = value;
                    app.quit();
                },
                Qt::QueuedConnection);
        });
        app.exec();
        worker.join();
    } else if (std::strcmp(argv[1], "timer") == 0) {
        std::atomic<bool> written = false; // relaxed: it orders nothing
        std::thread worker([&] {
            value = 1;
            written.store(true, std::memory_order_relaxed);
        });
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &app, [&] {
            if (!written.load(std::memory_order_relaxed))
                return;
            seen = value;
            app.quit();
        });
        poll.start(1);
        app.exec();
        worker.join();
    } else {
        return 2;
    }
    return seen == 1 ? 0 : 3;
}
