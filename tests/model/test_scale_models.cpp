// Scale: a real tideline-broker with 10,000 topics x 10 partitions and 1,000 consumer groups (the
// ScaleCluster fixture); a session's first full snapshot loads, and the topics, partitions and groups
// models fill with the rows and figures the fixture produced. The timings are in bench_scale_models.
#include <QSignalSpy>
#include <QTest>

#include "model/librdkafka_session.h"
#include "model/models/consumer_groups_model.h"
#include "model/models/partitions_model.h"
#include "model/models/topics_model.h"
#include "model/snapshot_facts.h"
#include "scale_cluster.h"

using namespace tideline::model;
using tideline::populate::ScaleLayout;

namespace {

QString topicName(int topic) { return QString::fromStdString(ScaleLayout::topicName(topic)); }
QString groupName(int group) { return QString::fromStdString(ScaleLayout::groupName(group)); }

// The snapshot counts as full once every group has its commits: offsets are fetched last.
bool isFull(const ClusterSnapshot& snapshot, const ScaleLayout& layout) {
    if (snapshot.groups.size() < layout.groups) return false;
    for (const ConsumerGroupInfo& group : snapshot.groups) {
        if (group.id.startsWith("scale-group-") && group.committedOffsets.size() != layout.partitions)
            return false;
    }
    return true;
}

}  // namespace

class TestScaleModels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        registerSessionMetaTypes();
        QVERIFY2(cluster_.start(), qPrintable(cluster_.error()));
        qInfo("filled in %.1f s (topics %.1f s, records %.1f s, commits %.1f s)",
              cluster_.times().create_topics_s + cluster_.times().produce_s + cluster_.times().commit_s,
              cluster_.times().create_topics_s, cluster_.times().produce_s, cluster_.times().commit_s);
    }

    void firstSnapshotFillsTheModels() {
        const ScaleLayout& layout = cluster_.layout();
        ConnectionProfile profile;
        profile.name = "scale";
        profile.bootstrapServers = cluster_.bootstrap();
        SessionOptions options;
        options.metadataInterval = std::chrono::minutes(10);  // one full snapshot is the subject here
        options.offsetsInterval = std::chrono::minutes(10);
        LibrdkafkaSession session(profile, {}, options);
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        session.start();
        // First the metadata alone (every topic and partition, no watermarks yet), then the full one.
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= 2, 60'000);
        const auto early = snapshots.first().first().value<ClusterSnapshot>();
        QVERIFY(early.metadataOnly);
        QCOMPARE(early.topics.size(), layout.topics + 1);
        QVERIFY(early.groups.isEmpty());
        for (const TopicInfo& topic : early.topics) {
            QCOMPARE(messagesIn(topic), std::nullopt);
        }
        const auto snapshot = snapshots.at(1).first().value<ClusterSnapshot>();
        QVERIFY(!snapshot.metadataOnly);
        QVERIFY2(snapshot.warnings.isEmpty(), qPrintable(snapshot.warnings.join('\n')));
        QVERIFY(isFull(snapshot, layout));
        QCOMPARE(snapshot.brokers.size(), 3);

        TopicsModel topics;
        topics.applySnapshot(snapshot);
        QCOMPARE(topics.rowCount(), layout.topics + 1);  // and __consumer_offsets
        int internal = 0;
        qsizetype partitions = 0;
        for (const TopicRow& row : topics.rows()) {
            internal += row.internal ? 1 : 0;
            partitions += row.internal ? 0 : row.partitionCount;
            QVERIFY2(row.error.isEmpty(), qPrintable(row.name + ": " + row.error));
        }
        QCOMPARE(internal, 1);
        QCOMPARE(partitions, qsizetype(layout.topics) * layout.partitions);
        for (int t : {0, 7, layout.topicsWithRecords - 1, layout.topicsWithRecords, layout.topics - 1}) {
            const auto& rows = topics.rows();
            const auto row = std::find_if(rows.begin(), rows.end(),
                                          [&](const TopicRow& r) { return r.name == topicName(t); });
            QVERIFY2(row != rows.end(), qPrintable(topicName(t)));
            qint64 messages = 0;
            for (int p = 0; p < layout.partitions; ++p) messages += layout.recordsIn(t, p);
            QCOMPARE(row->partitionCount, layout.partitions);
            QCOMPARE(row->replicationFactor, 1);
            QCOMPARE(row->messages, std::optional<qint64>(messages));
            QCOMPARE(row->underReplicated + row->offline, 0);
        }

        PartitionsModel partitionsModel;
        partitionsModel.setTopic(topicName(7));
        partitionsModel.applySnapshot(snapshot);
        QCOMPARE(partitionsModel.rowCount(), layout.partitions);
        QSet<qint32> leaders;
        for (const PartitionRow& row : partitionsModel.rows()) {
            QCOMPARE(row.partition.lowWatermark, std::optional<qint64>(0));
            QCOMPARE(row.partition.highWatermark,
                     std::optional<qint64>(layout.recordsIn(7, row.partition.id)));
            QCOMPARE(row.partition.replicas, QList<qint32>{row.partition.leader});
            leaders.insert(row.partition.leader);
        }
        QVERIFY2(leaders.size() > 1, "the partitions are spread over the brokers");
        partitionsModel.setTopic(topicName(layout.topics - 1));
        partitionsModel.applySnapshot(snapshot);
        QCOMPARE(partitionsModel.rowCount(), layout.partitions);
        QCOMPARE(partitionsModel.rows().last().partition.highWatermark, std::optional<qint64>(0));

        ConsumerGroupsModel groups;
        groups.applySnapshot(snapshot);
        QCOMPARE(groups.rowCount(), layout.groups);
        for (int g = 0; g < layout.groups; ++g) {
            const ConsumerGroupRow& row =
                groups.rows().at(g);  // sorted by id, which the padding keeps numeric
            QCOMPARE(row.id, groupName(g));
            QCOMPARE(row.state, QString("Empty"));
            QCOMPARE(row.memberCount, 0);
            QCOMPARE(row.topicCount, 1);
            QCOMPARE(row.partitionsWithoutCommit, 0);
            QVERIFY2(row.error.isEmpty(), qPrintable(row.id + ": " + row.error));
            QCOMPARE(row.lag, std::optional<qint64>(layout.groupLag(g)));
        }
    }

private:
    tideline::testing::ScaleCluster cluster_;
};

QTEST_GUILESS_MAIN(TestScaleModels)
#include "test_scale_models.moc"
