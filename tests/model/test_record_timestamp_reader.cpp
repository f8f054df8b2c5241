// RecordTimestampReader against librdkafka's in-process mock cluster, with records produced at known
// timestamps.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <QElapsedTimer>
#include <QtTest>

#include "model/lag/record_timestamp_reader.h"

using namespace tideline::model;

namespace {

constexpr qint64 kBaseTimestampMs = 1'690'000'000'000;
constexpr int kRecordsPerPartition = 5;

// Record i of partition p carries timestamp base + p * 1000 + i.
qint64 timestampOf(int partition, int index) { return kBaseTimestampMs + partition * 1000 + index; }

}  // namespace

class TestRecordTimestampReader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        char error[512];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        QCOMPARE(rd_kafka_conf_set(conf, "test.mock.num.brokers", "1", error, sizeof error),
                 RD_KAFKA_CONF_OK);
        producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
        QVERIFY2(producer_ != nullptr, error);
        rd_kafka_mock_cluster_t* mock = rd_kafka_handle_mock_cluster(producer_);
        QVERIFY(mock != nullptr);
        bootstrap_ = rd_kafka_mock_cluster_bootstraps(mock);
        QCOMPARE(rd_kafka_mock_topic_create(mock, "orders", 2, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
        for (int partition = 0; partition < 2; ++partition) {
            for (int i = 0; i < kRecordsPerPartition; ++i) {
                const QByteArray value = QByteArray::number(i);
                const rd_kafka_resp_err_t err = rd_kafka_producev(
                    producer_, RD_KAFKA_V_TOPIC("orders"), RD_KAFKA_V_PARTITION(partition),
                    RD_KAFKA_V_VALUE(const_cast<char*>(value.constData()), size_t(value.size())),
                    RD_KAFKA_V_TIMESTAMP(timestampOf(partition, i)), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                    RD_KAFKA_V_END);
                QVERIFY2(err == RD_KAFKA_RESP_ERR_NO_ERROR, rd_kafka_err2str(err));
            }
        }
        QCOMPARE(rd_kafka_flush(producer_, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    }

    void cleanupTestCase() {
        if (producer_ != nullptr) {
            rd_kafka_destroy(producer_);  // takes the mock cluster with it
        }
    }

    void readsTimestampsAtTheRequestedOffsets() {
        std::unique_ptr<RecordTimestampReader> reader = makeReader();
        QVERIFY(reader);
        // Two offsets of partition 0 need two rounds; both fit in one timeout.
        const QList<RecordTimestampRequest> requests{{"orders", 0, 1}, {"orders", 1, 3}, {"orders", 0, 4}};
        QList<RecordTimestamp> answers = reader->read(requests, std::chrono::seconds(5));
        std::sort(answers.begin(), answers.end(), [](const RecordTimestamp& a, const RecordTimestamp& b) {
            return RecordTimestampRequest{a.topic, a.partition, a.requestedOffset} <
                   RecordTimestampRequest{b.topic, b.partition, b.requestedOffset};
        });
        const QList<RecordTimestamp> expected{
            {"orders", 0, 1, 1, timestampOf(0, 1), RecordTimestampType::CreateTime},
            {"orders", 0, 4, 4, timestampOf(0, 4), RecordTimestampType::CreateTime},
            {"orders", 1, 3, 3, timestampOf(1, 3), RecordTimestampType::CreateTime},
        };
        QCOMPARE(answers, expected);
    }

    void endOfPartitionAndUnknownPartitionsAnswerNothingQuickly() {
        std::unique_ptr<RecordTimestampReader> reader = makeReader();
        QVERIFY(reader);
        QElapsedTimer timer;
        timer.start();
        const QList<RecordTimestamp> answers =
            reader->read({{"orders", 1, kRecordsPerPartition}, {"orders", 0, 2}, {"missing", 0, 0}},
                         std::chrono::seconds(2));
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].timestampMs, timestampOf(0, 2));
        QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));  // bounded
    }

    void cancellingStopsEarly() {
        std::unique_ptr<RecordTimestampReader> reader = makeReader();
        QVERIFY(reader);
        const std::atomic_bool cancelled{true};
        QElapsedTimer timer;
        timer.start();
        QVERIFY(reader->read({{"orders", 0, 0}}, std::chrono::seconds(10), &cancelled).isEmpty());
        QVERIFY(timer.elapsed() < 1000);
    }

    void groupSettingsAreIgnored() {
        // Even a group.id from the profile's extra properties must not make it join a group.
        QString error;
        std::unique_ptr<RecordTimestampReader> reader = RecordTimestampReader::create(
            {{"bootstrap.servers", bootstrap_}, {"group.id", "someone-elses-group"}}, &error);
        QVERIFY2(reader, qPrintable(error));
        QCOMPARE(reader->read({{"orders", 1, 0}}, std::chrono::seconds(5)).size(), 1);
    }

    void refusedSettingIsReported() {
        QString error;
        QVERIFY(!RecordTimestampReader::create({{"no.such.setting", "1"}}, &error));
        QVERIFY2(error.contains("no.such.setting"), qPrintable(error));
    }

private:
    std::unique_ptr<RecordTimestampReader> makeReader() {
        QString error;
        auto reader = RecordTimestampReader::create({{"bootstrap.servers", bootstrap_}}, &error);
        if (!reader) {
            qWarning("%s", qPrintable(error));
        }
        return reader;
    }

    rd_kafka_t* producer_ = nullptr;
    QByteArray bootstrap_;
};

QTEST_GUILESS_MAIN(TestRecordTimestampReader)
#include "test_record_timestamp_reader.moc"
