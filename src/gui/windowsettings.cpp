#include "gui/windowsettings.h"

#include "gui/log/logpanel.h"
#include "gui/log/logview.h"
#include <workhost/logging/loglevel.h>

#include <QHeaderView>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QSplitter>

namespace workhost {

namespace {

// A first start has no saved geometry: room for the table's columns and a
// log, up to nine tenths of the screen's free area (a window as large as the
// screen loses its frame's height off the bottom, the status bar with it),
// centred.
void fitToScreen(QWidget &window)
{
    const QScreen *screen = window.screen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    const QSize size =
        QSize(1400, 900).boundedTo(available.size() * 0.9).expandedTo(window.minimumSizeHint());
    window.resize(size);
    window.move(available.center() - QPoint(size.width() / 2, size.height() / 2));
}

} // namespace

WindowSettings::WindowSettings(const Parts &parts)
    : m_parts(parts)
{
    Q_ASSERT(parts.window && parts.mainSplitter && parts.topSplitter && parts.workersHeader &&
             parts.logPanel);
}

void WindowSettings::restore() const
{
    const QSettings settings;
    restore(settings);
}

void WindowSettings::save() const
{
    QSettings settings;
    save(settings);
}

void WindowSettings::restore(const QSettings &settings) const
{
    if (!m_parts.window->restoreGeometry(settings.value("window/geometry").toByteArray()))
        fitToScreen(*m_parts.window);
    m_parts.window->restoreState(settings.value("window/state").toByteArray());
    m_parts.mainSplitter->restoreState(settings.value("window/mainSplitter").toByteArray());
    m_parts.topSplitter->restoreState(settings.value("window/topSplitter").toByteArray());
    m_parts.workersHeader->restoreState(settings.value("workers/header").toByteArray());
    LogPanel *log = m_parts.logPanel;
    log->view()->horizontalHeader()->restoreState(settings.value("log/header").toByteArray());
    log->restoreFilter(settings.value("log/minimumLevel", int(LogLevel::Trace)).toInt(),
                       settings.value("log/text").toString(),
                       settings.value("log/regex", false).toBool());
    log->setSelectedOnly(settings.value("log/selectedOnly", false).toBool());
}

void WindowSettings::save(QSettings &settings) const
{
    settings.setValue("window/geometry", m_parts.window->saveGeometry());
    settings.setValue("window/state", m_parts.window->saveState());
    settings.setValue("window/mainSplitter", m_parts.mainSplitter->saveState());
    settings.setValue("window/topSplitter", m_parts.topSplitter->saveState());
    settings.setValue("workers/header", m_parts.workersHeader->saveState());
    const LogPanel *log = m_parts.logPanel;
    settings.setValue("log/header", log->view()->horizontalHeader()->saveState());
    settings.setValue("log/minimumLevel", log->minimumLevel());
    settings.setValue("log/text", log->filterText());
    settings.setValue("log/regex", log->filterIsRegex());
}

} // namespace workhost
