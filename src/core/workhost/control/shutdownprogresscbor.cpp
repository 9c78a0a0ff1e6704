#include <workhost/control/shutdownprogresscbor.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/cborenumfield.h>
#include <workhost/control/cborfieldreader.h>

#include <QCborArray>

#include <limits>
#include <optional>

namespace workhost {

namespace {

using std::chrono::milliseconds;

const QString kElapsed = QStringLiteral("elapsedMs");
const QString kEntries = QStringLiteral("entries");

milliseconds readDuration(CborFieldReader &reader, const QString &key)
{
    return milliseconds(reader.integer(key, 0, std::numeric_limits<qint64>::max()));
}

std::optional<ShutdownProgress::Entry> entryFromCbor(const QCborValue &value, MessageError &error)
{
    if (!value.isMap()) {
        error = {QString(), QStringLiteral("must be a map")};
        return std::nullopt;
    }
    const QCborMap map = value.toMap();
    CborFieldReader reader(map);
    ShutdownProgress::Entry entry;
    entry.service = reader.text(QStringLiteral("service"), protocol::maxTextLength);
    entry.state = readEnumField<ServiceState>(reader, QStringLiteral("state"), "service state")
                      .value_or(entry.state);
    entry.stopRequested = reader.boolean(QStringLiteral("stopRequested"));
    entry.overran = reader.boolean(QStringLiteral("overran"));
    entry.elapsed = readDuration(reader, kElapsed);
    if (reader.error()) {
        error = *reader.error();
        return std::nullopt;
    }
    return entry;
}

} // namespace

QCborMap toCbor(const ShutdownProgress &progress)
{
    QCborArray entries;
    for (const ShutdownProgress::Entry &entry : progress.entries)
        entries.append(QCborMap{{QStringLiteral("service"), entry.service},
                                {QStringLiteral("state"), configName(entry.state)},
                                {QStringLiteral("stopRequested"), entry.stopRequested},
                                {QStringLiteral("overran"), entry.overran},
                                {kElapsed, qint64(entry.elapsed.count())}});
    return QCborMap{{kElapsed, qint64(progress.elapsed.count())},
                    {QStringLiteral("remainingMs"), qint64(progress.remaining.count())},
                    {kEntries, entries}};
}

Parsed<ShutdownProgress> shutdownProgressFromCbor(const QCborMap &map)
{
    CborFieldReader reader(map);
    ShutdownProgress progress;
    progress.elapsed = readDuration(reader, kElapsed);
    progress.remaining = readDuration(reader, QStringLiteral("remainingMs"));
    const QCborValue entries = reader.value(kEntries);
    if (!reader.error() && !entries.isArray())
        reader.fail(kEntries, QStringLiteral("must be an array"));
    if (reader.error())
        return Parsed<ShutdownProgress>::failure(*reader.error());
    const QCborArray array = entries.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        MessageError error;
        const std::optional<ShutdownProgress::Entry> entry = entryFromCbor(array.at(i), error);
        if (!entry) {
            const QString where = QStringLiteral("entries[%1]").arg(i);
            return Parsed<ShutdownProgress>::failure(
                {error.field.isEmpty() ? where : where + QLatin1Char('.') + error.field,
                 error.message});
        }
        progress.entries.append(*entry);
    }
    return Parsed<ShutdownProgress>::success(std::move(progress));
}

} // namespace workhost
