#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>

#include <chrono>
#include <optional>

namespace workhost {

// One setting of a worker type: its name, type, default, allowed range or
// values, and a one-line description. Both configuration validation and the
// window's "add worker" form are generated from these. A schema says one
// setting a line, with a named constructor for the type and what it adds:
//   SettingSpec::seconds("interval").between(0.01, 86400.0).withDefault(5.0)
//       .describedAs("seconds between two beats")
// A setting without withDefault() is required.
struct SettingSpec
{
    enum class Type {
        Integer, // a whole number
        Number,  // any finite number
        Seconds, // a positive number of seconds (fractions allowed, at least secondsResolution);
                 // 0 too when `minimum` is 0 (zeroAllowed())
        Boolean,
        Text,
        Path,     // text naming a file or folder
        TextList, // a list of texts (command arguments)
        TextMap,  // an object of texts (environment variables)
        Choice,   // one of `choices`
        Object,   // any JSON object (structure of a configuration; checked further by its reader)
        List      // any JSON list (idem)
    };

    // Durations are kept in whole milliseconds: a Seconds value below one
    // would become 0 (a deadline already passed, a timer that never waits),
    // so it is refused rather than rounded.
    static constexpr double secondsResolution = 0.001;

    QString name;
    Type type = Type::Text;
    QVariant defaultValue; // null: the setting is required
    std::optional<double> minimum;
    std::optional<double> maximum;
    QStringList choices; // for Type::Choice
    QString description;
    // Number: a value above 0 must be at least this, where 0 means "none" and
    // a tiny value makes no sense (a rate whose period fits in no duration).
    std::optional<double> smallestAboveZero = {};
    // Boolean: the "add worker" form shows a check box with this text, ticked
    // for false, so that the choice that cannot be undone is the one a person
    // ticks: "Delete files (not a dry run)" for a dryRun that is true by default.
    QString invertedLabel = {};

    // The named constructors, one per type.
    static SettingSpec ofType(Type type, const QString &name)
    {
        SettingSpec spec;
        spec.name = name;
        spec.type = type;
        return spec;
    }
    static SettingSpec integer(const QString &name) { return ofType(Type::Integer, name); }
    static SettingSpec number(const QString &name) { return ofType(Type::Number, name); }
    static SettingSpec seconds(const QString &name) { return ofType(Type::Seconds, name); }
    static SettingSpec boolean(const QString &name) { return ofType(Type::Boolean, name); }
    static SettingSpec text(const QString &name) { return ofType(Type::Text, name); }
    static SettingSpec path(const QString &name) { return ofType(Type::Path, name); }
    static SettingSpec textList(const QString &name) { return ofType(Type::TextList, name); }
    static SettingSpec textMap(const QString &name) { return ofType(Type::TextMap, name); }
    static SettingSpec object(const QString &name) { return ofType(Type::Object, name); }
    static SettingSpec list(const QString &name) { return ofType(Type::List, name); }
    static SettingSpec choice(const QString &name, const QStringList &choices)
    {
        SettingSpec spec = ofType(Type::Choice, name);
        spec.choices = choices;
        return spec;
    }

    // What a named constructor's setting adds, each returning the setting with it.
    [[nodiscard]] SettingSpec withDefault(const QVariant &value) const;
    [[nodiscard]] SettingSpec describedAs(const QString &text) const;
    [[nodiscard]] SettingSpec between(double lowest, double highest) const;
    [[nodiscard]] SettingSpec atLeast(double lowest) const;
    [[nodiscard]] SettingSpec atMost(double highest) const;
    // Number: 0, or at least `smallest` (smallestAboveZero).
    [[nodiscard]] SettingSpec zeroOrAtLeast(double smallest) const;
    // Boolean: the check box's text, ticked for false (invertedLabel).
    [[nodiscard]] SettingSpec invertedAs(const QString &label) const;

    bool required() const { return defaultValue.isNull(); }
    // A Seconds setting whose minimum is 0 takes 0 ("at once"); others must be positive.
    bool zeroAllowed() const { return type == Type::Seconds && minimum && *minimum == 0; }

    // Checks `value` (as parsed from JSON: double, bool, QString, QVariantList,
    // QVariantMap) and returns it normalised, or an error saying what was
    // expected and what was found: `expected a positive number of seconds, got "fast"`.
    struct Checked
    {
        QVariant value;
        QString error;
        bool ok() const { return error.isEmpty(); }
    };
    Checked check(const QVariant &value) const;

    // What the setting expects, for people: "a positive number of seconds".
    QString expectation() const;
};

// A checked Seconds value in the milliseconds the code works with (rounded
// to the nearest; never 0 for a value of at least secondsResolution).
inline std::chrono::milliseconds millisecondsFromSeconds(double seconds)
{
    return std::chrono::milliseconds(qRound64(seconds * 1000));
}

// How a JSON value reads in an error message: "fast" (quoted), 12, true, a list, an object.
QString describeValue(const QVariant &value);

} // namespace workhost
