// The "add worker" form, driven as a person drives it: pick a type, type into
// the fields, read the messages under them and whether OK can be pressed.
// What the form makes must equal what ConfigLoader makes of the same worker.

#include "gui/workers/addworkerdialog.h"
#include "support/standardregistry.h"
#include <workhost/config/configloader.h>
#include <workhost/config/enumnames.h>
#include <workhost/config/workerregistry.h>

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace workhost;

namespace {

const QString intervalFastMessage =
    QStringLiteral("expected a positive number of seconds from 0.01 to 86400, got \"fast\"");
const QString unknownVariableMessage =
    QStringLiteral("unknown variable ${nope}; known: ${data}, ${cache}, ${config}, ${home}, "
                   "${temp}");

template <typename Widget>
Widget *child(const QWidget &dialog, const QString &name)
{
    auto *widget = dialog.findChild<Widget *>(name);
    if (!widget)
        qFatal("no %s named %s", Widget::staticMetaObject.className(), qPrintable(name));
    return widget;
}

QWidget *settingInput(const QWidget &dialog, const QString &setting)
{
    return child<QWidget>(dialog, QStringLiteral("setting_") + setting);
}

// The message under a field, or "" while it is hidden.
QString message(const QWidget &dialog, const QString &field)
{
    const auto *label = child<QLabel>(dialog, QStringLiteral("message_") + field);
    return label->isVisibleTo(&dialog) ? label->text() : QString();
}

bool okEnabled(const QWidget &dialog)
{
    return child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok)->isEnabled();
}

QStringList settingInputNames(const QWidget &dialog)
{
    QStringList names;
    const auto widgets = dialog.findChildren<QWidget *>();
    for (const QWidget *widget : widgets) {
        if (widget->objectName().startsWith(QLatin1String("setting_")))
            names << widget->objectName().mid(8);
    }
    names.sort();
    return names;
}

// Home, then Down until the type shows: as with the keyboard.
void selectType(QWidget &dialog, const QString &type)
{
    auto *combo = child<QComboBox>(dialog, "typeCombo");
    QTest::keyClick(combo, Qt::Key_Home);
    while (combo->currentText() != type && combo->currentIndex() < combo->count() - 1)
        QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(combo->currentText(), type);
    // The rebuilt rows are shown by the layout from the event loop, as a person sees them.
    QVERIFY(QTest::qWaitFor([&] {
        const auto inputs =
            dialog.findChildren<QWidget *>(QRegularExpression(QStringLiteral("^setting_")));
        return std::all_of(inputs.cbegin(), inputs.cend(),
                           [&](const QWidget *input) { return input->isVisibleTo(&dialog); });
    }));
}

void typeLine(QLineEdit *edit, const QString &text)
{
    edit->clear();
    const bool typeable =
        std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() >= 0x20; });
    if (typeable) {
        QTest::keyClicks(edit, text);
    } else { // no key types a control character, but a paste brings it
        QGuiApplication::clipboard()->setText(text);
        QTest::keySequence(edit, QKeySequence::Paste);
    }
}

// Lines separated by Return, as typed.
void typeLines(QPlainTextEdit *edit, const QStringList &lines)
{
    edit->clear();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(edit, Qt::Key_Return);
        QTest::keyClicks(edit, lines[i]);
    }
}

void typeInto(QWidget &dialog, const QString &field, const QString &text)
{
    QWidget *input = field == QLatin1String("name") ? child<QWidget>(dialog, "nameEdit")
                                                    : settingInput(dialog, field);
    if (auto *edit = qobject_cast<QPlainTextEdit *>(input))
        typeLines(edit, text.split(QLatin1Char('\n')));
    else
        typeLine(qobject_cast<QLineEdit *>(input), text);
}

// What ConfigLoader makes of one worker entry: the reference for the form.
WorkerConfig loaded(const QVariantMap &entry)
{
    const QVariantMap root = {{"workers", QVariantList{entry}}};
    const ConfigLoader::Result result =
        ConfigLoader(test::standardRegistry())
            .parse(QJsonDocument(QJsonObject::fromVariantMap(root)).toJson());
    if (!result.ok() || result.config.workers.size() != 1)
        qFatal("the reference entry does not load: %s",
               qPrintable(result.issues.value(0).toString()));
    return result.config.workers.first();
}

