#pragma once

class QHeaderView;
class QMainWindow;
class QSettings;
class QSplitter;

namespace workhost {

class LogPanel;

// How the person left the window, kept between runs in QSettings: the
// window's geometry and toolbars ("window/geometry", "window/state"), its two
// splitters ("window/mainSplitter", "window/topSplitter"), the column widths
// and sort of the workers table ("workers/header") and of the log
// ("log/header"), and the log's filter ("log/minimumLevel", "log/text",
// "log/regex"; "log/selectedOnly" is read only). A missing key leaves that
// part as it was built.
//
//     WindowSettings settings({this, mainSplitter, topSplitter, header, logPanel});
//     settings.restore();   // once the window is built
//     settings.save();      // when it closes
//
// Owner: the window (a member); GUI thread. It only points at the window's
// parts, which the window owns and which must outlive it.
class WindowSettings
{
public:
    struct Parts
    {
        QMainWindow *window = nullptr;
        QSplitter *mainSplitter = nullptr;
        QSplitter *topSplitter = nullptr;
        QHeaderView *workersHeader = nullptr;
        LogPanel *logPanel = nullptr;
    };

    explicit WindowSettings(const Parts &parts);

    // From and to the application's settings (organisation and application
    // name; a test gives its own QSettings instead).
    void restore() const;
    void save() const;
    void restore(const QSettings &settings) const;
    void save(QSettings &settings) const;

private:
    Parts m_parts;
};

} // namespace workhost
