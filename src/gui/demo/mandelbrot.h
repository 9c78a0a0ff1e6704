#pragma once

#include <QImage>
#include <QList>
#include <QRgb>

#include <vector>

namespace workhost {

// The Responsiveness tab's heavy computation: a Mandelbrot image rendered in
// bands of rows. Plain functions on plain values, no widgets and no QObject,
// so any number of threads may call them at once; the same band always gives
// the same pixels, whichever thread renders it.
//
//     const MandelbrotParams params{.width = 96, .height = 64};
//     QList<BandPixels> bands;
//     for (const RowBand band : splitIntoBands(params.height, 8))
//         bands.append(renderBand(params, band));
//     const QImage image = assembleImage(params, bands);

struct MandelbrotParams
{
    int width = 960;
    int height = 640;
    int maxIterations = 6000; // about 3.7 s on one core of a 2020s x86 in a Release build
    // The view: the point at the image's centre and the span of the real axis
    // across its width (pixels are square).
    double centerX = -0.65;
    double centerY = 0.0;
    double spanX = 3.0;

    bool operator==(const MandelbrotParams &) const = default;
};

struct RowBand
{
    int firstRow = 0;
    int rowCount = 0;
};

// One band's pixels, row by row: band.rowCount * width values.
struct BandPixels
{
    RowBand band;
    std::vector<QRgb> pixels;
};

// Rows [0, height) cut into bands of rowsPerBand (the last one may be shorter).
std::vector<RowBand> splitIntoBands(int height, int rowsPerBand);

BandPixels renderBand(const MandelbrotParams &params, RowBand band);

// A QImage::Format_RGB32 image of params' size; rows no band covers stay black.
QImage assembleImage(const MandelbrotParams &params, const QList<BandPixels> &bands);

} // namespace workhost
