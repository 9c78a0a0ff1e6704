#pragma once

#include <workhost/config/configuration.h>

#include <QString>

#include <optional>

namespace workhost {

// The configuration a running host was assembled from, as an editable
// document: the loaded Configuration (with what the loader kept as written),
// the file it is saved to, and the edits made while the host runs (a worker
// added or removed). The window edits it and saves it; the host itself never
// reads it again.
//
//     ConfigurationDocument document(loaded.config,
//                                    ConfigurationDocument::savePathFor(loaded.source));
//     document.addWorker(worker);         // after the host accepted it
//     const QString error = document.save(); // "" when saved
//
// Owner: whoever assembles the host (main(), a test; later a remote host
// session), which must keep it alive as long as anything that edits it.
// A plain value, not thread-safe: use it on one thread (the GUI thread in the
// window).
class ConfigurationDocument
{
public:
    ConfigurationDocument(Configuration configuration, QString path);

    // Where a configuration read from `source` is saved: the source itself
    // when it is a file, the user's configuration file when it is the
    // built-in default (a resource, ":/...", which cannot be written).
    static QString savePathFor(const QString &source);

    const Configuration &configuration() const { return m_configuration; }
    const QString &path() const { return m_path; }
    void setPath(const QString &path) { m_path = path; }

    // The worker of this name, if the document has one (kept workers, which
    // did not validate, are not looked up).
    std::optional<WorkerConfig> worker(const QString &name) const;
    // Records a worker the host accepted; it is saved after the others.
    void addWorker(const WorkerConfig &worker);
    // Forgets the worker of this name (the host removed it).
    void removeWorker(const QString &name);

    // Writes the document to path() (ConfigWriter::save: atomic, and it
    // refuses to lose what the file held). Returns "" on success, else why.
    QString save() const;

private:
    Configuration m_configuration;
    QString m_path;
};

} // namespace workhost
