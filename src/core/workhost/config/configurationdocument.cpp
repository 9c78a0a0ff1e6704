#include <workhost/config/configurationdocument.h>

#include <workhost/config/configloader.h>
#include <workhost/config/configwriter.h>

namespace workhost {

ConfigurationDocument::ConfigurationDocument(Configuration configuration, QString path)
    : m_configuration(std::move(configuration))
    , m_path(std::move(path))
{}

QString ConfigurationDocument::savePathFor(const QString &source)
{
    return source.startsWith(QLatin1Char(':')) ? ConfigLoader::userConfigPath() : source;
}

std::optional<WorkerConfig> ConfigurationDocument::worker(const QString &name) const
{
    for (const WorkerConfig &worker : m_configuration.workers) {
        if (worker.name == name)
            return worker;
    }
    return std::nullopt;
}

void ConfigurationDocument::addWorker(const WorkerConfig &worker)
{
    m_configuration.workers.append(worker);
}

void ConfigurationDocument::removeWorker(const QString &name)
{
    m_configuration.workers.removeIf(
        [&](const WorkerConfig &worker) { return worker.name == name; });
}

QString ConfigurationDocument::save() const
{
    // Options changed at run time (none yet) would be folded in here. What the
    // file held that did not validate is in the configuration too, written
    // back as it was.
    return ConfigWriter::save(m_configuration, m_path);
}

} // namespace workhost
