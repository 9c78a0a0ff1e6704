// The control channel's framing: messages survive any chunking, and every kind
// of bad input (a 4 GB length, garbage, a non-map, a cut message, an empty
// frame) is an error value with its byte offset, never a crash or a large
// allocation.

#include <workhost/control/framedecoder.h>
#include <workhost/control/frameencoder.h>

#include <QCborArray>
#include <QCborValue>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

using namespace workhost;

namespace {

QCborMap sampleMessage(int id)
{
    QCborMap params;
    params.insert(QStringLiteral("names"), QCborArray{QStringLiteral("a"), QStringLiteral("b")});
    params.insert(QStringLiteral("blob"), QByteArray(300, 'x'));
    QCborMap message;
    message.insert(QStringLiteral("type"), QStringLiteral("request"));
    message.insert(QStringLiteral("id"), id);
    message.insert(QStringLiteral("method"), QStringLiteral("status"));
    message.insert(QStringLiteral("params"), params);
    return message;
}

QByteArray header(quint32 length)
{
    QByteArray bytes(4, Qt::Uninitialized);
    qToBigEndian(length, bytes.data());
    return bytes;
}

QByteArray rawFrame(const QByteArray &payload)
{
    return header(quint32(payload.size())) + payload;
}

// Every result the decoder has for what it was fed, up to "need more".
QList<DecodedFrame> drain(FrameDecoder &decoder)
{
    QList<DecodedFrame> frames;
    for (DecodedFrame frame = decoder.next(); !frame.needsMore(); frame = decoder.next()) {
        frames << frame;
        if (frame.isError() && frame.error.isFatal())
            break;
    }
    return frames;
}

} // namespace

class TestFrameCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        const QByteArray frame = encodeFrame(sampleMessage(7));
        QCOMPARE(qFromBigEndian<quint32>(frame.constData()), quint32(frame.size() - 4));
        FrameDecoder decoder;
        decoder.feed(frame);
        const QList<DecodedFrame> frames = drain(decoder);
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames[0].isMessage());
        QCOMPARE(frames[0].message, sampleMessage(7));
        QCOMPARE(decoder.bufferedBytes(), qsizetype(0));
        QVERIFY(!decoder.finish());
    }

    void oneByteAtATime()
    {
        const QByteArray stream = encodeFrame(sampleMessage(1)) + encodeFrame(sampleMessage(2));
        const qsizetype firstEnd = encodeFrame(sampleMessage(1)).size();
        FrameDecoder decoder;
        QList<QCborMap> messages;
        for (qsizetype i = 0; i < stream.size(); ++i) {
            decoder.feed(stream.mid(i, 1));
            const QList<DecodedFrame> frames = drain(decoder);
            if (i + 1 == firstEnd || i + 1 == stream.size())
                QCOMPARE(frames.size(), 1);
            else
                QCOMPARE(frames.size(), 0); // half a message waits for the rest
            for (const DecodedFrame &frame : frames)
                messages << frame.message;
        }
        QCOMPARE(messages, (QList<QCborMap>{sampleMessage(1), sampleMessage(2)}));
    }

    void twoInOneChunk()
    {
        FrameDecoder decoder;
        decoder.feed(encodeFrame(sampleMessage(1)) + encodeFrame(sampleMessage(2)));
        const QList<DecodedFrame> frames = drain(decoder);
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames[0].message, sampleMessage(1));
        QCOMPARE(frames[1].message, sampleMessage(2));
    }

    void fourGigabyteLengthIsRefusedBeforeBuffering()
    {
        const QByteArray first = encodeFrame(sampleMessage(1));
        FrameDecoder decoder;
        decoder.feed(first + header(0xFFFFFFFFu));
        const QList<DecodedFrame> frames = drain(decoder);
        QCOMPARE(frames.size(), 2);
        QVERIFY(frames[0].isMessage());
        QVERIFY(frames[1].isError());
        QCOMPARE(frames[1].error.kind, FrameError::Kind::TooLarge);
        QCOMPARE(frames[1].error.offset, qint64(first.size()));
        QVERIFY2(frames[1].error.message.contains("4294967295"),
                 qPrintable(frames[1].error.message));
        QVERIFY(frames[1].error.isFatal());
        QVERIFY(decoder.hasFailed());
        // The rest of the stream is ignored, and the error stays.
        decoder.feed(QByteArray(1 << 16, 'z'));
        QVERIFY(decoder.bufferedBytes() <= 4);
        QCOMPARE(decoder.next().error.kind, FrameError::Kind::TooLarge);
        QVERIFY(!decoder.finish()); // already said
    }

    void theLimitIsExact()
    {
        QCborMap message;
        message.insert(QStringLiteral("x"), QByteArray(90, 'y'));
        const QByteArray frame = encodeFrame(message);
        const qsizetype size = frame.size() - 4;
        QVERIFY(encodeFrame(message, size) == frame);
        QVERIFY(encodeFrame(message, size - 1).isEmpty()); // the sender refuses too

        FrameDecoder exact(size);
        exact.feed(frame);
        QVERIFY(exact.next().isMessage());
        FrameDecoder smaller(size - 1);
        smaller.feed(frame.left(4)); // the length alone is enough to refuse
        QCOMPARE(smaller.next().error.kind, FrameError::Kind::TooLarge);
    }

    void emptyFrameIsSkipped()
    {
        FrameDecoder decoder;
        decoder.feed(header(0) + encodeFrame(sampleMessage(3)));
        const QList<DecodedFrame> frames = drain(decoder);
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames[0].error.kind, FrameError::Kind::Empty);
        QCOMPARE(frames[0].error.offset, qint64(0));
        QVERIFY(!frames[0].error.isFatal());
        QCOMPARE(frames[1].message, sampleMessage(3));
    }

    void badContentIsSkippedWithItsOffset_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("offsetInPayload");
        QTest::addColumn<QString>("word");
        const auto bad = int(FrameError::Kind::BadCbor);
        const auto notMap = int(FrameError::Kind::NotAMap);
        QTest::newRow("garbage") << QByteArray("\xff\xfe\xfd", 3) << bad << qint64(0)
                                 << "not well-formed CBOR";
        QTest::newRow("map cut short")
            << QByteArray("\xa2\x61x\x01", 4) << bad << qint64(4) << "not well-formed CBOR";
        QTest::newRow("bytes after the map")
            << QByteArray("\xa1\x61x\x01\x00", 5) << bad << qint64(4) << "1 bytes follow";
        QTest::newRow("array") << QCborValue(QCborArray{1, 2}).toCbor() << notMap << qint64(0)
                               << "not an array";
        QTest::newRow("integer") << QCborValue(5).toCbor() << notMap << qint64(0)
                                 << "not an integer";
        QTest::newRow("text") << QCborValue(QStringLiteral("hi")).toCbor() << notMap << qint64(0)
                              << "not a text string";
    }

    void badContentIsSkippedWithItsOffset()
    {
        QFETCH(QByteArray, payload);
        QFETCH(int, kind);
        QFETCH(qint64, offsetInPayload);
        QFETCH(QString, word);
        const QByteArray first = encodeFrame(sampleMessage(1));
        FrameDecoder decoder;
        decoder.feed(first + rawFrame(payload) + encodeFrame(sampleMessage(2)));
        const QList<DecodedFrame> frames = drain(decoder);
        QCOMPARE(frames.size(), 3);
        QVERIFY(frames[1].isError());
        QCOMPARE(int(frames[1].error.kind), kind);
        QCOMPARE(frames[1].error.offset, qint64(first.size()) + 4 + offsetInPayload);
        QVERIFY2(frames[1].error.message.contains(word), qPrintable(frames[1].error.message));
        QVERIFY(frames[1].error.toString().startsWith(
            QStringLiteral("byte %1: ").arg(frames[1].error.offset)));
        QVERIFY(!frames[1].error.isFatal());
        QCOMPARE(frames[2].message, sampleMessage(2)); // the stream goes on
    }

    void streamEndingInsideAFrameIsTruncated()
    {
        const QByteArray first = encodeFrame(sampleMessage(1));
        const QByteArray second = encodeFrame(sampleMessage(2));
        FrameDecoder decoder;
        decoder.feed(first + second.left(10));
        QCOMPARE(drain(decoder).size(), 1);
        const std::optional<FrameError> end = decoder.finish();
        QVERIFY(end);
        QCOMPARE(end->kind, FrameError::Kind::Truncated);
        QCOMPARE(end->offset, qint64(first.size()));
        QVERIFY2(end->message.contains(QStringLiteral("6 of its %1 bytes").arg(second.size() - 4)),
                 qPrintable(end->message));

        FrameDecoder inHeader;
        inHeader.feed(second.left(2));
        QVERIFY(inHeader.next().needsMore());
        QVERIFY2(inHeader.finish()->message.contains("2 of 4 bytes"),
                 qPrintable(inHeader.finish()->message));
    }

    void randomBytesNeverCrashOrHoard()
    {
        // A fixed seed: the same bytes every run. A small limit makes many
        // declared lengths pass, so the content checks run too.
        QRandomGenerator random(16);
        constexpr qsizetype limit = 256;
        for (int round = 0; round < 200; ++round) {
            FrameDecoder decoder(limit);
            for (int chunk = 0; chunk < 20 && !decoder.hasFailed(); ++chunk) {
                QByteArray bytes(qsizetype(random.bounded(64)), Qt::Uninitialized);
                for (char &c : bytes)
                    c = char(random.bounded(256));
                if (random.bounded(2) == 0 && bytes.size() >= 4) // a plausible length
                    qToBigEndian<quint32>(random.bounded(quint32(limit)), bytes.data());
                decoder.feed(bytes);
                for (const DecodedFrame &frame : drain(decoder))
                    QVERIFY(frame.isMessage() || !frame.error.message.isEmpty());
                QVERIFY(decoder.bufferedBytes() <= 4 + limit + 64);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestFrameCodec)
#include "tst_framecodec.moc"
