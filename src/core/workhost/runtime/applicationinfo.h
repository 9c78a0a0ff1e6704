#pragma once

#include <QString>

namespace workhost {

// Names and version of the application, in one place, so that the window,
// the command line and the packages all say the same thing.
// The version comes from the CMake project version.
struct ApplicationInfo
{
    static QString name();        // "Workhost"
    static QString executable();  // "workhost"
    static QString version();     // "MAJOR.MINOR.PATCH"
    static QString description(); // one line, for --help and the About box
    static QString organization();
};

} // namespace workhost
