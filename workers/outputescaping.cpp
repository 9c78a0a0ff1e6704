#include "workers/outputescaping.h"

#include <cstring>

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

char *escapedByte(char *out, unsigned char byte)
{
    static constexpr char hex[] = "0123456789abcdef";
    out[0] = '\\';
    out[1] = 'x';
    out[2] = hex[byte >> 4];
    out[3] = hex[byte & 0xf];
    return out + 4;
}

// True when each of the eight bytes of `word` is printable ASCII other than
// the backslash (0x20..0x7e but 0x5c), tested all at once with the tricks of
// "Bit Twiddling Hacks" (hasless, hasmore, haszero): exact as a yes or no.
bool allPlain(quint64 word)
{
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highBits = 0x8080808080808080ULL;
    const quint64 belowSpace = (word - ones * 0x20) & ~word & highBits;
    const quint64 aboveTilde = ((word + ones * (0x7f - 0x7e)) | word) & highBits;
    const quint64 backslashesZeroed = word ^ (ones * '\\');
    const quint64 backslash = (backslashesZeroed - ones) & ~backslashesZeroed & highBits;
    return (belowSpace | aboveTilde | backslash) == 0;
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
    QByteArray out(maxEscapedSize(raw.size()), Qt::Uninitialized);
    const char *end = escapeOutputInto(raw, out.data());
    out.truncate(end - out.constData());
    return out;
}

char *escapeOutputInto(QByteArrayView raw, char *out)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(raw.data());
    const qsizetype size = raw.size();
    for (qsizetype i = 0; i < size;) {
        // Printable ASCII, the common case, a word at a time.
        while (i + 8 <= size) {
            quint64 word = 0;
            std::memcpy(&word, bytes + i, 8);
            if (!allPlain(word))
                break;
            std::memcpy(out, &word, 8);
            out += 8;
            i += 8;
        }
        if (i >= size)
            break;
        const unsigned char byte = bytes[i];
        if ((byte >= 0x20 && byte < 0x7f && byte != '\\') || byte == '\t') {
            *out++ = static_cast<char>(byte);
            ++i;
        } else if (byte == '\\') {
            *out++ = '\\';
            *out++ = '\\';
            ++i;
        } else if (byte < 0x80) { // C0 or DEL
            out = escapedByte(out, byte);
            ++i;
        } else if (const qsizetype length = validSequenceLength(bytes + i, size - i);
                   length == 0) { // one byte of an invalid sequence; the next is judged on its own
            out = escapedByte(out, byte);
            ++i;
        } else if (byte == 0xc2 && bytes[i + 1] <= 0x9f) { // C1: CSI (U+009B) among them
            out = escapedByte(out, byte);
            out = escapedByte(out, bytes[i + 1]);
            i += 2;
        } else {
            std::memcpy(out, bytes + i, size_t(length));
            out += length;
            i += length;
        }
    }
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
