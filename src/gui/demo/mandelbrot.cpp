#include "gui/demo/mandelbrot.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

namespace workhost {

namespace {

// Escape radius 2^8 rather than 2: a few more iterations per point, but a
// smooth (band-free) escape count.
constexpr double EscapeRadiusSquared = 256.0 * 256.0;

// The fractional number of iterations before the point escaped, or a negative
// number when it did not escape within maxIterations (it is in the set).
double escapeTime(double cx, double cy, int maxIterations)
{
    double x = 0;
    double y = 0;
    double x2 = 0;
    double y2 = 0;
    for (int n = 0; n < maxIterations; ++n) {
        y = 2 * x * y + cy;
        x = x2 - y2 + cx;
        x2 = x * x;
        y2 = y * y;
        if (x2 + y2 > EscapeRadiusSquared)
            return n + 1 - std::log2(std::log2(x2 + y2) / 2);
    }
    return -1;
}

// A cosine palette: blue-white-orange cycles along the escape count.
QRgb colourFor(double escape)
{
    if (escape < 0)
        return qRgb(0, 0, 0);
    const double t = std::sqrt(escape) / 4;
    const auto channel = [t](double phase) {
        const double value = 0.5 + 0.5 * std::cos(2 * std::numbers::pi * (t + phase));
        return static_cast<int>(value * 255 + 0.5);
    };
    return qRgb(channel(0.5), channel(0.6), channel(0.7));
}

} // namespace

std::vector<RowBand> splitIntoBands(int height, int rowsPerBand)
{
    Q_ASSERT(rowsPerBand > 0);
    std::vector<RowBand> bands;
    for (int row = 0; row < height; row += rowsPerBand)
        bands.push_back({row, std::min(rowsPerBand, height - row)});
    return bands;
}

BandPixels renderBand(const MandelbrotParams &params, RowBand band)
{
    Q_ASSERT(band.firstRow >= 0 && band.firstRow + band.rowCount <= params.height);
    const double step = params.spanX / params.width;
    const double left = params.centerX - step * params.width / 2;
    const double top = params.centerY - step * params.height / 2;

    BandPixels result{band, {}};
    result.pixels.reserve(static_cast<size_t>(band.rowCount) * static_cast<size_t>(params.width));
    for (int row = band.firstRow; row < band.firstRow + band.rowCount; ++row) {
        const double cy = top + step * (row + 0.5);
        for (int column = 0; column < params.width; ++column) {
            const double cx = left + step * (column + 0.5);
            result.pixels.push_back(colourFor(escapeTime(cx, cy, params.maxIterations)));
        }
    }
    return result;
}

QImage assembleImage(const MandelbrotParams &params, const QList<BandPixels> &bands)
{
    QImage image(params.width, params.height, QImage::Format_RGB32);
    image.fill(Qt::black);
    const size_t rowBytes = static_cast<size_t>(params.width) * sizeof(QRgb);
    for (const BandPixels &band : bands) {
        Q_ASSERT(band.pixels.size() == static_cast<size_t>(band.band.rowCount) * params.width);
        for (int i = 0; i < band.band.rowCount; ++i)
            std::memcpy(image.scanLine(band.band.firstRow + i),
                        band.pixels.data() + i * params.width, rowBytes);
    }
    return image;
}

} // namespace workhost
