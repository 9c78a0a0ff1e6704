#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace workhost {

// A program's output line as it goes into the log: valid UTF-8 text, one
// line, from which the program's exact bytes can be recovered.
//
//   a backslash                         -> \\   (two characters)
//   C0 controls but tab, and DEL (0x7f) -> \xNN (lowercase hex: \x1b, \x7f)
//   C1 controls (U+0080..U+009F)        -> both of their bytes as \xNN: \xc2\x9b
//   each byte of an invalid UTF-8 sequence (a stray continuation byte, a
//   cut or overlong sequence, a surrogate, above U+10FFFF)
//                                       -> \xNN: "caf\xe9"
//   anything else (valid UTF-8, multi-byte included)  -> itself
//
// unescapeOutput() undoes it exactly: unescapeOutput(escapeOutput(b)) == b
// for every byte string b. One pass over the bytes, one allocation (of
// maxEscapedSize()).
// Stateless; any thread.
QByteArray escapeOutput(QByteArrayView raw);

// The most bytes escapeOutput() can make of `rawSize` bytes (each byte as \xNN).
constexpr qsizetype maxEscapedSize(qsizetype rawSize)
{
    return rawSize * 4;
}

// escapeOutput() into `out`, which has room for maxEscapedSize(raw.size())
// bytes; returns the end of what it wrote. For the capture path, which
// escapes each line straight into the batch that goes to the sinks. Runs of
// printable ASCII, the common case, are copied eight bytes at a time.
char *escapeOutputInto(QByteArrayView raw, char *out);

// The inverse of escapeOutput(): "\\" -> "\", "\xNN" -> the byte 0xNN, every
// other byte as is. For readers of the log (and the tests that prove the
// escaping reversible); text that escapeOutput() did not produce is read the
// same way, a backslash before anything else kept as it is.
QByteArray unescapeOutput(QByteArrayView escaped);

} // namespace workhost
