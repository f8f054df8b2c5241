// ElectLeaders and DescribeLogDirs on the wire against a 3-broker cluster: preferred election
// after a failover (epoch bumped, persisted), ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE,
// unclean election only for a partition without a leader, and each broker's one log directory.
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

const std::string kTopic = "elect-t";

struct Leadership {
    std::int32_t leader = -2;
    std::int32_t epoch = -2;
};

Leadership leadershipOf(RawKafkaClient& client, std::int32_t partition) {
    MetadataRequest request;
    MetadataRequest::MetadataRequestTopic topic;
    topic.name = kTopic;
    request.topics = std::vector<MetadataRequest::MetadataRequestTopic>{topic};
    const auto answer = client.call<MetadataResponse>(9, request);
    if (!answer || answer->topics.empty()) return {};
    for (const auto& p : answer->topics.at(0).partitions) {
        if (p.partition_index == partition) return {p.leader_id, p.leader_epoch};
    }
    return {};
}

std::int16_t elect(RawKafkaClient& client, std::int8_t type, std::int32_t partition,
                   std::string* message = nullptr) {
    ElectLeadersRequest request;
    request.election_type = type;
    request.topic_partitions = std::vector<ElectLeadersRequest::TopicPartitions>{{kTopic, {partition}, {}}};
    const auto answer = client.call<ElectLeadersResponse>(2, request);
    if (!answer) return -100;
    const auto& result = answer->replica_election_results.at(0).partition_result.at(0);
    if (message) *message = result.error_message.value_or("");
    return result.error_code;
}

}  // namespace

class TestBrokerLeaderAdmin : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
        RawKafkaClient client(broker_.port(3));
        CreateTopicsRequest create;
        create.topics.push_back({kTopic, -1, -1, {{0, {1, 2, 3}, {}}, {1, {2, 3, 1}, {}}}, {}, {}});
        const auto created = client.call<CreateTopicsResponse>(7, create);
        QVERIFY(created.has_value());
        QCOMPARE(created->topics.at(0).error_code, std::int16_t{0});
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void preferredLeaderTakesOverAgain() {
        RawKafkaClient client(broker_.port(3));
        QCOMPARE(elect(client, 0, 0), std::int16_t{84});  // broker 1 already leads
        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/1/stop", broker_.token()).status,
                 200);
        const auto failover = leadershipOf(client, 0);
        QCOMPARE(failover.leader, 2);

        std::string message;
        QCOMPARE(elect(client, 0, 0, &message), std::int16_t{80});  // broker 1 is down
        QVERIFY(!message.empty());
        QCOMPARE(elect(client, 1, 0), std::int16_t{84});  // unclean: partition 0 has a live leader

        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/1/start", broker_.token()).status,
                 200);
        QCOMPARE(leadershipOf(client, 0).leader, 2);  // starting again does not move leaders
        QCOMPARE(elect(client, 0, 0), std::int16_t{0});
        const auto elected = leadershipOf(client, 0);
        QCOMPARE(elected.leader, 1);
        QCOMPARE(elected.epoch, failover.epoch + 1);
        QCOMPARE(elect(client, 0, 7), std::int16_t{3});
    }

    void allPartitionsWhenNull() {
        RawKafkaClient client(broker_.port(1));
        ElectLeadersRequest request;
        request.election_type = 0;
        request.topic_partitions = std::nullopt;
        const auto answer = client.call<ElectLeadersResponse>(2, request);
        QVERIFY(answer.has_value());
        QCOMPARE(answer->error_code, std::int16_t{0});
        QVERIFY(!answer->replica_election_results.empty());
        for (const auto& topic : answer->replica_election_results)
            for (const auto& partition : topic.partition_result)
                QCOMPARE(partition.error_code, std::int16_t{84});
    }

    void logDirsListReplicasWithSizes() {
        RawKafkaClient producer(broker_.port(1));
        ProduceRequest produce;
        produce.acks = -1;
        produce.timeout_ms = 5000;
        std::vector<RecordInput> records(3, RecordInput{{}, Bytes(100, 'x'), {}, 1'700'000'000'000, {}, 0});
        produce.topic_data.push_back({kTopic, {{0, write_batch({}, records), {}}}, {}});
        QCOMPARE(
            producer.call<ProduceResponse>(9, produce)->responses.at(0).partition_responses.at(0).error_code,
            std::int16_t{0});

        RawKafkaClient client(broker_.port(2));
        DescribeLogDirsRequest request;
        request.topics = std::nullopt;
        const auto answer = client.call<DescribeLogDirsResponse>(4, request);
        QVERIFY(answer.has_value());
        QCOMPARE(answer->results.size(), std::size_t{1});
        const auto& dir = answer->results.at(0);
        QCOMPARE(dir.error_code, std::int16_t{0});
        QVERIFY2(QString::fromStdString(dir.log_dir).endsWith("broker-2"), dir.log_dir.c_str());
        QVERIFY(dir.total_bytes > 0 && dir.usable_bytes > 0);
        const DescribeLogDirsResponse::DescribeLogDirsTopic* topic = nullptr;
        for (const auto& t : dir.topics)
            if (t.name == kTopic) topic = &t;
        QVERIFY(topic);
        QCOMPARE(topic->partitions.size(), std::size_t{2});  // broker 2 holds a replica of both
        for (const auto& partition : topic->partitions) {
            QCOMPARE(partition.offset_lag, std::int64_t{0});
            if (partition.partition_index == 0) QVERIFY(partition.partition_size > 300);
        }
    }

    void electedLeaderSurvivesRestart() {
        RawKafkaClient before(broker_.port(1));
        const auto elected = leadershipOf(before, 0);
        QVERIFY2(broker_.stop(), qPrintable(broker_.output()));
        QVERIFY2(broker_.restart(), qPrintable(broker_.output()));
        RawKafkaClient client(broker_.port(1));
        const auto after = leadershipOf(client, 0);
        QCOMPARE(after.leader, elected.leader);
        QCOMPARE(after.epoch, elected.epoch);
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerLeaderAdmin)
#include "test_broker_leader_admin.moc"
