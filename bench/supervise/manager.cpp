#include "manager.h"

namespace bench {

Manager::Manager(QString tool, QString childBinary, QByteArray tag)
    : m_tool(std::move(tool))
    , m_childBinary(std::move(childBinary))
    , m_tag(std::move(tag))
    , m_home(QDir::temp().filePath(QStringLiteral("bench_supervise-XXXXXX")))
{}

QStringList Manager::childCommand(const Program &program) const
{
    return QStringList{m_childBinary, QString::fromLatin1(m_tag)} + program.arguments;
}

} // namespace bench
