#include <QtTest>

#include "model/consumer_protocol.h"

using namespace tideline::model;

class TestConsumerProtocol : public QObject {
    Q_OBJECT

private slots:
    void decodesHandWrittenBytes() {
        // Version 1; topics "ab" -> [0, 2] and "c" -> [5]; user data 2 bytes.
        const QByteArray bytes = QByteArray::fromHex(
            "0001"
            "00000002"
            "0002"
            "6162"
            "00000002"
            "00000002"
            "00000000"
            "0001"
            "63"
            "00000001"
            "00000005"
            "00000002"
            "abcd");
        const auto assignment = decodeConsumerAssignment(bytes);
        QVERIFY(assignment.has_value());
        QCOMPARE(*assignment, (QList<TopicPartition>{{"ab", 0}, {"ab", 2}, {"c", 5}}));
    }

    void roundTripsThroughTheEncoder() {
        const QList<TopicPartition> assignment{{"orders", 0}, {"orders", 3}, {"payments", 1}};
        for (qint16 version : {0, 1, 2, 3}) {
            QCOMPARE(decodeConsumerAssignment(encodeConsumerAssignment(assignment, version)), assignment);
        }
    }

    void emptyBytesAreNoAssignmentYet() { QCOMPARE(decodeConsumerAssignment({}), QList<TopicPartition>{}); }

    void nullTopicArrayIsEmpty() {
        QCOMPARE(decodeConsumerAssignment(QByteArray::fromHex("0000ffffffff")), QList<TopicPartition>{});
    }

    void everyTruncationInsideTheTopicsFails() {
        const QByteArray bytes = encodeConsumerAssignment({{"orders", 0}, {"orders", 1}, {"audit", 4}});
        const qsizetype userDataStart = bytes.size() - 4;  // the null user data the encoder writes
        for (qsizetype length = 1; length < userDataStart; ++length) {
            QVERIFY2(!decodeConsumerAssignment(bytes.left(length)).has_value(),
                     qPrintable(QString("accepted the first %1 bytes").arg(length)));
        }
    }

    void rejectsCountsLargerThanTheBytes() {
        // Claims two billion topics in a few bytes: refused before anything is allocated.
        QVERIFY(!decodeConsumerAssignment(QByteArray::fromHex("00007fffffff0000")).has_value());
        QVERIFY(!decodeConsumerAssignment(QByteArray::fromHex("000000000001"
                                                              "0001"
                                                              "61"
                                                              "7fffffff"))
                     .has_value());
    }

    void rejectsNegativeLengthsAndPartitions() {
        QVERIFY(!decodeConsumerAssignment(QByteArray::fromHex("0000fffffffe")).has_value());
        QVERIFY(!decodeConsumerAssignment(QByteArray::fromHex("000000000001"
                                                              "ffff"
                                                              "00000000"))
                     .has_value());
        QVERIFY(!decodeConsumerAssignment(QByteArray::fromHex("000000000001"
                                                              "0001"
                                                              "61"
                                                              "00000001"
                                                              "ffffffff"))
                     .has_value());
        QVERIFY(!decodeConsumerAssignment(QByteArray::fromHex("ffff00000000")).has_value());
    }

    void connectAssignmentBytesAreNotMistakenForPartitions() {
        // A Kafka Connect assignment starts with version, error code and a leader string; read as a
        // consumer assignment its lengths do not add up.
        const QByteArray connect = QByteArray::fromHex(
            "0001"
            "0000"
            "000c"
            "776f726b65722d312d616263");
        QVERIFY(!decodeConsumerAssignment(connect).has_value());
    }
};

QTEST_GUILESS_MAIN(TestConsumerProtocol)
#include "test_consumer_protocol.moc"
