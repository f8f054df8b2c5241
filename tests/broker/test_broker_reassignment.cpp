// AlterPartitionReassignments and ListPartitionReassignments on the wire: a replica move that waits
// for a stopped target broker (visible in Metadata and the list meanwhile), completes once it caught
// up, moves the leader off a removed replica and keeps every record; cancelling; Kafka's errors.
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include "record_batch.h"
#include "support/broker_process.h"
#include "support/raw_kafka_client.h"

using namespace tideline::protocol;
using tideline::testing::BrokerProcess;
using tideline::testing::httpRequest;
using tideline::testing::RawKafkaClient;

namespace {

const std::string kTopic = "move-t";

using Replicas = std::vector<std::int32_t>;

AlterPartitionReassignmentsRequest alter(const std::string& topic, std::int32_t partition,
                                         std::optional<Replicas> replicas) {
    AlterPartitionReassignmentsRequest request;
    request.topics.push_back({topic, {{partition, std::move(replicas), {}}}, {}});
    return request;
}

MetadataResponse::MetadataResponsePartition partitionZero(int port) {
    RawKafkaClient client(port);
    MetadataRequest request;
    request.topics = std::vector<MetadataRequest::MetadataRequestTopic>{{{}, kTopic, {}}};
    const auto answer = client.call<MetadataResponse>(9, request);
    if (!answer || answer->topics.empty() || answer->topics[0].partitions.empty()) return {};
    return answer->topics[0].partitions[0];
}

std::vector<std::string> valuesAt(int port, std::int32_t leaderEpoch) {
    RawKafkaClient client(port);
    FetchRequest request;
    request.max_wait_ms = 0;
    request.min_bytes = 1;
    request.max_bytes = 1 << 20;
    request.topics.push_back({kTopic, {}, {{0, leaderEpoch, 0, -1, -1, 1 << 20, {}, {}}}, {}});
    const auto answer = client.call<FetchResponse>(12, request);
    std::vector<std::string> values;
    if (!answer || answer->responses.empty()) return values;
    const auto& data = answer->responses[0].partitions.at(0);
    if (data.error_code != 0 || !data.records) return values;
    BatchSetReader reader(*data.records);
    while (auto batch = reader.next()) {
        for (const auto& record : decode_records(*batch).records)
            values.emplace_back(record.value->begin(), record.value->end());
    }
    return values;
}

}  // namespace

