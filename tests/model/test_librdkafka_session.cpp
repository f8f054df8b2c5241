// LibrdkafkaSession against librdkafka's in-process mock cluster (three brokers, real TCP), and
// against a port nothing listens on.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QThread>
#include <QThreadPool>
#include <QtTest>

#include "mock_cluster_support.h"
#include "model/cluster_fetch.h"
#include "model/lag/lag_engine.h"
#include "model/librdkafka_session.h"
#include "model/models/table_values.h"
#include "model/models/topics_model.h"
#include "model/snapshot_facts.h"
#include "model/topic_sizes.h"

using namespace tideline::model;
using namespace tideline::model::testing;

namespace {

constexpr int kSnapshotWaitMs = kSignalWaitMs;

// Records per partition of "orders", produced before the session starts.
const QList<int> kOrdersRecords{10, 20, 0, 5};
constexpr int kAuditRecords = 3;

// Waits for a snapshot that satisfies `wanted`, returning the last one seen either way.
template <typename Predicate>
ClusterSnapshot waitForSnapshot(QSignalSpy& spy, Predicate wanted, int timeoutMs = kSnapshotWaitMs) {
    return waitForArgument<ClusterSnapshot>(spy, wanted, timeoutMs);
}

quint16 closedPort() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

}  // namespace

