#include "workers/outputescaping.h"

namespace workhost {

namespace {

// The length of the valid UTF-8 sequence that starts at `bytes` (Unicode's
// table of well-formed sequences: no overlong form, no surrogate, nothing
// above U+10FFFF), or 0 when none starts there. `left` bytes are readable.
qsizetype validSequenceLength(const unsigned char *bytes, qsizetype left)
{
    const unsigned char lead = bytes[0];
    if (lead < 0x80)
        return 1;
    qsizetype length = 0;
    unsigned char low = 0x80; // the range of the second byte
    unsigned char high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0)
            low = 0xa0; // below: overlong
        else if (lead == 0xed)
            high = 0x9f; // above: a surrogate
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0)
            low = 0x90; // below: overlong
        else if (lead == 0xf4)
            high = 0x8f; // above: past U+10FFFF
    } else {
        return 0; // a continuation byte, 0xc0, 0xc1 or 0xf5..0xff
    }
    if (left < length || bytes[1] < low || bytes[1] > high)
        return 0;
    for (qsizetype k = 2; k < length; ++k) {
        if ((bytes[k] & 0xc0) != 0x80)
            return 0;
    }
    return length;
}

void appendEscapedByte(QByteArray &out, unsigned char byte)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char escaped[4] = {'\\', 'x', hex[byte >> 4], hex[byte & 0xf]};
    out.append(escaped, 4);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

QByteArray escapeOutput(QByteArrayView raw)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(raw.data());
    const qsizetype size = raw.size();
    QByteArray out;
    out.reserve(size);
    // Bytes kept as they are go out in runs, not one by one.
    qsizetype runStart = 0;
    const auto endRun = [&](qsizetype at) { out.append(raw.data() + runStart, at - runStart); };
    for (qsizetype i = 0; i < size;) {
        const unsigned char byte = bytes[i];
        if (byte >= 0x20 && byte < 0x7f && byte != '\\') {
            ++i; // printable ASCII, the common case
            continue;
        }
        if (byte == '\t') {
            ++i;
            continue;
        }
        if (byte == '\\') {
            endRun(i);
            out.append("\\\\", 2);
            runStart = ++i;
            continue;
        }
        if (byte < 0x80) { // C0 or DEL
            endRun(i);
            appendEscapedByte(out, byte);
            runStart = ++i;
            continue;
        }
        const qsizetype length = validSequenceLength(bytes + i, size - i);
        if (length == 0) { // one byte of an invalid sequence; the next is judged on its own
            endRun(i);
            appendEscapedByte(out, byte);
            runStart = ++i;
            continue;
        }
        if (byte == 0xc2 && bytes[i + 1] <= 0x9f) { // C1: CSI (U+009B) among them
            endRun(i);
            appendEscapedByte(out, byte);
            appendEscapedByte(out, bytes[i + 1]);
            i += 2;
            runStart = i;
            continue;
        }
        i += length;
    }
    endRun(size);
    return out;
}

QByteArray unescapeOutput(QByteArrayView escaped)
{
    QByteArray out;
    out.reserve(escaped.size());
    const qsizetype size = escaped.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char c = escaped[i];
        if (c == '\\' && i + 1 < size && escaped[i + 1] == '\\') {
            out.append('\\');
            ++i;
        } else if (c == '\\' && i + 3 < size && escaped[i + 1] == 'x' &&
                   hexValue(escaped[i + 2]) >= 0 && hexValue(escaped[i + 3]) >= 0) {
            out.append(static_cast<char>(hexValue(escaped[i + 2]) * 16 + hexValue(escaped[i + 3])));
            i += 3;
        } else {
            out.append(c);
        }
    }
    return out;
}

} // namespace workhost
