#include "gui/demo/scaledimagelabel.h"

#include <QPixmap>

namespace workhost {

ScaledImageLabel::ScaledImageLabel(QWidget *parent)
    : QLabel(parent)
{}

void ScaledImageLabel::setImage(const QImage &image)
{
    m_image = image;
    showScaled();
}

void ScaledImageLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    showScaled();
}

void ScaledImageLabel::showScaled()
{
    const qreal ratio = devicePixelRatioF();
    const QSize target = contentsRect().size() * ratio;
    if (m_image.isNull() || target.isEmpty())
        return;
    QPixmap pixmap =
        QPixmap::fromImage(m_image.scaled(target, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    pixmap.setDevicePixelRatio(ratio);
    setPixmap(pixmap);
}

} // namespace workhost
