#include "floodlines.h"

#include "processes.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

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
    , m_lastSeq(floodLineHead(0, perChild - 1).mid(10)) // " nSSSSSSSSSS "
    , m_buffer(1 << 20, '\0')
    , m_lastGrowth(monotonicSeconds())
{
    for (int child = 0; child < children; ++child)
        m_waiting.insert(child);
}

FinalLineWatch::~FinalLineWatch()
{
    for (const Followed &followed : m_followed)
        if (followed.fd >= 0)
            ::close(followed.fd);
}

bool FinalLineWatch::allSeen()
{
    // What is new, through one fixed buffer, searched for the last sequence
    // number alone (the child's number is just before it): following a log
    // must cost the bench little beside the manager it measures.
    constexpr size_t overlap = 64; // a line's head may straddle two reads
    for (size_t i = 0; i < m_files.size() && !m_waiting.empty(); ++i) {
        Followed &followed = m_followed[i];
        if (followed.fd < 0)
            followed.fd =
                ::open(QFile::encodeName(m_files[i].path).constData(), O_RDONLY | O_CLOEXEC);
        if (followed.fd < 0)
            continue; // not there yet
        for (;;) {
            char *data = m_buffer.data();
            std::memcpy(data, followed.tail, followed.tailSize);
            const ssize_t got =
                ::read(followed.fd, data + followed.tailSize, m_buffer.size() - overlap);
            if (got <= 0)
                break;
            m_lastGrowth = monotonicSeconds();
            const size_t size = followed.tailSize + size_t(got);
            const QByteArrayView needle(m_lastSeq);
            for (const char *at = data;
                 (at = static_cast<const char *>(::memmem(at, size_t(data + size - at),
                                                          needle.data(), size_t(needle.size()))));
                 ++at) {
                if (at - data >= 4 && at[-4] == 'c')
                    m_waiting.erase(QByteArray(at - 3, 3).toInt());
            }
            followed.tailSize = std::min(overlap, size);
            std::memcpy(followed.tail, data + size - followed.tailSize, followed.tailSize);
        }
    }
    return m_waiting.empty();
}

} // namespace bench
