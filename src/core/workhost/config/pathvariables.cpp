#include <workhost/config/pathvariables.h>

#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>

namespace workhost {

QString expandPathVariables(const QString &path, QString *error)
{
    static const QRegularExpression variable(QStringLiteral("\\$\\{([^}]*)\\}"));
    QString expanded;
    qsizetype last = 0;
    for (auto it = variable.globalMatch(path); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1);
        QString value;
        if (name == QLatin1String("data"))
            value = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
        else if (name == QLatin1String("cache"))
            value = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        else if (name == QLatin1String("config"))
            value = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
        else if (name == QLatin1String("home"))
            value = QDir::homePath();
        else if (name == QLatin1String("temp"))
            value = QDir::tempPath();
        else {
            if (error)
                *error =
                    QStringLiteral("unknown variable ${%1}; known: ${data}, ${cache}, ${config}, "
                                   "${home}, ${temp}")
                        .arg(name);
            return {};
        }
        expanded += path.mid(last, match.capturedStart() - last) + value;
        last = match.capturedEnd();
    }
    return expanded + path.mid(last);
}

} // namespace workhost
