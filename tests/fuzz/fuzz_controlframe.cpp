// libFuzzer target: any bytes, in chunks of any size, into the control
// channel's FrameDecoder, and every message it yields into the protocol's
// readers (protocolmessages.h, and shutdownProgressFromCbor). Every error must
// say something; a fatal error ends the stream; the decoder never holds more
// than one frame and one chunk; a message read back from its own encoding is
// the same message. Anything else aborts, so that libFuzzer reports the input
// (as it does any crash, hang or leak). Run by .ci/fuzz; the seeds are in
// controlframe-corpus/.

#include <workhost/control/framedecoder.h>
#include <workhost/control/frameencoder.h>
#include <workhost/control/protocolmessages.h>
#include <workhost/control/shutdownprogresscbor.h>

#include <QCborValue>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace workhost;

namespace {

[[noreturn]] void fail(const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "fuzz_controlframe: %s%s%s\n", what, detail.isEmpty() ? "" : ": ",
                 qPrintable(detail.left(2000)));
    std::abort();
}

template <typename T>
void checkParsed(const Parsed<T> &parsed)
{
    if (!parsed.ok() && parsed.error.message.trimmed().isEmpty())
        fail("a message refused without a reason", parsed.error.field);
}

void checkMessage(const QCborMap &message)
{
    checkParsed(messageType(message));
    checkParsed(helloFromCbor(message));
    checkParsed(requestFromCbor(message));
    checkParsed(replyFromCbor(message));
    checkParsed(eventFromCbor(message));
    // A "shutdown" event's progress, and the message itself read as one.
    checkParsed(shutdownProgressFromCbor(message));
    checkParsed(shutdownProgressFromCbor(message.value(QStringLiteral("payload"))
                                             .toMap()
                                             .value(QStringLiteral("progress"))
                                             .toMap()));
    // Encoding is stable: what was read, written again, reads the same.
    const QByteArray again = encodeFrame(message);
    if (again.isEmpty())
        return; // larger once re-encoded (a half float becomes a double): refused, as it must
    FrameDecoder decoder;
    decoder.feed(again);
    const DecodedFrame frame = decoder.next();
    if (!frame.isMessage() || encodeFrame(frame.message) != again)
        fail("a message does not survive its own encoding", frame.error.toString());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    // The first byte chooses the chunk size, so that the fuzzer explores
    // messages cut anywhere; the rest is the stream.
    const qsizetype chunk = 1 + data[0] % 64;
    const QByteArrayView stream(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    FrameDecoder decoder;
    for (qsizetype at = 0; at < stream.size() && !decoder.hasFailed(); at += chunk) {
        decoder.feed(stream.sliced(at, std::min(chunk, stream.size() - at)));
        if (decoder.bufferedBytes() > framing::headerBytes + framing::maxFrameBytes + chunk)
            fail("the decoder holds more than one frame and one chunk");
        for (DecodedFrame frame = decoder.next(); !frame.needsMore(); frame = decoder.next()) {
            if (frame.isMessage()) {
                checkMessage(frame.message);
                continue;
            }
            if (frame.error.message.trimmed().isEmpty())
                fail("an error without a message");
            if (frame.error.offset < 0 || frame.error.offset > stream.size())
                fail("an error outside the stream", frame.error.toString());
            if (frame.error.isFatal())
                break;
        }
    }
    if (const std::optional<FrameError> end = decoder.finish(); end && end->message.isEmpty())
        fail("a truncated stream without a message");
    return 0;
}
