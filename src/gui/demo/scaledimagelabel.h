#pragma once

#include <QImage>
#include <QLabel>

namespace workhost {

// A label that shows an image scaled to fit (aspect ratio kept, smooth),
// scaled again whenever the label is resized, and keeps the image at full
// size. The Responsiveness tab's picture (promoted in its .ui file).
//
// Owner: its parent widget; GUI thread.
class ScaledImageLabel : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScaledImageLabel)

public:
    explicit ScaledImageLabel(QWidget *parent = nullptr);

    void setImage(const QImage &image);
    QImage image() const { return m_image; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void showScaled();

    QImage m_image;
};

} // namespace workhost