class TestBrokerReassignment : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
        RawKafkaClient client(broker_.port(1));
        CreateTopicsRequest create;
        create.topics.push_back({kTopic, -1, -1, {{0, {1}, {}}}, {}, {}});
        const auto created = client.call<CreateTopicsResponse>(7, create);
        QVERIFY(created && created->topics.at(0).error_code == 0);

        std::vector<RecordInput> inputs;
        for (int i = 0; i < 20; ++i) {
            const auto value = "moved-" + std::to_string(i);
            inputs.push_back(
                {Bytes{'k'}, Bytes(value.begin(), value.end()), {}, 1'700'000'000'000 + i, {}, 0});
        }
        ProduceRequest produce;
        produce.acks = -1;
        produce.timeout_ms = 5000;
        produce.topic_data.push_back({kTopic, {{0, write_batch({}, inputs), {}}}, {}});
        const auto produced = client.call<ProduceResponse>(9, produce);
        QVERIFY(produced && produced->responses.at(0).partition_responses.at(0).error_code == 0);
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void badRequestsGetKafkasErrors() {
        RawKafkaClient client(broker_.port(1));
        auto errorOf = [&](const AlterPartitionReassignmentsRequest& request) {
            const auto answer = client.call<AlterPartitionReassignmentsResponse>(0, request);
            return answer ? answer->responses.at(0).partitions.at(0).error_code : std::int16_t{-100};
        };
        QCOMPARE(errorOf(alter("no-such-topic", 0, Replicas{1})), std::int16_t{3});
        QCOMPARE(errorOf(alter(kTopic, 7, Replicas{1})), std::int16_t{3});
        QCOMPARE(errorOf(alter(kTopic, 0, Replicas{})), std::int16_t{39});
        QCOMPARE(errorOf(alter(kTopic, 0, Replicas{2, 2})), std::int16_t{39});
        QCOMPARE(errorOf(alter(kTopic, 0, Replicas{2, 9})), std::int16_t{39});
        QCOMPARE(errorOf(alter(kTopic, 0, std::nullopt)), std::int16_t{85});  // nothing to cancel
        QCOMPARE(partitionZero(broker_.port(1)).replica_nodes, (Replicas{1}));
    }

    void moveWaitsForNewReplicasThenSwitches() {
        const auto token = broker_.token();
        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/3/stop", token).status, 200);
        RawKafkaClient client(broker_.port(1));
        const auto answer =
            client.call<AlterPartitionReassignmentsResponse>(0, alter(kTopic, 0, Replicas{2, 3}));
        QVERIFY(answer.has_value());
        QCOMPARE(answer->error_code, std::int16_t{0});
        QCOMPARE(answer->responses.at(0).partitions.at(0).error_code, std::int16_t{0});

        // Broker 3 is down, so the move cannot finish: old and new replicas are listed together.
        QTest::qWait(300);
        const auto listed =
            client.call<ListPartitionReassignmentsResponse>(0, ListPartitionReassignmentsRequest{});
        QVERIFY(listed.has_value());
        QCOMPARE(listed->topics.size(), std::size_t{1});
        const auto& ongoing = listed->topics[0].partitions.at(0);
        QCOMPARE(ongoing.replicas, (Replicas{2, 3, 1}));
        QCOMPARE(ongoing.adding_replicas, (Replicas{2, 3}));
        QCOMPARE(ongoing.removing_replicas, (Replicas{1}));
        const auto during = partitionZero(broker_.port(1));
        QCOMPARE(during.replica_nodes, (Replicas{2, 3, 1}));
        QCOMPARE(during.leader_id, 1);
        QCOMPARE(during.isr_nodes, (Replicas{1, 2}));  // broker 2 caught up already

        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/3/start", token).status, 200);
        QElapsedTimer timer;
        timer.start();
        auto after = partitionZero(broker_.port(2));
        while (after.replica_nodes != Replicas{2, 3} && timer.elapsed() < 10'000) {
            QTest::qWait(50);
            after = partitionZero(broker_.port(2));
        }
        QCOMPARE(after.replica_nodes, (Replicas{2, 3}));
        QCOMPARE(after.leader_id, 2);  // the old leader was removed
        QVERIFY(after.leader_epoch > during.leader_epoch);
        QCOMPARE(after.isr_nodes.size(), std::size_t{2});
        const auto none =
            client.call<ListPartitionReassignmentsResponse>(0, ListPartitionReassignmentsRequest{});
        QVERIFY(none && none->topics.empty());

        // The new leader serves every record; the removed replica's log is gone.
        const auto values = valuesAt(broker_.port(2), after.leader_epoch);
        QCOMPARE(values.size(), std::size_t{20});
        for (int i = 0; i < 20; ++i)
            QCOMPARE(values[static_cast<std::size_t>(i)], "moved-" + std::to_string(i));
        QVERIFY(!QDir(dataDir_.path() + "/broker-1/move-t-0").exists());
        QVERIFY(QDir(dataDir_.path() + "/broker-3/move-t-0").exists());
    }

    void cancelRestoresTheOriginalReplicas() {
        const auto token = broker_.token();
        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/1/stop", token).status, 200);
        RawKafkaClient client(broker_.port(2));
        auto answer = client.call<AlterPartitionReassignmentsResponse>(0, alter(kTopic, 0, Replicas{1, 2}));
        QVERIFY(answer && answer->responses.at(0).partitions.at(0).error_code == 0);
        QCOMPARE(partitionZero(broker_.port(2)).replica_nodes, (Replicas{1, 2, 3}));

        answer = client.call<AlterPartitionReassignmentsResponse>(0, alter(kTopic, 0, std::nullopt));
        QVERIFY(answer && answer->responses.at(0).partitions.at(0).error_code == 0);
        const auto after = partitionZero(broker_.port(2));
        QCOMPARE(after.replica_nodes, (Replicas{2, 3}));
        QCOMPARE(after.leader_id, 2);
        const auto none =
            client.call<ListPartitionReassignmentsResponse>(0, ListPartitionReassignmentsRequest{});
        QVERIFY(none && none->topics.empty());
        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/1/start", token).status, 200);
        QCOMPARE(valuesAt(broker_.port(2), after.leader_epoch).size(), std::size_t{20});
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerReassignment)
#include "test_broker_reassignment.moc"
