#pragma once

#include <workhost/config/workerregistry.h>
#include <workhost/hosting/backgroundworker.h>

#include <chrono>

namespace workhost {

// Deletes the files in a directory that match a glob and are older than
// `maxAge`, every `interval`. A dry run by default: it only says, in the log
// and in its status note, what it would delete; it deletes once `dryRun` is
// set to false (in the "add worker" form: "Delete files (not a dry run)").
// Logs every file it removes and the bytes freed.
class CleanupWorker : public BackgroundWorker
{
public:
    struct Settings
    {
        QString directory;
        QString pattern = QStringLiteral("*");
        std::chrono::milliseconds maxAge{7LL * 24 * 3600 * 1000};
        bool recursive = false;
        bool dryRun = true; // a worker that deletes must not do so by surprise
        std::chrono::milliseconds interval{3600000};
    };

    CleanupWorker(QString name, Settings settings);
    static WorkerType type();

protected:
    void execute(StopToken token) override;

private:
    void sweep(const StopToken &token);

    const Settings m_settings;
};

} // namespace workhost
