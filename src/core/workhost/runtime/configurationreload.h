#pragma once

#include <workhost/config/configuration.h>
#include <workhost/runtime/reloadplan.h>

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace workhost {

class Host;
class WorkerRegistry;
struct ServiceTransition;

// Reloads a running host's workers from its configuration file, as
// `supervisorctl update` does (headless mode's SIGHUP, `systemctl reload`):
// the file is read and checked again; with any error, every problem is
// logged (where and what) and nothing changes. Otherwise the host is
// reconciled with it (ReloadPlan): workers added in the file are added (and
// start if autostart), removed or disabled ones are stopped and removed,
// changed ones are stopped, removed and added again with their new settings,
// and unchanged ones keep running untouched. One line sums it up:
// "reload: 1 added, 1 removed, 1 changed, 4 unchanged".
//
// Not reloaded: the host's options (a Host's are fixed) and the log
// settings; a reload that finds them changed says they take effect at the
// next start. A replaced worker is registered again, so it stops first in
// the host's reverse-order stop.
//
// The stops are asynchronous: finished() follows once every removed and
// changed worker has stopped (each under the host's one-service stop
// allowance, HostOptions::shutdownTimeout). A reload asked for during one is
// run after it; one asked for before the host is Running waits for it; the
// host's stop ends a reload under way (finished(false, ...)).
//
// Owner: HeadlessRun's owner (main()), or any code that owns the host.
// Thread: the host's thread (it calls the host and listens to its signals).
// Nothing crosses threads.
class ConfigurationReload : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigurationReload)

public:
    // `applied`: the configuration the host was assembled from, read from `path`.
    ConfigurationReload(Host &host, const WorkerRegistry &registry, const QString &path,
                        const Configuration &applied, QObject *parent = nullptr);

    QString path() const { return m_path; }
    // The configuration last applied: the file as the host now runs it.
    const Configuration &applied() const { return m_applied; }
    bool inProgress() const { return m_inProgress; }
    // What the last reload that read the file found, for a reply (the control
    // socket's "reload"): its plan once applied, and the file's errors
    // ("<file>: error: workers[0].type: ...") when it had any (then nothing changed).
    const ReloadPlan &lastPlan() const { return m_plan; }
    const QStringList &lastErrors() const { return m_lastErrors; }

    // The configuration the host now runs after edits made besides the file
    // (a worker added from the window or over the control socket): what the
    // next reload compares the file with. Ignored during a reload, whose end
    // sets applied() from the file.
    void setApplied(const Configuration &applied);

    // Reads the file again and reconciles the host with it; returns at once.
    void reload();

Q_SIGNALS:
    // The file is being read (a reload that will end with finished()).
    void started();
    // `changed`: the file was applied (it may have changed nothing).
    // `summary`: "1 added, 1 removed, 1 changed, 4 unchanged", or why not.
    void finished(bool changed, const QString &summary);

private:
    void begin();
    bool readFile(Configuration &next);
    void apply(const ReloadPlan &plan, const Configuration &next);
    void add(const WorkerConfig &worker); // logs why the host refused it
    void stopForReplacement(const QString &name);
    void onTransition(const ServiceTransition &transition);
    void replaceWorkersAtRest();
    void complete();
    void abandon(const QString &why);

    Host &m_host;
    const WorkerRegistry &m_registry;
    const QString m_path;
    Configuration m_applied;
    Configuration m_next;
    ReloadPlan m_plan;
    QStringList m_lastErrors;
    // Removed (no config) and changed (their new one) workers not yet at rest.
    QHash<QString, std::optional<WorkerConfig>> m_awaitingRest;
    bool m_inProgress = false;
    bool m_again = false;    // asked again during one: runs after it
    bool m_deferred = false; // asked before the host was Running
    bool m_checkQueued = false;
};

} // namespace workhost
