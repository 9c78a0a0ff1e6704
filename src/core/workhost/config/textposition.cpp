#include <workhost/config/textposition.h>

namespace workhost {

qsizetype byteOrderMarkSize(const QByteArray &text)
{
    return text.startsWith("\xEF\xBB\xBF") ? 3 : 0;
}

TextPosition TextPosition::of(const QByteArray &text, qsizetype offset)
{
    TextPosition position;
    const qsizetype end = std::min(offset, text.size());
    for (qsizetype i = byteOrderMarkSize(text); i < end; ++i)
        position.stepOver(text[i]);
    return position;
}

} // namespace workhost
