// The escaping of a program's output for the log (workers/outputescaping.h):
// each row gives the bytes a program wrote and the exact text logged; every
// byte string comes back whole from unescapeOutput().

#include "workers/outputescaping.h"

#include <QRandomGenerator>
#include <QStringDecoder>
#include <QTest>

using namespace workhost;

namespace {

// Valid UTF-8, as a strict decoder (Qt's) reads it.
bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    return !decoder.hasError();
}

// What a terminal or the log view must never receive raw: C0 but tab, DEL, C1.
bool hasControl(const QByteArray &escaped)
{
    const QString text = QString::fromUtf8(escaped);
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
        return c != QLatin1Char('\t') && c.category() == QChar::Other_Control;
    });
}

} // namespace

class TestOutputEscaping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escapes_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("logged");

        QTest::newRow("plain ASCII") << QByteArray("hello, world") << QByteArray("hello, world");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("tab kept") << QByteArray("a\tb") << QByteArray("a\tb");
        QTest::newRow("Latin-1 e acute (not UTF-8)")
            << QByteArray("caf\xe9") << QByteArray("caf\\xe9");
        QTest::newRow("UTF-8 e acute kept")
            << QByteArray("caf\xc3\xa9") << QByteArray("caf\xc3\xa9");
        QTest::newRow("euro sign, three bytes, kept")
            << QByteArray("\xe2\x82\xac 5") << QByteArray("\xe2\x82\xac 5");
        QTest::newRow("emoji, four bytes, kept")
            << QByteArray("\xf0\x9f\x98\x80") << QByteArray("\xf0\x9f\x98\x80");
        QTest::newRow("backslash doubled") << QByteArray("C:\\dir") << QByteArray("C:\\\\dir");
        QTest::newRow("a literal \\x41 stays text") << QByteArray("\\x41") << QByteArray("\\\\x41");
        QTest::newRow("C0 controls and DEL")
            << QByteArray("a\x01\x1b[31mb\x7f", 9) << QByteArray("a\\x01\\x1b[31mb\\x7f");
        QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("a\\x00b");
        QTest::newRow("carriage return inside") << QByteArray("a\rb") << QByteArray("a\\x0db");
        QTest::newRow("C1 CSI (U+009B) as UTF-8") << QByteArray("\xc2\x9b"
                                                                "31m")
                                                  << QByteArray("\\xc2\\x9b31m");
        QTest::newRow("U+00A0 just past C1 kept")
            << QByteArray("\xc2\xa0") << QByteArray("\xc2\xa0");
        QTest::newRow("stray continuation byte") << QByteArray("a\x80z") << QByteArray("a\\x80z");
        QTest::newRow("sequence cut by the end of the line")
            << QByteArray("a\xe2\x82") << QByteArray("a\\xe2\\x82");
        QTest::newRow("sequence cut by ASCII") << QByteArray("\xe2\x82"
                                                             "z")
                                               << QByteArray("\\xe2\\x82z");
        QTest::newRow("overlong slash (C0 AF)")
            << QByteArray("\xc0\xaf") << QByteArray("\\xc0\\xaf");
        QTest::newRow("overlong three bytes (E0 80 AF)")
            << QByteArray("\xe0\x80\xaf") << QByteArray("\\xe0\\x80\\xaf");
        QTest::newRow("surrogate U+D800 (ED A0 80)")
            << QByteArray("\xed\xa0\x80") << QByteArray("\\xed\\xa0\\x80");
        QTest::newRow("above U+10FFFF (F4 90 80 80)")
            << QByteArray("\xf4\x90\x80\x80") << QByteArray("\\xf4\\x90\\x80\\x80");
        QTest::newRow("U+10FFFF itself kept")
            << QByteArray("\xf4\x8f\xbf\xbf") << QByteArray("\xf4\x8f\xbf\xbf");
        QTest::newRow("bytes F5..FF") << QByteArray("\xf5\xff") << QByteArray("\\xf5\\xff");
        QTest::newRow("invalid byte then a valid sequence")
            << QByteArray("\xe9\xc3\xa9") << QByteArray("\\xe9\xc3\xa9");
    }

    void escapes()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, logged);
        const QByteArray escaped = escapeOutput(raw);
        QCOMPARE(escaped, logged);
        QVERIFY(isValidUtf8(escaped));
        QVERIFY(!hasControl(escaped));
        QCOMPARE(unescapeOutput(escaped), raw);
    }

    // Every pair of bytes, then random lines: the log line is valid UTF-8 without
    // controls, and gives back the exact bytes.
    void everyByteStringComesBack()
    {
        for (int first = 0; first < 256; ++first) {
            for (int second = 0; second < 256; ++second) {
                const QByteArray raw{static_cast<char>(first), static_cast<char>(second)};
                const QByteArray escaped = escapeOutput(raw);
                if (unescapeOutput(escaped) != raw || !isValidUtf8(escaped) || hasControl(escaped))
                    QFAIL(qPrintable(QStringLiteral("%1 -> %2")
                                         .arg(QString::fromLatin1(raw.toHex()),
                                              QString::fromLatin1(escaped.toHex()))));
            }
        }
        QRandomGenerator random(12);
        for (int line = 0; line < 2000; ++line) {
            QByteArray raw(random.bounded(1, 200), Qt::Uninitialized);
            for (char &byte : raw)
                byte = static_cast<char>(random.bounded(256));
            const QByteArray escaped = escapeOutput(raw);
            QVERIFY(isValidUtf8(escaped));
            QVERIFY(!hasControl(escaped));
            QCOMPARE(unescapeOutput(escaped), raw);
        }
    }

    // Plain ASCII goes eight bytes at a time: a byte to escape (or to keep)
    // at every place in and around those words, in lines of every length up
    // to a few words, is escaped as on its own.
    void everyPlaceInAPlainRun_data()
    {
        QTest::addColumn<QByteArray>("odd");
        QTest::addColumn<QByteArray>("logged");
        QTest::newRow("backslash") << QByteArray("\\") << QByteArray("\\\\");
        QTest::newRow("unit separator 0x1f") << QByteArray("\x1f") << QByteArray("\\x1f");
        QTest::newRow("DEL") << QByteArray("\x7f") << QByteArray("\\x7f");
        QTest::newRow("stray 0x80") << QByteArray("\x80") << QByteArray("\\x80");
        QTest::newRow("0xff") << QByteArray("\xff") << QByteArray("\\xff");
        QTest::newRow("NUL") << QByteArray(1, '\0') << QByteArray("\\x00");
        QTest::newRow("tab kept") << QByteArray("\t") << QByteArray("\t");
        QTest::newRow("space kept") << QByteArray(" ") << QByteArray(" ");
        QTest::newRow("tilde kept") << QByteArray("~") << QByteArray("~");
        QTest::newRow("e acute, UTF-8, kept") << QByteArray("\xc3\xa9") << QByteArray("\xc3\xa9");
    }

    void everyPlaceInAPlainRun()
    {
        QFETCH(QByteArray, odd);
        QFETCH(QByteArray, logged);
        for (int length = 0; length <= 40; ++length) {
            for (int at = 0; at <= length; ++at) {
                QByteArray raw(length, 'a');
                QByteArray expected = raw;
                raw.insert(at, odd);
                expected.insert(at, logged);
                const QByteArray escaped = escapeOutput(raw);
                if (escaped != expected || unescapeOutput(escaped) != raw)
                    QFAIL(qPrintable(QStringLiteral("length %1, at %2: %3")
                                         .arg(length)
                                         .arg(at)
                                         .arg(QString::fromLatin1(escaped.toHex()))));
            }
        }
    }

    // What a reader of the log may meet that escapeOutput() never writes.
    void unescapeKeepsWhatItDoesNotKnow_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("backslash at the end") << QByteArray("a\\") << QByteArray("a\\");
        QTest::newRow("\\x without two hex digits") << QByteArray("\\xz1") << QByteArray("\\xz1");
        QTest::newRow("\\x cut by the end") << QByteArray("\\x4") << QByteArray("\\x4");
        QTest::newRow("upper-case hex") << QByteArray("\\xE9") << QByteArray("\xe9");
    }

    void unescapeKeepsWhatItDoesNotKnow()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, bytes);
        QCOMPARE(unescapeOutput(text), bytes);
    }
};

QTEST_GUILESS_MAIN(TestOutputEscaping)
#include "tst_outputescaping.moc"
