// Topic sizes (the Topics table's Size column) seen by a session polling a real two-broker
// tideline-broker: records written with kcat, the sizes held against what each broker's
// DescribeLogDirs reports when asked with the broker's own codec (RawKafkaClient), growth after more
// records, and no re-read on every poll. Also the TopicsModel built from those snapshots.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "broker_interop_support.h"
#include "model/librdkafka_session.h"
#include "model/models/table_values.h"
#include "model/models/topics_model.h"
#include "operations_support.h"
#include "support/raw_kafka_client.h"

using namespace tideline::model;
using namespace tideline::model::testing;
using tideline::testing::BrokerProcess;
using tideline::testing::RawKafkaClient;
using tideline::testing::runTool;

namespace {

constexpr int kBrokers = 2;

SessionOptions quickOptions() {
    SessionOptions options;
    options.metadataInterval = std::chrono::milliseconds(400);
    options.offsetsInterval = std::chrono::milliseconds(400);
    options.requestTimeout = std::chrono::milliseconds(3000);
    return options;
}

// (topic, partition) -> bytes, as one broker's DescribeLogDirs reports them.
using ReplicaBytes = QHash<QPair<QString, qint32>, qint64>;

std::optional<ReplicaBytes> describeLogDirs(int port) {
    RawKafkaClient client(port);
    tideline::protocol::DescribeLogDirsRequest request;
    request.topics = std::nullopt;
    const auto answer = client.call<tideline::protocol::DescribeLogDirsResponse>(1, request);
    if (!answer) {
        return std::nullopt;
    }
    ReplicaBytes bytes;
    for (const auto& dir : answer->results) {
        for (const auto& topic : dir.topics) {
            for (const auto& partition : topic.partitions) {
                bytes[{QString::fromStdString(topic.name), partition.partition_index}] +=
                    partition.partition_size;
            }
        }
    }
    return bytes;
}

const TopicInfo* topicIn(const ClusterSnapshot& snapshot, const QString& name) {
    for (const TopicInfo& topic : snapshot.topics) {
        if (topic.name == name) {
            return &topic;
        }
    }
    return nullptr;
}

qint64 messagesOf(const TopicInfo& topic) {
    qint64 total = 0;
    for (const PartitionInfo& partition : topic.partitions) {
        total += partition.highWatermark.value_or(0) - partition.lowWatermark.value_or(0);
    }
    return total;
}

}  // namespace

