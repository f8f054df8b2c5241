// Produce, Fetch, ListOffsets, Metadata and DescribeCluster as the wire sees them: offsets, high
// watermarks, error codes, waiting fetches and replica logs, checked field by field.
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include "record_batch.h"
#include "support/broker_process.h"
#include "support/raw_kafka_client.h"

using namespace tideline::protocol;
using tideline::testing::BrokerProcess;
using tideline::testing::RawKafkaClient;

namespace {

const std::string kTopic = "raw-t";
constexpr std::int64_t kBaseTime = 1'700'000'000'000;

Bytes batchOf(int records, std::int64_t firstTimestamp) {
    std::vector<RecordInput> inputs;
    for (int i = 0; i < records; ++i) {
        const auto value = "value-" + std::to_string(i);
        inputs.push_back({Bytes{'k'}, Bytes(value.begin(), value.end()), {}, firstTimestamp + i, {}, 0});
    }
    return write_batch({}, inputs);
}

ProduceRequest produceRequest(const std::string& topic, std::int32_t partition, Bytes records,
                              std::int16_t acks) {
    ProduceRequest request;
    request.acks = acks;
    request.timeout_ms = 5000;
    request.topic_data.push_back({topic, {{partition, std::move(records), {}}}, {}});
    return request;
}

FetchRequest fetchRequest(std::int32_t partition, std::int64_t offset, std::int32_t maxWaitMs) {
    FetchRequest request;
    request.max_wait_ms = maxWaitMs;
    request.min_bytes = 1;
    request.topics.push_back({kTopic, {}, {{partition, -1, offset, -1, -1, 1 << 20, {}, {}}}, {}});
    return request;
}

ListOffsetsRequest listOffsets(std::int64_t timestamp) {
    ListOffsetsRequest request;
    request.replica_id = -1;
    request.topics.push_back({kTopic, {{0, -1, timestamp, 1, {}}}, {}});
    return request;
}

// Offsets of all records in `records`, in order.
std::vector<std::int64_t> offsetsIn(const Bytes& records) {
    std::vector<std::int64_t> offsets;
    BatchSetReader reader(records);
    while (auto batch = reader.next()) {
        for (const auto& record : decode_records(*batch).records)
            offsets.push_back(record.offset(batch->header));
    }
    return offsets;
}

}  // namespace

