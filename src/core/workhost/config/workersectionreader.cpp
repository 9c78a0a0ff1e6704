#include <workhost/config/workersectionreader.h>

#include <workhost/config/configloader.h>
#include <workhost/config/enumnames.h>
#include <workhost/config/objectchecker.h>
#include <workhost/config/settingspec.h>
#include <workhost/config/workerregistry.h>
#include <workhost/hosting/hoststates.h>

namespace workhost {

namespace {

const QList<SettingSpec> &workerSpecs()
{
    static const QList<SettingSpec> specs = {
        SettingSpec::text("name").describedAs("unique name"),
        SettingSpec::text("type").describedAs("worker type"),
        SettingSpec::boolean("enabled").withDefault(true).describedAs("host this worker"),
        SettingSpec::boolean("autostart").withDefault(true).describedAs("start with the host"),
        SettingSpec::object("settings")
            .withDefault(QVariantMap())
            .describedAs("the type's settings"),
        SettingSpec::choice("faultPolicy", configNames<FaultPolicy>())
            .withDefault(configName(ServiceOptions().faultPolicy))
            .describedAs("what a fault leads to"),
        SettingSpec::boolean("restartOnCompletion")
            .withDefault(false)
            .describedAs("run again after completing"),
        SettingSpec::object("restart").withDefault(QVariantMap()).describedAs("restart policy"),
    };
    return specs;
}

double inSeconds(std::chrono::milliseconds duration)
{
    return static_cast<double>(duration.count()) / 1000.0;
}

// The defaults are RestartPolicy's, which the window's "add worker" form gives too.
const QList<SettingSpec> &restartSpecs()
{
    static const RestartPolicy defaults;
    static const QList<SettingSpec> specs = {
        // 0: the first restart at once (a minimum of 0 lets a duration be 0).
        SettingSpec::seconds("initialBackoff")
            .between(0.0, 86400.0)
            .withDefault(inSeconds(defaults.initialBackoff))
            .describedAs("first delay"),
        SettingSpec::number("factor")
            .between(1.0, 100.0)
            .withDefault(defaults.backoffFactor)
            .describedAs("delay growth per restart"),
        SettingSpec::seconds("maxBackoff")
            .atMost(86400.0)
            .withDefault(inSeconds(defaults.maxBackoff))
            .describedAs("longest delay"),
        SettingSpec::seconds("resetAfter")
            .atMost(86400.0)
            .withDefault(inSeconds(defaults.resetAfter))
            .describedAs("healthy run that resets the delay"),
        SettingSpec::integer("maxRestarts")
            .between(0.0, 1000000.0)
            .withDefault(defaults.maxRestarts)
            .describedAs("restarts allowed per window"),
        SettingSpec::seconds("window")
            .atMost(86400.0)
            .withDefault(inSeconds(defaults.intensityWindow))
            .describedAs("intensity window"),
    };
    return specs;
}

RestartPolicy readRestart(const QVariantMap &written, const QString &path, ConfigIssues &issues,
                          QList<KeptValue> &kept)
{
    const QVariantMap restart =
        checkObjectKeeping(written, restartSpecs(), path + ".restart", issues, {"restart"}, kept);
    const auto seconds = [&](const char *key) {
        return millisecondsFromSeconds(restart.value(key).toDouble());
    };
    RestartPolicy policy;
    policy.initialBackoff = seconds("initialBackoff");
    policy.backoffFactor = restart.value("factor").toDouble();
    policy.maxBackoff = seconds("maxBackoff");
    policy.resetAfter = seconds("resetAfter");
    policy.maxRestarts = restart.value("maxRestarts").toInt();
    policy.intensityWindow = seconds("window");
    return policy;
}

bool isError(const ConfigIssue &issue)
{
    return issue.isError();
}

} // namespace

WorkerSectionReader::WorkerSectionReader(const WorkerRegistry &registry, Configuration &config,
                                         ConfigIssues &issues)
    : m_registry(registry)
    , m_config(config)
    , m_issues(issues)
{}

void WorkerSectionReader::read(const QVariantList &workers, const QJsonArray &written,
                               const QSet<int> &withDuplicateKeys)
{
    m_written = written;
    for (int i = 0; i < workers.size(); ++i) {
        const QString path = QStringLiteral("workers[%1]").arg(i);
        if (i == ConfigLoader::maxWorkers) {
            m_issues.append({ConfigIssue::Severity::Error, path,
                             QStringLiteral("more than %1 workers: this one and the %2 after it "
                                            "are left out")
                                 .arg(ConfigLoader::maxWorkers)
                                 .arg(workers.size() - i - 1)});
            for (; i < workers.size(); ++i)
                keepWorker(i);
            break;
        }
        if (workers[i].typeId() != QMetaType::QVariantMap) {
            m_issues.append(
                {ConfigIssue::Severity::Error, path,
                 QStringLiteral("expected an object, got %1").arg(describeValue(workers[i]))});
            keepWorker(i);
            continue;
        }
        const qsizetype firstIssue = m_issues.size();
        WorkerConfig worker = readWorker(i, workers[i].toMap());
        // Only valid workers are hosted. Counting this worker's own issues
        // (not all of them) keeps a file of a million workers linear.
        if (std::none_of(m_issues.cbegin() + firstIssue, m_issues.cend(), isError) &&
            !withDuplicateKeys.contains(i)) {
            m_lastValid = worker.name;
            m_config.workers.append(std::move(worker));
        } else {
            keepWorker(i);
        }
    }
}

WorkerConfig WorkerSectionReader::readWorker(int index, const QVariantMap &entry)
{
    const QString path = QStringLiteral("workers[%1]").arg(index);
    WorkerConfig worker;
    const QVariantMap checked =
        checkObjectKeeping(entry, workerSpecs(), path, m_issues, {}, worker.kept);
    worker.name = checked.value("name").toString();
    worker.type = checked.value("type").toString();
    checkName(index, path, checked, worker.name);
    const WorkerType *type = readType(path, checked, worker);

    worker.enabled = checked.value("enabled", true).toBool();
    ServiceOptions &options = worker.options;
    options.autostart = checked.value("autostart", true).toBool();
    options.faultPolicy = parseConfigName<FaultPolicy>(checked.value("faultPolicy").toString())
                              .value_or(ServiceOptions().faultPolicy);
    options.restartOnCompletion = checked.value("restartOnCompletion", false).toBool();
    if (type && type->adjustOptions)
        type->adjustOptions(worker.settings, options);
    if (entry.contains("restartOnCompletion")) // said in the file: it wins over the type
        options.restartOnCompletion = checked.value("restartOnCompletion").toBool();
    options.restart = readRestart(checked.value("restart").toMap(), path, m_issues, worker.kept);
    return worker;
}

void WorkerSectionReader::checkName(int index, const QString &path, const QVariantMap &checked,
                                    const QString &name)
{
    const QString badName = checked.contains("name") ? ConfigLoader::nameProblem(name) : QString();
    if (!badName.isEmpty())
        m_issues.append({ConfigIssue::Severity::Error, path + ".name", badName});
    if (name.isEmpty())
        return;
    if (m_firstIndex.contains(name))
        m_issues.append({ConfigIssue::Severity::Error, path + ".name",
                         QStringLiteral("duplicate name %1 (first at workers[%2])")
                             .arg(describeValue(name))
                             .arg(m_firstIndex.value(name))});
    else
        m_firstIndex.insert(name, index);
}

// The worker's type and its settings, checked against the type's schema.
const WorkerType *WorkerSectionReader::readType(const QString &path, const QVariantMap &checked,
                                                WorkerConfig &worker)
{
    const WorkerType *type = m_registry.find(worker.type);
    if (checked.contains("type") && !type)
        m_issues.append({ConfigIssue::Severity::Error, path + ".type",
                         QStringLiteral("unknown worker type %1; known types: %2")
                             .arg(describeValue(worker.type), m_registry.typeNames().join(", "))});
    if (!type)
        return nullptr;
    QVariantMap unknown;
    worker.settings = m_registry.checkSettings(*type, checked.value("settings").toMap(),
                                               path + ".settings", m_issues, &unknown);
    for (auto it = unknown.cbegin(); it != unknown.cend(); ++it)
        worker.kept.append({{"settings", it.key()}, QJsonValue::fromVariant(it.value())});
    return type;
}

void WorkerSectionReader::keepWorker(int index)
{
    m_config.keptWorkers.append({m_written.at(index), m_lastValid});
}

} // namespace workhost