void compareWorkers(const WorkerConfig &actual, const WorkerConfig &expected)
{
    QCOMPARE(actual.name, expected.name);
    QCOMPARE(actual.type, expected.type);
    QCOMPARE(actual.enabled, expected.enabled);
    QCOMPARE(actual.settings.keys(), expected.settings.keys());
    for (const QString &key : expected.settings.keys())
        QVERIFY2(actual.settings.value(key) == expected.settings.value(key), qPrintable(key));
    QCOMPARE(actual.options.autostart, expected.options.autostart);
    QCOMPARE(actual.options.faultPolicy, expected.options.faultPolicy);
    QCOMPARE(actual.options.restartOnCompletion, expected.options.restartOnCompletion);
    const RestartPolicy &a = actual.options.restart;
    const RestartPolicy &e = expected.options.restart;
    QCOMPARE(a.initialBackoff, e.initialBackoff);
    QCOMPARE(a.backoffFactor, e.backoffFactor);
    QCOMPARE(a.maxBackoff, e.maxBackoff);
    QCOMPARE(a.resetAfter, e.resetAfter);
    QCOMPARE(a.maxRestarts, e.maxRestarts);
    QCOMPARE(a.intensityWindow, e.intensityWindow);
}

// The text of the label beside a setting's input.
QString labelOf(const QWidget &dialog, const QString &setting)
{
    const QWidget *input = settingInput(dialog, setting);
    const auto labels = dialog.findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (label->buddy() == input)
            return label->text();
    }
    return {};
}

// Whether an input shows the setting's default (semantically, not as formatted).
bool showsDefault(const QWidget *input, const SettingSpec &spec)
{
    const QVariant &value = spec.defaultValue;
    if (const auto *check =
            qobject_cast<const QCheckBox *>(input)) // an inverted one: ticked for false
        return check->isChecked() == (value.toBool() == spec.invertedLabel.isEmpty());
    if (const auto *combo = qobject_cast<const QComboBox *>(input))
        return combo->currentText() == value.toString();
    if (const auto *edit = qobject_cast<const QPlainTextEdit *>(input))
        return edit->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts) ==
               value.toStringList();
    const QString text = qobject_cast<const QLineEdit *>(input)->text();
    if (value.isNull())
        return text.isEmpty();
    if (spec.type == SettingSpec::Type::Integer || spec.type == SettingSpec::Type::Number ||
        spec.type == SettingSpec::Type::Seconds)
        return text.toDouble() == value.toDouble();
    return text == value.toString();
}

struct ShownDialog
{
    explicit ShownDialog(const QStringList &taken = {})
        : dialog(test::standardRegistry(), taken)
    {
        dialog.show();
        if (!QTest::qWaitForWindowExposed(&dialog))
            qFatal("the dialog is not shown");
    }
    AddWorkerDialog dialog;
};

} // namespace

class TestAddWorkerDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyTypeBuildsItsForm_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QVariantMap>("required"); // what to type into each required field

        QTest::newRow("heartbeat") << "heartbeat" << QVariantMap{};
        QTest::newRow("command") << "command" << QVariantMap{{"program", "/bin/true"}};
        QTest::newRow("file-hasher")
            << "file-hasher"
            << QVariantMap{{"directory", "${temp}/in"}, {"manifest", "${temp}/manifest.json"}};
        QTest::newRow("cleanup") << "cleanup" << QVariantMap{{"directory", "${home}/tmp"}};
        QTest::newRow("queue") << "queue" << QVariantMap{};
        QTest::newRow("prime-counter") << "prime-counter" << QVariantMap{};
        QTest::newRow("flaky") << "flaky" << QVariantMap{};
        QTest::newRow("stubborn") << "stubborn" << QVariantMap{};
    }

    void everyTypeBuildsItsForm()
    {
        QFETCH(QString, type);
        QFETCH(QVariantMap, required);
        const WorkerType *schema = test::standardRegistry().find(type);
        QVERIFY(schema);
        ShownDialog shown;
        AddWorkerDialog &dialog = shown.dialog;
        selectType(dialog, type == "heartbeat" ? QStringLiteral("stubborn") : type);
        selectType(dialog, type); // rebuilt from another type's form

        QStringList expectedNames;
        for (const SettingSpec &spec : schema->settings)
            expectedNames << spec.name;
        expectedNames.sort();
        QCOMPARE(settingInputNames(dialog), expectedNames);
        QCOMPARE(child<QLineEdit>(dialog, "nameEdit")->text(), type);
        QCOMPARE(child<QLabel>(dialog, "typeDescription")->text(), schema->description);

        for (const SettingSpec &spec : schema->settings) {
            QVERIFY2(showsDefault(settingInput(dialog, spec.name), spec), qPrintable(spec.name));
            QCOMPARE(message(dialog, spec.name),
                     required.contains(spec.name) ? QStringLiteral("required") : QString());
        }
        QCOMPARE(okEnabled(dialog), required.isEmpty());

        for (auto it = required.cbegin(); it != required.cend(); ++it)
            typeInto(dialog, it.key(), it.value().toString());
        QVERIFY(okEnabled(dialog));
        compareWorkers(dialog.workerConfig(),
                       loaded({{"name", type}, {"type", type}, {"settings", required}}));
    }

    void showsTheCheckMessageInline_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // "" for valid

        QTest::newRow("not a number") << "heartbeat"
                                      << "interval"
                                      << "fast" << intervalFastMessage;
        QTest::newRow("zero seconds")
            << "heartbeat"
            << "interval"
            << "0"
            << "expected a positive number of seconds from 0.01 to 86400, got 0";
        QTest::newRow("above the maximum")
            << "heartbeat"
            << "interval"
            << "1e6"
            << "expected a positive number of seconds from 0.01 to 86400, got 1000000";
        QTest::newRow("decimal comma")
            << "heartbeat"
            << "interval"
            << "2,5"
            << "expected a positive number of seconds from 0.01 to 86400, got \"2,5\"";
        QTest::newRow("empty optional: the default") << "heartbeat"
                                                     << "interval"
                                                     << ""
                                                     << "";
        QTest::newRow("fraction") << "heartbeat"
                                  << "interval"
                                  << " .5 "
                                  << "";
        QTest::newRow("fraction for a whole number")
            << "queue"
            << "capacity"
            << "2.5"
            << "expected a whole number from 1 to 10000000, got 2.5";
        QTest::newRow("negative rate") << "queue"
                                       << "producerRate"
                                       << "-1"
                                       << "expected 0 or a number from 1e-06 to 100000, got -1";
        QTest::newRow("empty required path") << "command"
                                             << "program"
                                             << ""
                                             << "required";
        QTest::newRow("environment line without =") << "command"
                                                    << "environment"
                                                    << "A=1\nPATH"
                                                    << "line 2: expected KEY=VALUE, got \"PATH\"";
        QTest::newRow("environment key twice") << "command"
                                               << "environment"
                                               << "A=1\nA=2"
                                               << "line 2: \"A\" is already set above";
        QTest::newRow("environment") << "command"
                                     << "environment"
                                     << "A=1\nB=x=y"
                                     << "";
    }

    void showsTheCheckMessageInline()
    {
        QFETCH(QString, type);
        QFETCH(QString, setting);
        QFETCH(QString, input);
        QFETCH(QString, expected);
        ShownDialog shown;
        selectType(shown.dialog, type);
        if (type == "command")
            typeInto(shown.dialog, "program", "/bin/true");

        typeInto(shown.dialog, setting, input);
        QCOMPARE(message(shown.dialog, setting), expected);
        QCOMPARE(okEnabled(shown.dialog), expected.isEmpty());
    }

    void fixingAFieldEnablesOk()
    {
        ShownDialog shown;
        AddWorkerDialog &dialog = shown.dialog;
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QPushButton *ok =
            child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok);

        typeInto(dialog, "interval", "fast");
        QCOMPARE(message(dialog, "interval"), intervalFastMessage);
        QVERIFY(!ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(accepted.count(), 0);

        typeInto(dialog, "interval", "2.5");
        QCOMPARE(message(dialog, "interval"), QString());
        QVERIFY(ok->isEnabled());
        QCOMPARE(dialog.workerConfig().settings.value("interval"), QVariant(2.5));
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);
    }

    void checksTheName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected"); // "" for valid

        QTest::newRow("taken") << "heartbeat"
                               << "\"heartbeat\" is taken: another worker has this name";
        QTest::newRow("taken too") << "beat"
                                   << "\"beat\" is taken: another worker has this name";
        QTest::newRow("empty") << ""
                               << "required";
        // The configuration file's own rules (ConfigLoader::nameProblem).
        QTest::newRow("leading space") << " pulse"
                                       << "expected a non-empty name without leading or "
                                          "trailing spaces, got \" pulse\"";
        QTest::newRow("trailing space") << "pulse "
                                        << "expected a non-empty name without leading or "
                                           "trailing spaces, got \"pulse \"";
        QTest::newRow("65 characters")
            << QString(65, QLatin1Char('w'))
            << "expected a name of at most 64 characters, got 65 characters";
        QTest::newRow("64 characters") << QString(64, QLatin1Char('w')) << "";
        QTest::newRow("a control character")
            << QStringLiteral("pul\u0007se")
            << "expected a name without control characters (such as a line break), got "
               "\"pul\\u0007se\"";
        QTest::newRow("free") << "pulse"
                              << "";
        QTest::newRow("free, a taken name's prefix") << "heart"
                                                     << "";
    }

    void checksTheName()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        ShownDialog shown({"heartbeat", "beat", "heartbeat-2"});
        QCOMPARE(child<QLineEdit>(shown.dialog, "nameEdit")->text(), "heartbeat-3");
        QCOMPARE(message(shown.dialog, "name"), QString());

        typeInto(shown.dialog, "name", name);
        QCOMPARE(message(shown.dialog, "name"), expected);
        QCOMPARE(okEnabled(shown.dialog), expected.isEmpty());
    }

    void keepsWhatWasTypedAcrossTypes()
    {
        ShownDialog shown;
        typeInto(shown.dialog, "name", "my-worker");
        selectType(shown.dialog, "queue");
        QCOMPARE(child<QLineEdit>(shown.dialog, "nameEdit")->text(), "my-worker");
        QVERIFY(!shown.dialog.findChild<QWidget *>("setting_interval"));

        // An untouched suggestion follows the type.
        ShownDialog other;
        selectType(other.dialog, "queue");
        QCOMPARE(child<QLineEdit>(other.dialog, "nameEdit")->text(), "queue");
    }

    void commandMatchesTheLoader_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("restartOnCompletion");

        QTest::newRow("continuous: runs again") << "continuous" << true;
        QTest::newRow("interval: the timer runs it") << "interval" << false;
    }

    void commandMatchesTheLoader()
    {
        QFETCH(QString, mode);
        QFETCH(bool, restartOnCompletion);
        ShownDialog shown;
        AddWorkerDialog &dialog = shown.dialog;
        selectType(dialog, "command");
        typeInto(dialog, "name", "sync");
        typeInto(dialog, "program", "${home}/bin/sync");
        typeInto(dialog, "arguments", "--verbose\n--target\nsome place");
        typeInto(dialog, "environment", "LANG=C\nRETRIES=3");
        typeInto(dialog, "stopGrace", "2.5");
        auto *modeCombo = child<QComboBox>(dialog, "setting_mode");
        QTest::keyClick(modeCombo, Qt::Key_Home);
        if (mode == "interval")
            QTest::keyClick(modeCombo, Qt::Key_Down);
        QCOMPARE(modeCombo->currentText(), mode);
        QTest::keyClick(child<QCheckBox>(dialog, "autostartCheck"), Qt::Key_Space);
        auto *policyCombo = child<QComboBox>(dialog, "faultPolicyCombo");
        QTest::keyClick(policyCombo, Qt::Key_End);
        QCOMPARE(policyCombo->currentText(), "Stop the host");
        QVERIFY(okEnabled(dialog));

        const WorkerConfig config = dialog.workerConfig();
        QCOMPARE(config.settings.value("arguments").toStringList(),
                 QStringList({"--verbose", "--target", "some place"}));
        // As typed: path variables are expanded when the worker is made, not saved.
        QCOMPARE(config.settings.value("program").toString(), QStringLiteral("${home}/bin/sync"));
        QCOMPARE(config.options.restartOnCompletion, restartOnCompletion);
        QCOMPARE(config.options.autostart, false);
        QCOMPARE(config.options.faultPolicy, FaultPolicy::StopHost);
        compareWorkers(
            config,
            loaded({{"name", "sync"},
                    {"type", "command"},
                    {"autostart", false},
                    {"faultPolicy", "stopHost"},
                    {"settings",
                     QVariantMap{{"program", "${home}/bin/sync"},
                                 {"arguments", QStringList{"--verbose", "--target", "some place"}},
                                 {"environment", QVariantMap{{"LANG", "C"}, {"RETRIES", "3"}}},
                                 {"mode", mode},
                                 {"stopGrace", 2.5}}}}));
    }

    void showsPathErrorsInline_data()
    {
        QTest::addColumn<QString>("directory");
        QTest::addColumn<QString>("expected"); // "" for valid

        QTest::newRow("unknown variable") << "${nope}/in" << unknownVariableMessage;
        QTest::newRow("empty") << ""
                               << "required";
        QTest::newRow("known variable") << "${home}/in"
                                        << "";
        QTest::newRow("plain") << "/srv/in"
                               << "";
    }

    void showsPathErrorsInline()
    {
        QFETCH(QString, directory);
        QFETCH(QString, expected);
        ShownDialog shown;
        AddWorkerDialog &dialog = shown.dialog;
        selectType(dialog, "file-hasher");
        typeInto(dialog, "manifest", "${temp}/manifest.json");
        QCOMPARE(message(dialog, "manifest"), QString());

        typeInto(dialog, "directory", directory);
        QCOMPARE(message(dialog, "directory"), expected);
        QCOMPARE(okEnabled(dialog), expected.isEmpty());
        if (!expected.isEmpty())
            return;
        const QVariantMap settings = dialog.workerConfig().settings;
        QCOMPARE(settings.value("directory").toString(), directory); // as typed
        QCOMPARE(settings.value("manifest").toString(), QStringLiteral("${temp}/manifest.json"));
    }

    // A worker that deletes files is added as a dry run, which reports what it
    // would delete, unless the person ticks the box that arms it.
    void cleanupIsADryRunUntilArmed()
    {
        ShownDialog shown;
        AddWorkerDialog &dialog = shown.dialog;
        selectType(dialog, "cleanup");
        typeInto(dialog, "directory", "${home}/tmp");
        auto *arm = child<QCheckBox>(dialog, "setting_dryRun");
        QCOMPARE(arm->text(), QStringLiteral("Delete files (not a dry run)"));
        QVERIFY(!arm->isChecked());
        QCOMPARE(labelOf(dialog, "maxAge"), QStringLiteral("maxAge (seconds):"));
        QVERIFY(okEnabled(dialog));
        QCOMPARE(dialog.workerConfig().settings.value("dryRun"), QVariant(true));

        QTest::keyClick(arm, Qt::Key_Space);
        QVERIFY(arm->isChecked());
        compareWorkers(
            dialog.workerConfig(),
            loaded({{"name", "cleanup"},
                    {"type", "cleanup"},
                    {"settings", QVariantMap{{"directory", "${home}/tmp"}, {"dryRun", false}}}}));
    }

    // The form offers every fault policy of the configuration's table, in its
    // order, each with words of its own, the default chosen.
    void offersEveryFaultPolicy()
    {
        ShownDialog shown;
        auto *combo = child<QComboBox>(shown.dialog, "faultPolicyCombo");
        QList<FaultPolicy> offered;
        QSet<QString> labels;
        for (int i = 0; i < combo->count(); ++i) {
            offered << combo->itemData(i).value<FaultPolicy>();
            labels << combo->itemText(i);
            QVERIFY(!combo->itemData(i, Qt::ToolTipRole).toString().isEmpty());
        }
        QCOMPARE(offered, enumValues<FaultPolicy>());
        QCOMPARE(labels.size(), combo->count());
        QCOMPARE(combo->currentData().value<FaultPolicy>(), ServiceOptions().faultPolicy);
    }
};

QTEST_MAIN(TestAddWorkerDialog)
#include "tst_addworkerdialog.moc"
