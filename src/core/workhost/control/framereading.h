#pragma once

#include <workhost/control/framedecoder.h>

#include <QIODevice>

#include <functional>

namespace workhost {

// Reads what `device` has, in chunks of at most `chunkBytes`, through
// `decoder`, and hands each result to `onFrame` until it returns false (the
// reader stops: it closed the device, or a fatal error) or nothing is left.
// Shared by both ends of the control channel. The caller's thread.
using FrameHandler = std::function<bool(const DecodedFrame &frame)>;
void readFrames(QIODevice &device, FrameDecoder &decoder, const FrameHandler &onFrame,
                qint64 chunkBytes = 64 * 1024);

} // namespace workhost
