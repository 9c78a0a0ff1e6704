#include <workhost/control/framereading.h>

namespace workhost {

void readFrames(QIODevice &device, FrameDecoder &decoder, const FrameHandler &onFrame,
                qint64 chunkBytes)
{
    while (device.isOpen() && device.bytesAvailable() > 0) {
        decoder.feed(device.read(chunkBytes));
        for (DecodedFrame frame = decoder.next(); !frame.needsMore(); frame = decoder.next()) {
            if (!onFrame(frame) || (frame.isError() && frame.error.isFatal()))
                return;
        }
    }
}

} // namespace workhost
