// How browsed keys, values and headers are shown: JSON, text or hex, from the bytes alone.
#include <QtTest>

#include "model/operations/record_format.h"

using namespace tideline::model;

class TestRecordFormat : public QObject {
    Q_OBJECT

private slots:
    void decidesTheFormatFromTheBytes_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QByteArray("") << int(PayloadFormat::Empty) << QString();
        QTest::newRow("json object") << QByteArray(R"({"id":7,"tags":["a"]})") << int(PayloadFormat::Json)
                                     << QString(
                                            "{\n    \"id\": 7,\n    \"tags\": [\n        \"a\"\n    ]\n}");
        QTest::newRow("json array") << QByteArray(" [1,2] ") << int(PayloadFormat::Json)
                                    << QString("[\n    1,\n    2\n]");
        QTest::newRow("broken json is text")
            << QByteArray("{\"id\":") << int(PayloadFormat::Utf8) << QString("{\"id\":");
        QTest::newRow("a json number is text")
            << QByteArray("42") << int(PayloadFormat::Utf8) << QString("42");
        QTest::newRow("utf8") << QByteArray("Grüße\tà tous\n") << int(PayloadFormat::Utf8)
                              << QString::fromUtf8("Grüße\tà tous\n");
        QTest::newRow("invalid utf8")
            << QByteArray("\xff\xfe\x00\x01", 4) << int(PayloadFormat::Hex) << QString("ff fe 00 01");
        QTest::newRow("control characters")
            << QByteArray("ab\x01", 3) << int(PayloadFormat::Hex) << QString("61 62 01");
    }

    void decidesTheFormatFromTheBytes() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, format);
        QFETCH(QString, text);
        const DecodedPayload decoded = decodePayload(bytes);
        QCOMPARE(int(decoded.format), format);
        QCOMPARE(decoded.text, text);
        QVERIFY(!decoded.truncated);
    }

    void nullIsNotEmpty() {
        QCOMPARE(decodePayload(std::nullopt).format, PayloadFormat::Null);
        QCOMPARE(payloadFormatName(PayloadFormat::Null), QString("null"));
    }

    void longPayloadsAreCut() {
        const DecodedPayload text = decodePayload(QByteArray(100, 'x'), 10);
        QCOMPARE(text.text, QString(10, 'x'));
        QVERIFY(text.truncated);
        const DecodedPayload binary = decodePayload(QByteArray(100'000, '\x02'), 8);
        QCOMPARE(binary.format, PayloadFormat::Hex);
        QCOMPARE(binary.text, QString("02 02 02"));
        QVERIFY(binary.truncated);
    }
};

QTEST_GUILESS_MAIN(TestRecordFormat)
#include "test_record_format.moc"