class TestLibrdkafkaSession : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        char error[512];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        QCOMPARE(rd_kafka_conf_set(conf, "test.mock.num.brokers", "3", error, sizeof error),
                 RD_KAFKA_CONF_OK);
        producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
        QVERIFY2(producer_ != nullptr, error);
        mock_ = rd_kafka_handle_mock_cluster(producer_);
        QVERIFY(mock_ != nullptr);
        bootstrap_ = rd_kafka_mock_cluster_bootstraps(mock_);

        QCOMPARE(rd_kafka_mock_topic_create(mock_, "orders", 4, 3), RD_KAFKA_RESP_ERR_NO_ERROR);
        QCOMPARE(rd_kafka_mock_topic_create(mock_, "audit", 1, 3), RD_KAFKA_RESP_ERR_NO_ERROR);
        for (int partition = 0; partition < kOrdersRecords.size(); ++partition) {
            produce(producer_, "orders", partition, kOrdersRecords[partition]);
        }
        produce(producer_, "audit", 0, kAuditRecords);
        QCOMPARE(rd_kafka_flush(producer_, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
        commitOffsets(bootstrap_, "billing", {{0, 4}, {1, 20}});
    }

    void cleanupTestCase() {
        if (producer_ != nullptr) {
            rd_kafka_destroy(producer_);  // takes the mock cluster with it
        }
    }

    void snapshotDescribesTheMockCluster() {
        SessionOptions options;
        options.watchedGroups = {"billing"};  // the mock cluster cannot list groups
        LibrdkafkaSession session(profileFor("mock", bootstrap_), {}, options);
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        QSignalSpy states(&session, &ClusterSession::stateChanged);
        session.start();
        QVERIFY(session.workerThread() != nullptr);
        QCOMPARE(session.workerThread()->objectName(), QString("session:mock"));
        QVERIFY(session.workerThread() != QThread::currentThread());

        const ClusterSnapshot s = waitForSnapshot(snapshots, [](const ClusterSnapshot& candidate) {
            const ConsumerGroupInfo* billing = findGroup(candidate, "billing");
            return billing != nullptr && !billing->committedOffsets.isEmpty();
        });
        QCOMPARE(session.state().status, SessionStatus::Connected);
        QCOMPARE(states.first().at(0).value<SessionState>().status, SessionStatus::Connecting);

        QVERIFY(!s.clusterId.isEmpty());
        QVERIFY(s.takenAt.isValid());
        QCOMPARE(s.brokers.size(), 3);
        for (const BrokerInfo& broker : s.brokers) {
            QVERIFY(broker.port > 0);
            QCOMPARE(broker.host, QString("127.0.0.1"));
        }
        QVERIFY(std::any_of(s.brokers.cbegin(), s.brokers.cend(), [](const BrokerInfo& b) {
            return b.reachability == BrokerReachability::Reachable;
        }));

        const TopicInfo* orders = findTopic(s, "orders");
        QVERIFY(orders != nullptr);
        QCOMPARE(orders->partitions.size(), 4);
        for (const PartitionInfo& partition : orders->partitions) {
            QCOMPARE(partition.replicas.size(), 3);
            QVERIFY(partition.replicas.contains(partition.leader));
            QCOMPARE(partition.isr, partition.replicas);
            QVERIFY(partition.offlineReplicas.isEmpty());
            QCOMPARE(partition.lowWatermark, std::optional<qint64>(0));
            QCOMPARE(partition.highWatermark, std::optional<qint64>(kOrdersRecords[partition.id]));
        }
        QCOMPARE(messagesIn(*orders), std::optional<qint64>(35));
        const TopicInfo* audit = findTopic(s, "audit");
        QVERIFY(audit != nullptr);
        QCOMPARE(audit->partitions.size(), 1);
        QCOMPARE(audit->partitions[0].replicas.size(), 3);
        QCOMPARE(audit->partitions[0].highWatermark, std::optional<qint64>(kAuditRecords));
        QVERIFY(offlinePartitions(s).isEmpty());
        QVERIFY(underReplicatedPartitions(s).isEmpty());

        const ConsumerGroupInfo* billing = findGroup(s, "billing");
        QCOMPARE(billing->committedOffsets, (QList<CommittedOffset>{{"orders", 0, 4}, {"orders", 1, 20}}));
        const QList<PartitionLag> lag = groupLag(s, *billing);
        QCOMPARE(lag.size(), 4);
        QCOMPARE(lag[0].lag, std::optional<qint64>(6));
        QCOMPARE(lag[1].lag, std::optional<qint64>(0));
        QVERIFY(!lag[2].hasCommit());
        QVERIFY(!lag[3].hasCommit());
        QCOMPARE(totalLag(lag).lag, qint64(6));
    }

    // The tables fill as soon as the metadata is known; what that snapshot could not know yet stays
    // unknown in the models and the lag engine, never 0, and it is sent only before the first full one.
    void metadataOnlySnapshotComesFirstAndKnowsNoOffsets() {
        SessionOptions options;
        options.watchedGroups = {"billing"};  // the mock cluster cannot list groups
        LibrdkafkaSession session(profileFor("mock", bootstrap_), {}, options);
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        session.start();
        QList<ClusterSnapshot> received;
        const ClusterSnapshot full = waitForSnapshot(snapshots, [&received](const ClusterSnapshot& s) {
            received.append(s);
            return !s.metadataOnly;
        });
        QVERIFY(!full.metadataOnly);
        QCOMPARE(received.size(), 2);
        const ClusterSnapshot early = received.first();
        QVERIFY(early.metadataOnly);
        QVERIFY(early.requestId < full.requestId);
        QVERIFY(!early.takenAt.isValid());
        QVERIFY(early.groups.isEmpty());
        QCOMPARE(early.clusterId, full.clusterId);
        QCOMPARE(early.brokers.size(), 3);
        const TopicInfo* orders = findTopic(early, "orders");
        QVERIFY(orders != nullptr);
        QCOMPARE(orders->partitions.size(), 4);
        for (const PartitionInfo& partition : orders->partitions) {
            QVERIFY(partition.leader >= 0);
            QCOMPARE(partition.replicas.size(), 3);
            QCOMPARE(partition.lowWatermark, std::nullopt);
            QCOMPARE(partition.highWatermark, std::nullopt);
        }
        QCOMPARE(messagesIn(*orders), std::nullopt);
        QCOMPARE(messagesIn(*findTopic(full, "orders")), std::optional<qint64>(35));
        QVERIFY(findGroup(full, "billing") != nullptr);

        TopicsModel topics;
        topics.applySnapshot(early);
        const auto ordersRow = [&topics] {
            const auto& rows = topics.rows();
            return *std::find_if(rows.begin(), rows.end(),
                                 [](const TopicRow& r) { return r.name == "orders"; });
        };
        QCOMPARE(ordersRow().messages, std::nullopt);
        const int row = int(std::find_if(topics.rows().begin(), topics.rows().end(),
                                         [](const TopicRow& r) { return r.name == "orders"; }) -
                            topics.rows().begin());
        QCOMPARE(topics.data(topics.index(row, TopicsModel::MessagesColumn)).toString(),
                 table_values::kUnknown);
        QCOMPARE(ordersRow().partitionCount, 4);
        topics.applySnapshot(full);
        QCOMPARE(ordersRow().messages, std::optional<qint64>(35));
        // No rate from a snapshot that had no watermarks to compare with.
        QCOMPARE(ordersRow().produceRate, std::nullopt);

        LagEngine engine(LagEngineSettings{});
        QVERIFY(!engine.observe(early));
        QVERIFY(engine.observe(full));

        session.refreshNow();  // a metadata refresh after the first full snapshot: no early one again
        const ClusterSnapshot next = waitForSnapshot(snapshots, [](const ClusterSnapshot&) { return true; });
        QVERIFY(next.requestId > full.requestId);
        QVERIFY(!next.metadataOnly);
        QVERIFY(findTopic(next, "orders")->partitions[0].highWatermark.has_value());
    }

    void refreshPicksUpChangesAndIdsGrow() {
        LibrdkafkaSession session(profileFor("mock", bootstrap_), {}, {});
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        session.start();
        const ClusterSnapshot first =
            waitForSnapshot(snapshots, [](const ClusterSnapshot& s) { return !s.metadataOnly; });
        const TopicInfo* orders = findTopic(first, "orders");
        QVERIFY(orders != nullptr);
        // The mock cluster does not elect preferred leaders, so pick a replica that is neither the
        // preferred one nor the current leader.
        const PartitionInfo moved = orders->partitions[3];
        const qint32 newLeader = moved.replicas[1] != moved.leader ? moved.replicas[1] : moved.replicas[2];
        QCOMPARE(rd_kafka_mock_partition_set_leader(mock_, "orders", 3, newLeader),
                 RD_KAFKA_RESP_ERR_NO_ERROR);
        produce(producer_, "audit", 0, 2);
        QCOMPARE(rd_kafka_flush(producer_, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);

        session.refreshNow();
        const ClusterSnapshot later = waitForSnapshot(snapshots, [newLeader](const ClusterSnapshot& s) {
            const TopicInfo* topic = findTopic(s, "orders");
            return topic != nullptr && topic->partitions[3].leader == newLeader;
        });
        QVERIFY(later.requestId > first.requestId);
        QCOMPARE(findTopic(later, "orders")->partitions[3].leader, newLeader);
        QVERIFY(nonPreferredLeaderPartitions(later).contains(TopicPartition{"orders", 3}));
        QCOMPARE(findTopic(later, "audit")->partitions[0].highWatermark,
                 std::optional<qint64>(kAuditRecords + 2));
        QCOMPARE(produceRates(first, later).value("orders"), 0.0);
        QVERIFY(produceRates(first, later).value("audit") > 0.0);

        QCOMPARE(rd_kafka_mock_partition_set_leader(mock_, "orders", 3, moved.leader),
                 RD_KAFKA_RESP_ERR_NO_ERROR);
    }

    // The mock cluster serves no DescribeLogDirs: sizes are unknown (never 0), and say why.
    void topicSizesAreUnknownWithoutDescribeLogDirs() {
        const QStringList address = QString::fromUtf8(bootstrap_).split(',').first().split(':');
        BrokerInfo broker;
        broker.id = 1;
        broker.host = address[0];
        broker.port = address[1].toInt();
        const BrokerReplicaSizes report = readBrokerReplicaSizes(broker, {}, QDeadlineTimer(5000));
        QVERIFY2(report.error.contains("DescribeLogDirs"), qPrintable(report.error));
        QVERIFY(report.bytes.isEmpty());

        SessionOptions options;
        options.metadataInterval = std::chrono::milliseconds(300);
        options.offsetsInterval = std::chrono::milliseconds(300);
        LibrdkafkaSession session(profileFor("mock", bootstrap_), {}, options);
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        session.start();
        // Sizes are read after the first snapshot went out; later snapshots carry what was found.
        const ClusterSnapshot later = waitForSnapshot(
            snapshots, [](const ClusterSnapshot& s) { return (s.requestId & 0xffffffff) >= 4; });
        QVERIFY((later.requestId & 0xffffffff) >= 4);
        const TopicInfo* orders = findTopic(later, "orders");
        QVERIFY(orders != nullptr);
        QCOMPARE(orders->size, std::nullopt);
        TopicsModel model;
        model.applySnapshot(later);
        const QModelIndex cell = model.index(0, TopicsModel::SizeColumn);
        QVERIFY(!cell.data(TopicsModel::RawValueRole).isValid());
        QCOMPARE(cell.data().toString(), table_values::kUnknown);
        QCOMPARE(cell.data(TopicsModel::SortRole).toLongLong(), -1);
    }

    void nothingArrivesAfterStopAndRestartWorks() {
        SessionOptions options;
        options.offsetsInterval = std::chrono::milliseconds(300);
        LibrdkafkaSession session(profileFor("mock", bootstrap_), {}, options);
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        session.start();
        QVERIFY(snapshots.wait(kSnapshotWaitMs));
        const quint64 firstRunId = snapshots.last().at(0).value<ClusterSnapshot>().requestId;
        session.stop();
        QCOMPARE(session.state().status, SessionStatus::Stopped);
        QCOMPARE(session.workerThread(), nullptr);
        snapshots.clear();
        QTest::qWait(1500);  // several offsets intervals
        QCOMPARE(snapshots.size(), 0);

        session.start();
        QVERIFY(snapshots.wait(kSnapshotWaitMs));
        QVERIFY(snapshots.last().at(0).value<ClusterSnapshot>().requestId > firstRunId);
    }

    void slowLeaderCostsOnlyItsOwnWatermarks() {
        char error[512];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        QCOMPARE(rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap_.constData(), error, sizeof error),
                 RD_KAFKA_CONF_OK);
        rd_kafka_t* client = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
        QVERIFY2(client != nullptr, error);
        QString failure;
        std::optional<ClusterMetadata> metadata = fetchMetadata(client, std::chrono::seconds(5), &failure);
        QVERIFY2(metadata.has_value(), qPrintable(failure));
        const TopicInfo* orders = nullptr;
        for (const TopicInfo& topic : std::as_const(metadata->topics)) {
            orders = topic.name == "orders" ? &topic : orders;
        }
        QVERIFY(orders != nullptr);
        const qint32 slowLeader = orders->partitions[0].leader;

        rd_kafka_mock_broker_set_rtt(mock_, slowLeader, 3000);
        QThreadPool pool;
        const QStringList warnings =
            fetchWatermarks(client, metadata->topics, std::chrono::milliseconds(1000), &pool);
        rd_kafka_mock_broker_set_rtt(mock_, slowLeader, 0);
        rd_kafka_destroy(client);

        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings[0].contains(QString("broker %1").arg(slowLeader)), qPrintable(warnings[0]));
        int answered = 0;
        for (const TopicInfo& topic : std::as_const(metadata->topics)) {
            for (const PartitionInfo& partition : topic.partitions) {
                const bool slow = partition.leader == slowLeader;
                QCOMPARE(partition.highWatermark.has_value(), !slow);
                QCOMPARE(partition.lowWatermark.has_value(), !slow);
                answered += slow ? 0 : 1;
            }
        }
        QVERIFY(answered > 0);
    }

    void recoversWhenTheClusterComesBack() {
        SessionOptions options;
        options.requestTimeout = std::chrono::milliseconds(1500);
        options.firstRetryDelay = std::chrono::milliseconds(200);
        options.maxRetryDelay = std::chrono::milliseconds(500);
        options.metadataInterval = std::chrono::milliseconds(500);
        LibrdkafkaSession session(profileFor("mock", bootstrap_), {}, options);
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        session.start();
        QVERIFY(snapshots.wait(kSnapshotWaitMs));

        for (int broker = 1; broker <= 3; ++broker) {
            rd_kafka_mock_broker_set_down(mock_, broker);
        }
        QTRY_VERIFY_WITH_TIMEOUT(session.state().status == SessionStatus::Error, 10000);
        for (int broker = 1; broker <= 3; ++broker) {
            rd_kafka_mock_broker_set_up(mock_, broker);
        }
        QTRY_VERIFY_WITH_TIMEOUT(session.state().status == SessionStatus::Connected, 15000);
        snapshots.clear();
        QVERIFY(snapshots.wait(kSnapshotWaitMs));
    }

    void unreachableClusterErrorsWithinSecondsAndStopsPromptly() {
        const quint16 port = closedPort();
        QVERIFY(port != 0);
        auto session = std::make_unique<LibrdkafkaSession>(
            profileFor("nowhere", QString("127.0.0.1:%1").arg(port)), SessionSecrets{}, SessionOptions{});
        QSignalSpy snapshots(session.get(), &ClusterSession::snapshotReady);
        QElapsedTimer timer;
        timer.start();
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(session->state().status == SessionStatus::Error, 10000);
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        const SessionState state = session->state();
        QVERIFY2(state.message.contains(QString::number(port)), qPrintable(state.message));
        QVERIFY(state.retryInMs > 0);
        QCOMPARE(snapshots.size(), 0);

        timer.restart();
        session.reset();  // stops and joins the session thread
        QVERIFY2(timer.elapsed() < 7000, qPrintable(QString::number(timer.elapsed())));
    }

    void refusedSettingIsAnErrorWithoutRetry() {
        ConnectionProfile profile = profileFor("broken", bootstrap_);
        profile.extraProperties.insert("no.such.property", "1");
        LibrdkafkaSession session(profile, {}, {});
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(session.state().status == SessionStatus::Error, 5000);
        QVERIFY2(session.state().message.contains("no.such.property"), qPrintable(session.state().message));
        QCOMPARE(session.state().retryInMs, 0);
    }

private:
    rd_kafka_t* producer_ = nullptr;
    rd_kafka_mock_cluster_t* mock_ = nullptr;
    QByteArray bootstrap_;
};

QTEST_GUILESS_MAIN(TestLibrdkafkaSession)
#include "test_librdkafka_session.moc"