class TestSessionTopicSizes : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
    std::unique_ptr<LibrdkafkaSession> session_;
    std::unique_ptr<OperationSpies> spies_;

    // Writes `count` records of `valueBytes` bytes each to one partition with kcat.
    void produceWithKcat(const char* topic, int partition, int count, int valueBytes) {
        QByteArray input;
        for (int i = 0; i < count; ++i) {
            input += QByteArray(valueBytes, char('a' + i % 26)) + '\n';
        }
        const auto result = runTool("kcat",
                                    {"-P", "-b", broker_.bootstrap(), "-t", topic, "-p",
                                     QString::number(partition), "-X", "acks=all"},
                                    input);
        QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    }

    // What the brokers report, summed as the size column promises: the leader replica of each
    // partition, and every replica. Waits until the followers have caught up, so both are stable.
    std::optional<TopicSize> expectedSize(const TopicInfo& topic) {
        for (int attempt = 0; attempt < 50; ++attempt) {
            QHash<qint32, ReplicaBytes> byBroker;
            for (int id = 1; id <= kBrokers; ++id) {
                const auto bytes = describeLogDirs(broker_.port(id));
                if (!bytes) {
                    return std::nullopt;
                }
                byBroker.insert(id, *bytes);
            }
            TopicSize size{0, 0, true};
            bool replicasEqual = true;
            for (const PartitionInfo& partition : topic.partitions) {
                const qint64 leader = byBroker[partition.leader].value({topic.name, partition.id}, -1);
                if (leader < 0) {
                    return std::nullopt;
                }
                size.leaderBytes += leader;
                for (qint32 replica : partition.replicas) {
                    const qint64 bytes = byBroker[replica].value({topic.name, partition.id}, -1);
                    size.allReplicasBytes += bytes;
                    replicasEqual = replicasEqual && bytes == leader;
                }
            }
            if (replicasEqual) {
                return size;
            }
            QTest::qWait(100);
        }
        return std::nullopt;
    }

    // Asks the session to refresh and waits for a snapshot in which every topic of `wanted` has the
    // size its brokers report.
    ClusterSnapshot snapshotWithSizes(QSignalSpy& snapshots, const QStringList& wanted) {
        session_->refreshNow();
        return waitForArgument<ClusterSnapshot>(
            snapshots,
            [&](const ClusterSnapshot& snapshot) {
                for (const QString& name : wanted) {
                    const TopicInfo* topic = topicIn(snapshot, name);
                    if (topic == nullptr || !topic->size || topic->size != expectedSize(*topic)) {
                        return false;
                    }
                }
                return true;
            },
            30'000);
    }

private slots:
    void initTestCase() {
        registerSessionMetaTypes();
        QVERIFY2(broker_.start(kBrokers, dataDir_.path()), qPrintable(broker_.output()));
        session_ = std::make_unique<LibrdkafkaSession>(profileFor("sizes", broker_.bootstrap()),
                                                       SessionSecrets{}, quickOptions());
        spies_ = std::make_unique<OperationSpies>(session_.get());
        QSignalSpy states(session_.get(), &ClusterSession::stateChanged);
        session_->start();
        QCOMPARE(waitForArgument<SessionState>(
                     states, [](const SessionState& s) { return s.status == SessionStatus::Connected; })
                     .status,
                 SessionStatus::Connected);
        for (const auto& [name, partitions, replicas] :
             {std::tuple{"sizes-wide", 2, 2}, std::tuple{"sizes-single", 1, 1}}) {
            const auto created = resultFor<OperationResult>(
                spies_->operations, session_->createTopic({name, partitions, replicas, {}}, false));
            QVERIFY2(created.ok(), qPrintable(created.error));
        }
    }

    void cleanupTestCase() {
        spies_.reset();
        session_.reset();
        QVERIFY2(broker_.stop(), qPrintable(broker_.output()));
    }

    void sizesMatchWhatTheBrokersReport() {
        produceWithKcat("sizes-wide", 0, 200, 100);
        produceWithKcat("sizes-wide", 1, 50, 1000);
        produceWithKcat("sizes-single", 0, 10, 10);
        QSignalSpy snapshots(session_.get(), &ClusterSession::snapshotReady);
        const ClusterSnapshot snapshot = snapshotWithSizes(snapshots, {"sizes-wide", "sizes-single"});
        const TopicInfo* wide = topicIn(snapshot, "sizes-wide");
        const TopicInfo* single = topicIn(snapshot, "sizes-single");
        QVERIFY(wide && single);
        QVERIFY2(wide->size, "sizes-wide has no size");
        QVERIFY2(single->size, "sizes-single has no size");
        QCOMPARE(wide->size, expectedSize(*wide));
        QCOMPARE(single->size, expectedSize(*single));
        // The payload is on disk, with batch overhead on top; each of the two replicas holds all of it.
        QVERIFY(wide->size->leaderBytes >= 200 * 100 + 50 * 1000);
        QCOMPARE(wide->size->allReplicasBytes, 2 * wide->size->leaderBytes);
        QVERIFY(wide->size->allReplicasReported);
        QVERIFY(single->size->leaderBytes >= 10 * 10);
        QCOMPARE(single->size->allReplicasBytes, single->size->leaderBytes);

        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(snapshot);
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex cell = model.index(row, TopicsModel::SizeColumn);
            const TopicInfo* topic = topicIn(snapshot, cell.data(TopicsModel::KeyRole).toString());
            QVERIFY(topic);
            if (topic->name == "sizes-wide" || topic->name == "sizes-single") {
                QCOMPARE(cell.data(TopicsModel::RawValueRole).toLongLong(), topic->size->leaderBytes);
                QCOMPARE(cell.data(TopicsModel::SortRole).toLongLong(), topic->size->leaderBytes);
                QCOMPARE(cell.data().toString(), table_values::bytes(topic->size->leaderBytes));
                QVERIFY(cell.data(Qt::ToolTipRole)
                            .toString()
                            .contains(QString::number(topic->size->allReplicasBytes)));
            }
        }
    }

    void sizesGrowAtTheNextReadNotEveryPoll() {
        QSignalSpy snapshots(session_.get(), &ClusterSession::snapshotReady);
        const ClusterSnapshot before = snapshotWithSizes(snapshots, {"sizes-single"});
        const TopicInfo* single = topicIn(before, "sizes-single");
        QVERIFY(single && single->size);
        const TopicSize sizeBefore = *single->size;
        const qint64 messagesBefore = messagesOf(*single);

        produceWithKcat("sizes-single", 0, 100, 500);
        // Several polls see the new records; the size is read at the config refresh cadence only.
        int pollsWithNewRecords = 0;
        snapshots.clear();
        for (int i = 0; i < 40 && pollsWithNewRecords < 3; ++i) {
            const auto next =
                waitForArgument<ClusterSnapshot>(snapshots, [](const ClusterSnapshot&) { return true; });
            const TopicInfo* topic = topicIn(next, "sizes-single");
            QVERIFY(topic);
            if (messagesOf(*topic) == messagesBefore + 100) {
                ++pollsWithNewRecords;
                QCOMPARE(topic->size, std::optional<TopicSize>(sizeBefore));
            }
        }
        QCOMPARE(pollsWithNewRecords, 3);

        // A refresh the user asks for reads the sizes again.
        const ClusterSnapshot after = snapshotWithSizes(snapshots, {"sizes-single"});
        const TopicInfo* grown = topicIn(after, "sizes-single");
        QVERIFY(grown && grown->size);
        QVERIFY2(grown->size->leaderBytes >= sizeBefore.leaderBytes + 100 * 500,
                 qPrintable(QString("%1 -> %2").arg(sizeBefore.leaderBytes).arg(grown->size->leaderBytes)));
        QCOMPARE(grown->size, expectedSize(*grown));
    }
};

QTEST_GUILESS_MAIN(TestSessionTopicSizes)
#include "test_session_topic_sizes.moc"
