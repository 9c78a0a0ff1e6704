#include "floodlines.h"

#include "processes.h"

#include <algorithm>
#include <cstdio>

namespace bench {

QByteArray floodLineHead(int child, long long seq)
{
    char head[40];
    const int size = std::snprintf(head, sizeof head, "bench c%03d n%010lld ", child, seq);
    return QByteArray(head, size);
}

QString floodProgramName(int child)
{
    return QStringLiteral("flood%1").arg(child, 3, 10, QLatin1Char('0'));
}

namespace {

constexpr qsizetype textBytes = 79;

// The child and sequence number of a whole flood line, or false.
bool parseWhole(QByteArrayView text, int *child, long long *seq)
{
    if (text.size() != textBytes || text[78] != '|' || !text.startsWith("bench c"))
        return false;
    bool ok1 = false, ok2 = false;
    *child = QByteArray(text.sliced(7, 3).data(), 3).toInt(&ok1);
    *seq = QByteArray(text.sliced(12, 10).data(), 10).toLongLong(&ok2);
    return ok1 && ok2 && text[10] == ' ' && text[11] == 'n' && text[22] == ' ';
}

} // namespace

LineCounts countLines(const Manager &manager, const std::vector<Program> &programs, int children,
                      long long perChild)
{
    LineCounts counts;
    counts.expected = children * perChild;
    std::vector<std::vector<bool>> seen(children, std::vector<bool>(size_t(perChild), false));
    std::vector<long long> highest(children, -1);
    for (const LogFile &log : manager.logFiles(programs)) {
        const QByteArray data = readWholeFile(log.path);
        const QByteArray fileProgram = log.program.toUtf8();
        for (qsizetype start = 0; start < data.size();) {
            qsizetype end = data.indexOf('\n', start);
            if (end < 0)
                end = data.size();
            const LogLine line = manager.parse(QByteArrayView(data).sliced(start, end - start));
            start = end + 1;
            int child = 0;
            long long seq = 0;
            if (!parseWhole(line.text, &child, &seq) || child >= children || seq >= perChild) {
                if (line.text.indexOf("bench c") >= 0)
                    ++counts.cut;
                continue;
            }
            const QByteArrayView program = log.program.isEmpty() ? line.program : fileProgram;
            if (program != floodProgramName(child).toUtf8())
                ++counts.misattributed;
            if (seen[child][size_t(seq)]) {
                ++counts.duplicated;
                continue;
            }
            seen[child][size_t(seq)] = true;
            ++counts.kept;
            if (seq < highest[child])
                ++counts.reordered;
            highest[child] = std::max(highest[child], seq);
        }
    }
    counts.lost = counts.expected - counts.kept;
    return counts;
}

FinalLineWatch::FinalLineWatch(std::vector<LogFile> files, int children, long long perChild)
    : m_files(std::move(files))
    , m_followed(m_files.size())
    , m_lastGrowth(monotonicSeconds())
{
    for (int child = 0; child < children; ++child)
        m_needles.push_back(floodLineHead(child, perChild - 1));
}

bool FinalLineWatch::allSeen()
{
    for (size_t i = 0; i < m_files.size() && !m_needles.empty(); ++i) {
        Followed &followed = m_followed[i];
        if (!followed.file) {
            auto file = std::make_unique<QFile>(m_files[i].path);
            if (!file->open(QIODevice::ReadOnly | QIODevice::Unbuffered))
                continue; // not there yet
            followed.file = std::move(file);
        }
        const QByteArray fresh = followed.file->readAll();
        if (fresh.isEmpty())
            continue;
        m_lastGrowth = monotonicSeconds();
        const QByteArray window = followed.tail + fresh;
        std::erase_if(m_needles, [&](const QByteArray &needle) { return window.contains(needle); });
        followed.tail = window.right(64);
    }
    return m_needles.empty();
}

} // namespace bench
