#include "gui/workers/statevisuals.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace workhost {

QColor stateColor(ServiceState state)
{
    switch (state) {
    case ServiceState::Stopped:
        return QColor(0x8a, 0x8a, 0x8a);
    case ServiceState::Starting:
        return QColor(0x4a, 0x90, 0xd9);
    case ServiceState::Running:
        return QColor(0x2e, 0xa0, 0x43);
    case ServiceState::Stopping:
        return QColor(0x4a, 0x90, 0xd9);
    case ServiceState::Faulted:
        return QColor(0xd0, 0x30, 0x30);
    case ServiceState::BackingOff:
        return QColor(0xe0, 0x8a, 0x00);
    case ServiceState::TimedOut:
        return QColor(0xa0, 0x40, 0xc0);
    case ServiceState::GaveUp:
        return QColor(0x90, 0x10, 0x10);
    }
    return {};
}

QIcon stateIcon(ServiceState state)
{
    static QHash<int, QIcon> cache;
    const auto found = cache.constFind(int(state));
    if (found != cache.cend())
        return *found;
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(stateColor(state).darker(130), 2));
    painter.setBrush(stateColor(state));
    if (state == ServiceState::Stopped || state == ServiceState::TimedOut ||
        state == ServiceState::GaveUp)
        painter.drawRoundedRect(QRectF(6, 6, 20, 20), 4, 4); // not running: a square
    else
        painter.drawEllipse(QRectF(5, 5, 22, 22));
    painter.end();
    return *cache.insert(int(state), QIcon(pixmap));
}

} // namespace workhost
