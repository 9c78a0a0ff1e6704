#pragma once

#include <QByteArray>
#include <QString>

namespace workhost {

// A place in a UTF-8 text as people count it: line and column from 1, a
// column being a character (a code point), not a byte, so that an editor
// shows the same place. A leading byte-order mark is not counted.
// A value type; any thread.
struct TextPosition
{
    qsizetype line = 1;
    qsizetype column = 1;

    // The place of the byte at `offset` (clamped to the text). O(offset).
    static TextPosition of(const QByteArray &text, qsizetype offset);

    // Moves past one byte, for a reader that walks the text itself.
    void stepOver(char byte)
    {
        if (byte == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(byte) & 0xC0) != 0x80) {
            ++column; // not a UTF-8 continuation byte: a new character starts here
        }
    }

    // "line 4, column 7"
    QString toString() const { return QStringLiteral("line %1, column %2").arg(line).arg(column); }
};

// How many bytes a UTF-8 byte-order mark takes at the start of `text`: 3 or 0.
qsizetype byteOrderMarkSize(const QByteArray &text);

} // namespace workhost
