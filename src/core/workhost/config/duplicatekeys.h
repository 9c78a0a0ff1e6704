#pragma once

#include <workhost/config/configissue.h>

#include <QByteArray>

namespace workhost {

// QJsonDocument keeps only the last of two equal keys in an object, without a
// word. This one pass over the text of a document that QJsonDocument accepted
// finds every key that repeats an earlier key of the same object, and reports
// it as an error under its JSON path, with where both are:
//   workers[0].settings.interval: duplicate key at line 7, column 13 (first at line 5, column 13)
// Keys are compared decoded ("na\u006de" repeats "name"). It keeps its own
// stack of open objects instead of recursing, so any depth is safe.
ConfigIssues findDuplicateKeys(const QByteArray &json);

} // namespace workhost