class TestBrokerRawRequests : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(dataDir_.isValid());
        // Retention checks every 200 ms, so that the retention test need not wait minutes.
        QVERIFY2(broker_.start(2, dataDir_.path(), {"--set", "log.retention.check.interval.ms=200"}),
                 qPrintable(broker_.output()));
        // Partition 0 led by broker 1, partition 1 by broker 2; both replicated to the other broker.
        RawKafkaClient client(broker_.port(1));
        CreateTopicsRequest create;
        create.topics.push_back({kTopic, -1, -1, {{0, {1, 2}, {}}, {1, {2, 1}, {}}}, {}, {}});
        const auto created = client.call<CreateTopicsResponse>(7, create);
        QVERIFY(created.has_value());
        QCOMPARE(created->topics.at(0).error_code, std::int16_t{0});
        QCOMPARE(created->topics.at(0).num_partitions, 2);
        topicId_ = created->topics.at(0).topic_id;
        QVERIFY(topicId_ != Uuid{});
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void produceAssignsOffsetsAndFetchReturnsThem() {
        RawKafkaClient client(broker_.port(1));
        for (std::int64_t expectedBase : {0, 3}) {
            const auto answer = client.call<ProduceResponse>(
                9, produceRequest(kTopic, 0, batchOf(3, kBaseTime + expectedBase), -1));
            QVERIFY(answer.has_value());
            const auto& partition = answer->responses.at(0).partition_responses.at(0);
            QCOMPARE(partition.error_code, std::int16_t{0});
            QCOMPARE(partition.base_offset, expectedBase);
            QCOMPARE(partition.log_start_offset, std::int64_t{0});
            QCOMPARE(partition.log_append_time_ms, std::int64_t{-1});
        }
        const auto fetched = client.call<FetchResponse>(12, fetchRequest(0, 0, 0));
        QVERIFY(fetched.has_value());
        QCOMPARE(fetched->session_id, 0);
        const auto& data = fetched->responses.at(0).partitions.at(0);
        QCOMPARE(data.error_code, std::int16_t{0});
        QCOMPARE(data.high_watermark, std::int64_t{6});
        QCOMPARE(data.last_stable_offset, std::int64_t{6});
        QCOMPARE(data.log_start_offset, std::int64_t{0});
        QCOMPARE(offsetsIn(*data.records), (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5}));

        // Followers hold the same bytes in their own log directory.
        const auto leaderLog = QFileInfo(dataDir_.path() + "/broker-1/raw-t-0/00000000000000000000.log");
        const auto followerLog = QFileInfo(dataDir_.path() + "/broker-2/raw-t-0/00000000000000000000.log");
        QVERIFY(leaderLog.size() > 0);
        QCOMPARE(followerLog.size(), leaderLog.size());
    }

    void listOffsetsByKindAndTimestamp() {
        RawKafkaClient client(broker_.port(1));
        auto offsetFor = [&](std::int64_t timestamp) {
            const auto answer = client.call<ListOffsetsResponse>(7, listOffsets(timestamp));
            return answer ? answer->topics.at(0).partitions.at(0).offset : -100;
        };
        QCOMPARE(offsetFor(-1), std::int64_t{6});
        QCOMPARE(offsetFor(-2), std::int64_t{0});
        QCOMPARE(offsetFor(kBaseTime + 4), std::int64_t{4});
        QCOMPARE(offsetFor(kBaseTime + 1000), std::int64_t{-1});
        const auto old = client.call<ListOffsetsResponse>(0, listOffsets(-1));
        QVERIFY(old.has_value());
        QCOMPARE(old->topics.at(0).partitions.at(0).old_style_offsets, std::vector<std::int64_t>{6});
    }

    void errorsPerPartition() {
        RawKafkaClient client(broker_.port(1));
        auto produceError = [&](const std::string& topic, std::int32_t partition, Bytes records) {
            const auto answer =
                client.call<ProduceResponse>(7, produceRequest(topic, partition, std::move(records), 1));
            return answer ? answer->responses.at(0).partition_responses.at(0).error_code : std::int16_t{-100};
        };
        QCOMPARE(produceError(kTopic, 1, batchOf(1, kBaseTime)), std::int16_t{6});  // broker 2 leads it
        QCOMPARE(produceError("raw-missing", 0, batchOf(1, kBaseTime)), std::int16_t{3});
        QCOMPARE(produceError(kTopic, 7, batchOf(1, kBaseTime)), std::int16_t{3});
        auto corrupt = batchOf(2, kBaseTime);
        corrupt.back() ^= 0x01;  // inside the CRC-covered records
        QCOMPARE(produceError(kTopic, 0, corrupt), std::int16_t{2});

        const auto outOfRange = client.call<FetchResponse>(11, fetchRequest(0, 1000, 0));
        QVERIFY(outOfRange.has_value());
        const auto& refused = outOfRange->responses.at(0).partitions.at(0);
        QCOMPARE(refused.error_code, std::int16_t{1});
        // As Kafka does: a partition answered with an error carries -1 for all three offsets.
        QCOMPARE(refused.high_watermark, std::int64_t{-1});
        QCOMPARE(refused.last_stable_offset, std::int64_t{-1});
        QCOMPARE(refused.log_start_offset, std::int64_t{-1});
        const auto notLeader = client.call<FetchResponse>(11, fetchRequest(1, 0, 0));
        QVERIFY(notLeader.has_value());
        QCOMPARE(notLeader->responses.at(0).partitions.at(0).error_code, std::int16_t{6});
    }

    void acksZeroIsNeverAnswered() {
        RawKafkaClient client(broker_.port(1));
        client.send(7, 1, produceRequest(kTopic, 0, batchOf(1, kBaseTime), 0));
        client.send(3, 2, ApiVersionsRequest{});
        const auto answer = client.receive(static_cast<std::int16_t>(ApiKey::ApiVersions), 3);
        QVERIFY(answer.has_value());
        QCOMPARE(answer->header.correlation_id, 2);
    }

    void fetchWaitsForDataAndWakesOnProduce() {
        RawKafkaClient consumer(broker_.port(2));
        RawKafkaClient producer(broker_.port(2));
        QElapsedTimer timer;
        timer.start();
        const auto empty = consumer.call<FetchResponse>(11, fetchRequest(1, 0, 300));
        QVERIFY(empty.has_value());
        QVERIFY2(timer.elapsed() >= 250, "an empty fetch waits for max_wait_ms");
        QVERIFY(empty->responses.at(0).partitions.at(0).records->empty());

        timer.restart();
        consumer.send(11, 77, fetchRequest(1, 0, 10'000));
        QTest::qWait(100);
        const auto produced =
            producer.call<ProduceResponse>(7, produceRequest(kTopic, 1, batchOf(2, kBaseTime), 1));
        QVERIFY(produced.has_value());
        const auto woken = consumer.receive(static_cast<std::int16_t>(ApiKey::Fetch), 11);
        QVERIFY(woken.has_value());
        QVERIFY2(timer.elapsed() < 5'000, "a waiting fetch is answered when data arrives");
        const auto& data = std::get<FetchResponse>(woken->body).responses.at(0).partitions.at(0);
        QCOMPARE(offsetsIn(*data.records), (std::vector<std::int64_t>{0, 1}));
    }

    void metadataCarriesTopicIdsAndController() {
        RawKafkaClient client(broker_.port(2));
        MetadataRequest byId;
        byId.topics = std::vector<MetadataRequest::MetadataRequestTopic>{{topicId_, std::nullopt, {}}};
        const auto answer = client.call<MetadataResponse>(12, byId);
        QVERIFY(answer.has_value());
        QCOMPARE(answer->controller_id, 1);
        QCOMPARE(answer->topics.size(), std::size_t{1});
        QCOMPARE(answer->topics[0].name, std::optional<std::string>(kTopic));
        QVERIFY(answer->topics[0].topic_id == topicId_);
        QCOMPARE(answer->topics[0].partitions.at(1).leader_id, 2);
        QCOMPARE(answer->topics[0].partitions.at(1).replica_nodes, (std::vector<std::int32_t>{2, 1}));

        const auto cluster = client.call<DescribeClusterResponse>(1, DescribeClusterRequest{});
        QVERIFY(cluster.has_value());
        QCOMPARE(cluster->controller_id, 1);
        QCOMPARE(cluster->brokers.size(), std::size_t{2});
        QCOMPARE(cluster->cluster_id.size(), std::size_t{22});
    }

    void deleteRecordsMovesTheLogStart() {
        RawKafkaClient client(broker_.port(1));
        auto deleteBefore = [&](std::int64_t offset) {
            DeleteRecordsRequest request;
            request.topics.push_back({kTopic, {{0, offset, {}}}, {}});
            const auto answer = client.call<DeleteRecordsResponse>(1, request);
            return answer ? answer->topics.at(0).partitions.at(0)
                          : DeleteRecordsResponse::DeleteRecordsPartitionResult{};
        };
        const auto moved = deleteBefore(2);
        QCOMPARE(moved.error_code, std::int16_t{0});
        QCOMPARE(moved.low_watermark, std::int64_t{2});
        QCOMPARE(deleteBefore(1'000).error_code, std::int16_t{1});  // beyond the high watermark

        const auto earliest = client.call<ListOffsetsResponse>(7, listOffsets(-2));
        QVERIFY(earliest.has_value());
        QCOMPARE(earliest->topics.at(0).partitions.at(0).offset, std::int64_t{2});
        const auto gone = client.call<FetchResponse>(11, fetchRequest(0, 0, 0));
        QVERIFY(gone.has_value());
        QCOMPARE(gone->responses.at(0).partitions.at(0).error_code, std::int16_t{1});
        // The error answer carries no log start offset (Kafka sends -1); ListOffsets tells it.
        QCOMPARE(gone->responses.at(0).partitions.at(0).log_start_offset, std::int64_t{-1});
    }

    // Old records in small segments: retention deletes every segment but the active one.
    void retentionDeletesOldSegments() {
        RawKafkaClient client(broker_.port(1));
        CreateTopicsRequest create;
        create.topics.push_back({"raw-retained",
                                 -1,
                                 -1,
                                 {{0, {1, 2}, {}}},
                                 {{"segment.bytes", "300", {}}, {"retention.ms", "60000", {}}},
                                 {}});
        const auto created = client.call<CreateTopicsResponse>(7, create);
        QVERIFY(created.has_value());
        QCOMPARE(created->topics.at(0).error_code, std::int16_t{0});
        for (int i = 0; i < 10; ++i) {
            const auto produced =
                client.call<ProduceResponse>(7, produceRequest("raw-retained", 0, batchOf(5, kBaseTime), 1));
            QVERIFY(produced.has_value());
            QCOMPARE(produced->responses.at(0).partition_responses.at(0).error_code, std::int16_t{0});
        }
        ListOffsetsRequest earliest;
        earliest.replica_id = -1;
        earliest.topics.push_back({"raw-retained", {{0, -1, -2, 1, {}}}, {}});
        std::int64_t start = 0;
        QDeadlineTimer deadline(10'000);
        while (start == 0 && !deadline.hasExpired()) {
            QTest::qWait(100);
            const auto answer = client.call<ListOffsetsResponse>(7, earliest);
            QVERIFY(answer.has_value());
            start = answer->topics.at(0).partitions.at(0).offset;
        }
        QVERIFY2(start > 0 && start < 50, qPrintable(QString::number(start)));
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
    Uuid topicId_{};
};

QTEST_GUILESS_MAIN(TestBrokerRawRequests)
#include "test_broker_raw_requests.moc"
