#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QtConcurrent>
#include <QtTest>
#include <memory>

#include "model/models/brokers_model.h"
#include "model/models/consumer_groups_model.h"
#include "model/models/group_partitions_model.h"
#include "model/models/partitions_model.h"
#include "model/models/table_values.h"
#include "model/models/topic_consumers_model.h"
#include "model/models/topics_model.h"
#include "snapshot_builders.h"

using namespace tideline::model;
using namespace tideline::model::testing;

namespace {

struct Row {
    QString name;
    int value = 0;
    const QString& key() const { return name; }
    bool operator==(const Row&) const = default;
};

// Counts every structural and data signal of a model, so a test can say exactly what a refresh emitted.
struct ModelSignals {
    explicit ModelSignals(QAbstractItemModel* model)
        : inserted(model, &QAbstractItemModel::rowsInserted),
          removed(model, &QAbstractItemModel::rowsRemoved),
          changed(model, &QAbstractItemModel::dataChanged),
          reset(model, &QAbstractItemModel::modelReset),
          moved(model, &QAbstractItemModel::rowsMoved),
          layout(model, &QAbstractItemModel::layoutChanged) {}

    void clear() {
        for (QSignalSpy* spy : {&inserted, &removed, &changed, &reset, &moved, &layout}) {
            spy->clear();
        }
    }
    int total() const {
        return int(inserted.size() + removed.size() + changed.size() + reset.size() + moved.size() +
                   layout.size());
    }
    // Rows covered by the dataChanged signals, as "first-last" per signal.
    QStringList changedRanges() const {
        QStringList ranges;
        for (const QList<QVariant>& arguments : changed) {
            ranges.append(QString("%1-%2")
                              .arg(arguments.at(0).value<QModelIndex>().row())
                              .arg(arguments.at(1).value<QModelIndex>().row()));
        }
        return ranges;
    }

    QSignalSpy inserted;
    QSignalSpy removed;
    QSignalSpy changed;
    QSignalSpy reset;
    QSignalSpy moved;
    QSignalSpy layout;
};

TopicInfo topicWithHigh(const QString& name, qint64 high) {
    return topic(name, {healthyPartition(0, 0, high)});
}

QStringList names(const TopicsModel& model) {
    QStringList result;
    for (const TopicRow& row : model.rows()) {
        result.append(row.name);
    }
    return result;
}

QVariant cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole) {
    return model.data(model.index(row, column), role);
}

}  // namespace

class TestModels : public QObject {
    Q_OBJECT

private slots:
    void diffOfSortedRows() {
        const QList<Row> before{{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"f", 6}};
        const QList<Row> after{{"b", 2}, {"c", 30}, {"d", 40}, {"e", 5}, {"f", 6}, {"g", 7}};
        const RowDiff diff = diffRows(before, after);
        QCOMPARE(diff.removed, (QList<RowRange>{{0, 0}}));
        QCOMPARE(diff.inserted, (QList<RowRange>{{3, 3}, {5, 5}}));
        QCOMPARE(diff.changed, (QList<RowRange>{{1, 2}}));
        QVERIFY(diffRows(after, after).isEmpty());
    }

    void removalsComeHighestFirst() {
        const RowDiff diff =
            diffRows(QList<Row>{{"a"}, {"b"}, {"c"}, {"d"}, {"e"}}, QList<Row>{{"b"}, {"d"}});
        QCOMPARE(diff.removed, (QList<RowRange>{{4, 4}, {2, 2}, {0, 0}}));
    }

    void preparingSortsAndDropsDuplicateKeys() {
        const RowsUpdate<Row> update =
            prepareRowsUpdate<Row>({}, 7, {{"c", 1}, {"a", 2}, {"c", 3}, {"b", 4}});
        QCOMPARE(update.rows, (QList<Row>{{"a", 2}, {"b", 4}, {"c", 1}}));
        QCOMPARE(update.baseRevision, quint64(7));
        QCOMPARE(update.diff.inserted, (QList<RowRange>{{0, 2}}));
    }

    void everyModelPassesTheModelTester() {
        BrokersModel brokers;
        TopicsModel topics;
        PartitionsModel partitions;
        ConsumerGroupsModel groups;
        GroupPartitionsModel groupPartitions;
        TopicConsumersModel topicConsumers;
        std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
        for (QAbstractItemModel* model : std::initializer_list<QAbstractItemModel*>{
                 &brokers, &topics, &partitions, &groups, &groupPartitions, &topicConsumers}) {
            testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        }
        partitions.setTopic("orders");
        groupPartitions.setGroup("billing");
        topicConsumers.setTopic("orders");

        GroupMember member{"m-1", "app", "/10.0.0.1", {{"orders", 1}}};
        const QList<ClusterSnapshot> sequence{
            snapshot({topic("orders", {healthyPartition(0, 0, 10), healthyPartition(1, 0, 20)})},
                     {group("billing", {{"orders", 0, 5}}, {member})}, 0),
            snapshot({topic("audit", {healthyPartition(0, 0, 1)}),
                      topic("orders", {healthyPartition(0, 0, 15), healthyPartition(1, 0, 20),
                                       healthyPartition(2, 0, 3)}),
                      topic("zeta", {})},
                     {group("billing", {{"orders", 0, 9}, {"orders", 2, 1}}), group("other", {})}, 2000),
            snapshot({topic("orders", {partition(1, -1, {1, 2}, {}, std::nullopt, std::nullopt)})},
                     {group("other", {})}, 4000),
            snapshot({}, {}, 6000),
        };
        for (const ClusterSnapshot& s : sequence) {
            brokers.applySnapshot(s);
            topics.applySnapshot(s);
            partitions.applySnapshot(s);
            groups.applySnapshot(s);
            groupPartitions.applySnapshot(s);
            // Read every cell in every role the models answer, so the tester's checks meet real data.
            for (QAbstractItemModel* model : std::initializer_list<QAbstractItemModel*>{
                     &brokers, &topics, &partitions, &groups, &groupPartitions}) {
                for (int r = 0; r < model->rowCount(); ++r) {
                    for (int c = 0; c < model->columnCount(); ++c) {
                        for (int role : model->roleNames().keys()) {
                            model->data(model->index(r, c), role);
                        }
                    }
                }
            }
        }
        partitions.setTopic("audit");
        groupPartitions.setGroup("other");
    }

    void firstSnapshotInsertsAllRowsAtOnce() {
        TopicsModel model;
        ModelSignals seen(&model);
        model.applySnapshot(snapshot({topicWithHigh("b", 1), topicWithHigh("a", 1), topicWithHigh("c", 1)}));
        QCOMPARE(seen.inserted.size(), 1);
        QCOMPARE(seen.total(), 1);
        QCOMPARE(names(model), (QStringList{"a", "b", "c"}));
    }

    void newTopicsAreInsertedWhereTheyBelong() {
        TopicsModel model;
        model.applySnapshot(snapshot({topicWithHigh("a", 1), topicWithHigh("c", 1)}));
        ModelSignals seen(&model);
        model.applySnapshot(snapshot(
            {topicWithHigh("a", 1), topicWithHigh("b", 1), topicWithHigh("c", 1), topicWithHigh("d", 1)}));
        QCOMPARE(seen.inserted.size(), 2);
        QCOMPARE(seen.inserted.at(0).at(1).toInt(), 1);
        QCOMPARE(seen.inserted.at(1).at(1).toInt(), 3);
        QCOMPARE(seen.total(), 2);
        QCOMPARE(names(model), (QStringList{"a", "b", "c", "d"}));
    }

    void vanishedTopicsAreRemoved() {
        TopicsModel model;
        model.applySnapshot(snapshot(
            {topicWithHigh("a", 1), topicWithHigh("b", 1), topicWithHigh("c", 1), topicWithHigh("d", 1)}));
        ModelSignals seen(&model);
        model.applySnapshot(snapshot({topicWithHigh("a", 1), topicWithHigh("c", 1)}));
        QCOMPARE(seen.removed.size(), 2);
        QCOMPARE(seen.total(), 2);
        QCOMPARE(names(model), (QStringList{"a", "c"}));
    }

    void onlyChangedRowsReportDataChanged() {
        TopicsModel model;
        model.applySnapshot(snapshot(
            {topicWithHigh("a", 1), topicWithHigh("b", 1), topicWithHigh("c", 1), topicWithHigh("d", 1)}, {},
            0));
        ModelSignals seen(&model);
        model.applySnapshot(snapshot(
            {topicWithHigh("a", 1), topicWithHigh("b", 5), topicWithHigh("c", 1), topicWithHigh("d", 9)}, {},
            0));
        QCOMPARE(seen.changedRanges(), (QStringList{"1-1", "3-3"}));
        QCOMPARE(seen.total(), 2);
        QCOMPARE(cell(model, 1, TopicsModel::MessagesColumn, TopicsModel::RawValueRole).toLongLong(), 5);
    }

    // Leader bytes, in binary units; unknown sizes show the unknown mark, sort first, and have no raw value.
    void sizeColumnFormatsAndSortsBytes() {
        TopicInfo small = topicWithHigh("small", 1);
        small.size = TopicSize{512, 1024, true};
        TopicInfo large = topicWithHigh("large", 1);
        large.size = TopicSize{qint64(3) * 1024 * 1024 * 1024 / 2, qint64(3) * 1024 * 1024 * 1024, false};
        TopicInfo medium = topicWithHigh("medium", 1);
        medium.size = TopicSize{1536, 1536, true};
        const TopicInfo unknown = topicWithHigh("unknown", 1);
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(snapshot({large, medium, small, unknown}, {}, 0));
        QCOMPARE(cell(model, 0, TopicsModel::SizeColumn).toString(), QString("1.50 GiB"));
        QCOMPARE(cell(model, 1, TopicsModel::SizeColumn).toString(), QString("1.50 KiB"));
        QCOMPARE(cell(model, 2, TopicsModel::SizeColumn).toString(), QString("512 B"));
        QCOMPARE(cell(model, 3, TopicsModel::SizeColumn).toString(), table_values::kUnknown);
        QCOMPARE(cell(model, 0, TopicsModel::SizeColumn, TopicsModel::SortRole).toLongLong(),
                 qint64(3) * 1024 * 1024 * 1024 / 2);
        QCOMPARE(cell(model, 3, TopicsModel::SizeColumn, TopicsModel::SortRole).toLongLong(), -1);
        QVERIFY(!cell(model, 3, TopicsModel::SizeColumn, TopicsModel::RawValueRole).isValid());
        QVERIFY(
            cell(model, 0, TopicsModel::SizeColumn, Qt::ToolTipRole).toString().contains("did not answer"));
        QVERIFY(
            cell(model, 3, TopicsModel::SizeColumn, Qt::ToolTipRole).toString().contains("DescribeLogDirs"));
        QCOMPARE(table_values::bytes(qint64(250) * 1024 * 1024), QString("250.0 MiB"));
    }

    void reorderedSnapshotEmitsNothing() {
        TopicsModel model;
        model.applySnapshot(
            snapshot({topicWithHigh("a", 1), topicWithHigh("b", 2), topicWithHigh("c", 3)}, {}, 0));
        ClusterSnapshot reordered =
            snapshot({topicWithHigh("a", 1), topicWithHigh("b", 2), topicWithHigh("c", 3)}, {}, 0);
        std::reverse(reordered.topics.begin(), reordered.topics.end());
        ModelSignals seen(&model);
        model.applySnapshot(reordered);
        QCOMPARE(seen.total(), 0);
        QCOMPARE(names(model), (QStringList{"a", "b", "c"}));
    }

    void persistentIndexesAndSelectionSurviveRefresh() {
        TopicsModel model;
        model.applySnapshot(
            snapshot({topicWithHigh("b", 1), topicWithHigh("d", 1), topicWithHigh("f", 1)}, {}, 0));
        QItemSelectionModel selection(&model);
        const QPersistentModelIndex followed(model.index(1, TopicsModel::MessagesColumn));
        selection.select(model.index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);

        // Rows before it appear and vanish, and its own values change.
        model.applySnapshot(
            snapshot({topicWithHigh("a", 1), topicWithHigh("c", 1), topicWithHigh("d", 7)}, {}, 0));

        QVERIFY(followed.isValid());
        QCOMPARE(followed.row(), 2);
        QCOMPARE(followed.data(TopicsModel::KeyRole).toString(), QString("d"));
        QCOMPARE(followed.data(TopicsModel::RawValueRole).toLongLong(), 7);
        const QModelIndexList selected = selection.selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.front().data().toString(), QString("d"));
    }

    void removedRowInvalidatesOnlyItsOwnIndex() {
        TopicsModel model;
        model.applySnapshot(snapshot({topicWithHigh("a", 1), topicWithHigh("b", 1)}));
        const QPersistentModelIndex gone(model.index(0, 0));
        const QPersistentModelIndex kept(model.index(1, 0));
        model.applySnapshot(snapshot({topicWithHigh("b", 1)}));
        QVERIFY(!gone.isValid());
        QCOMPARE(kept.row(), 0);
        QCOMPARE(kept.data().toString(), QString("b"));
    }

    void updatePreparedOnAnotherThreadApplies() {
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(snapshot({topicWithHigh("a", 1), topicWithHigh("b", 1)}, {}, 0));
        const ClusterSnapshot next = snapshot({topicWithHigh("b", 2), topicWithHigh("c", 1)}, {}, 2000);

        QFuture<RowsUpdate<TopicRow>> future =
            QtConcurrent::run([rows = model.rows(), revision = model.revision(), next] {
                return prepareRowsUpdate(rows, revision, TopicsModel::rowsFrom(next, nullptr));
            });
        ModelSignals seen(&model);
        model.applyUpdate(future.result());
        QCOMPARE(names(model), (QStringList{"b", "c"}));
        QCOMPARE(seen.removed.size(), 1);
        QCOMPARE(seen.inserted.size(), 1);
        QCOMPARE(seen.changedRanges(), (QStringList{"0-0"}));
    }

    void updateForRowsTheModelNoLongerHasIsDiffedAgain() {
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(snapshot({topicWithHigh("a", 1)}));
        RowsUpdate<TopicRow> late =
            model.prepareUpdate(TopicsModel::rowsFrom(snapshot({topicWithHigh("c", 1)}), nullptr));
        model.applySnapshot(snapshot({topicWithHigh("a", 1), topicWithHigh("b", 1)}));  // overtakes it

        model.applyUpdate(std::move(late));
        QCOMPARE(names(model), (QStringList{"c"}));
    }

    void topicRowsCountProblemsAndRates() {
        TopicsModel model;
        TopicInfo troubled =
            topic("orders", {partition(0, -1, {1, 2}, {}), partition(1, 2, {1, 2}, {2}, 0, 10),
                             partition(2, 1, {1, 2}, {1, 2}, 0, 20)});
        model.applySnapshot(snapshot({troubled, topicWithHigh("quiet", 100)}, {}, 0));
        QCOMPARE(cell(model, 0, TopicsModel::OfflineColumn).toString(), QString("1"));
        QCOMPARE(cell(model, 0, TopicsModel::UnderReplicatedColumn).toString(), QString("2"));
        QCOMPARE(cell(model, 0, TopicsModel::UnderMinIsrColumn).toString(), QString("1"));
        QCOMPARE(cell(model, 0, TopicsModel::ReplicationColumn).toString(), QString("2"));
        QCOMPARE(cell(model, 0, TopicsModel::MessagesColumn).toString(), QString("30"));
        QVERIFY(cell(model, 0, 0, TopicsModel::NeedsAttentionRole).toBool());
        QVERIFY(!cell(model, 1, 0, TopicsModel::NeedsAttentionRole).toBool());
        // No earlier snapshot: the rate is unknown, and sorts before every known rate.
        QVERIFY(!cell(model, 1, TopicsModel::ProduceRateColumn, TopicsModel::RawValueRole).isValid());
        QCOMPARE(cell(model, 1, TopicsModel::ProduceRateColumn, TopicsModel::SortRole).toDouble(), -1.0);

        model.applySnapshot(snapshot({troubled, topicWithHigh("quiet", 150)}, {}, 5000));
        QCOMPARE(cell(model, 1, TopicsModel::ProduceRateColumn, TopicsModel::RawValueRole).toDouble(), 10.0);
        QCOMPARE(cell(model, 1, TopicsModel::ProduceRateColumn).toString(), QString("10.0/s"));
    }

    void partitionsModelFollowsItsTopic() {
        PartitionsModel model;
        model.applySnapshot(
            snapshot({topic("orders", {partition(0, 2, {1, 2}, {1, 2}, 5, 25),
                                       partition(1, -1, {1, 2}, {}, std::nullopt, std::nullopt)}),
                      topicWithHigh("audit", 3)}));
        QCOMPARE(model.rowCount(), 0);
        ModelSignals seen(&model);
        model.setTopic("orders");
        QCOMPARE(seen.reset.size(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, PartitionsModel::MessagesColumn).toString(), QString("20"));
        QCOMPARE(cell(model, 0, PartitionsModel::StatusColumn).toString(), QString("Leader not preferred"));
        QCOMPARE(cell(model, 0, PartitionsModel::ReplicasColumn).toString(), QString("1, 2"));
        QCOMPARE(
            cell(model, 0, PartitionsModel::ReplicasColumn, PartitionsModel::RawValueRole).toList().size(),
            2);
        QCOMPARE(cell(model, 1, PartitionsModel::LeaderColumn).toString(), QString("none"));
        QVERIFY(cell(model, 1, 0, PartitionsModel::NeedsAttentionRole).toBool());
        QVERIFY(
            !cell(model, 1, PartitionsModel::HighWatermarkColumn, PartitionsModel::RawValueRole).isValid());
    }

    // The GUI's refresh path: rows built and diffed on the thread pool, applied here as row signals.
    void partitionsPreparedInTheBackgroundApplyAsADiff() {
        PartitionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy applied(&model, &PartitionsModel::snapshotApplied);
        model.setTopic("orders");
        // No rows yet: filled at once.
        model.applySnapshotInBackground(
            snapshot({topic("orders", {healthyPartition(0, 0, 10), healthyPartition(1, 0, 10),
                                       healthyPartition(2, 0, 10)})}));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(applied.size(), 1);
        const QPersistentModelIndex followed(model.index(2, PartitionsModel::HighWatermarkColumn));

        ModelSignals seen(&model);
        model.applySnapshotInBackground(snapshot({topic(
            "orders", {healthyPartition(1, 0, 10), healthyPartition(2, 0, 15), healthyPartition(3, 0, 1)})}));
        QVERIFY(model.preparing());
        QCOMPARE(model.rowCount(), 3);  // nothing changes before the prepared update is applied
        QCOMPARE(model.rows().first().partition.id, 0);
        QVERIFY(applied.wait(10'000));
        QCOMPARE(model.rows().size(), 3);
        QCOMPARE(model.rows().first().partition.id, 1);
        QCOMPARE(seen.removed.size(), 1);
        QCOMPARE(seen.inserted.size(), 1);
        QCOMPARE(seen.reset.size(), 0);
        QCOMPARE(seen.changedRanges(), (QStringList{"1-1"}));
        QVERIFY(followed.isValid());
        QCOMPARE(followed.row(), 1);
        QCOMPARE(followed.data(PartitionsModel::RawValueRole).toLongLong(), 15);
    }

    void backgroundSnapshotsCoalesceAndFollowTheTopic() {
        PartitionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy applied(&model, &PartitionsModel::snapshotApplied);
        model.setTopic("orders");
        model.applySnapshotInBackground(
            snapshot({topic("orders", {healthyPartition(0, 0, 1)}), topicWithHigh("audit", 3)}));
        // Three snapshots in a row: at most the first and the last are applied, the last one wins.
        for (qint64 high : {2, 3, 4}) {
            model.applySnapshotInBackground(
                snapshot({topic("orders", {healthyPartition(0, 0, high)}), topicWithHigh("audit", 3)}));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!model.preparing(), 10'000);
        QCOMPARE(applied.size(), 3);  // the first fill, the first refresh, then only the latest
        QCOMPARE(*model.rows().first().partition.highWatermark, qint64(4));

        // Another topic chosen while an update for the first one is being prepared: that update is dropped.
        model.applySnapshotInBackground(
            snapshot({topic("orders", {healthyPartition(0, 0, 5), healthyPartition(1, 0, 5)}),
                      topicWithHigh("audit", 9)}));
        QVERIFY(model.preparing());
        model.setTopic("audit");
        QCOMPARE(model.rowCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!model.preparing(), 10'000);
        QCOMPARE(model.topic(), QString("audit"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(*model.rows().first().partition.highWatermark, qint64(9));
    }

    void brokersModelCountsLeadershipAndMarksTheController() {
        BrokersModel model;
        ClusterSnapshot s =
            snapshot({topic("orders", {partition(0, 1, {1, 2}, {1, 2}), partition(1, 1, {2, 1}, {2, 1}),
                                       partition(2, 3, {3, 1}, {3, 1})})});
        s.brokers[1].reachability = BrokerReachability::Unreachable;
        model.applySnapshot(s);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, BrokersModel::LeadersColumn, BrokersModel::RawValueRole).toInt(), 2);
        QCOMPARE(cell(model, 0, BrokersModel::ReplicasColumn, BrokersModel::RawValueRole).toInt(), 3);
        QCOMPARE(cell(model, 0, BrokersModel::ControllerColumn, BrokersModel::RawValueRole).toBool(), true);
        QCOMPARE(cell(model, 1, BrokersModel::ControllerColumn, BrokersModel::RawValueRole).toBool(), false);
        QVERIFY(cell(model, 1, 0, BrokersModel::NeedsAttentionRole).toBool());
        QCOMPARE(cell(model, 1, BrokersModel::ReachabilityColumn).toString(), QString("Unreachable"));
    }

    void groupsModelSumsLagAndRates() {
        ConsumerGroupsModel model;
        const QList<TopicInfo> topics{
            topic("orders", {healthyPartition(0, 0, 100), healthyPartition(1, 0, 100)})};
        model.applySnapshot(snapshot(topics, {group("billing", {{"orders", 0, 70}}), group("idle", {})}, 0));
        QCOMPARE(
            cell(model, 0, ConsumerGroupsModel::LagColumn, ConsumerGroupsModel::RawValueRole).toLongLong(),
            30);
        QCOMPARE(cell(model, 0, ConsumerGroupsModel::WithoutCommitColumn).toString(), QString("1"));
        QCOMPARE(cell(model, 0, ConsumerGroupsModel::TopicsColumn).toString(), QString("1"));
        QVERIFY(!cell(model, 1, ConsumerGroupsModel::LagColumn, ConsumerGroupsModel::RawValueRole).isValid());

        model.applySnapshot(
            snapshot(topics, {group("billing", {{"orders", 0, 90}}), group("idle", {})}, 2000));
        QCOMPARE(cell(model, 0, ConsumerGroupsModel::ConsumeRateColumn, ConsumerGroupsModel::RawValueRole)
                     .toDouble(),
                 10.0);
        QCOMPARE(cell(model, 0, ConsumerGroupsModel::LagColumn).toString(), QString("10"));
    }

    void groupModelsShowTheLagReportsTimeLagAndVerdict() {
        const QList<TopicInfo> topics{
            topic("orders", {healthyPartition(0, 0, 100), healthyPartition(1, 0, 100)})};
        const ClusterSnapshot s =
            snapshot(topics, {group("billing", {{"orders", 0, 70}}), group("idle", {})}, 0);
        ConsumerGroupsModel groups;
        groups.applySnapshot(s);
        GroupPartitionsModel partitions;
        partitions.setGroup("billing");
        partitions.applySnapshot(s);
        // Before the first report: unknown, and no verdict to paint.
        QCOMPARE(cell(groups, 0, ConsumerGroupsModel::TimeLagColumn).toString(), QString("–"));
        QVERIFY(!cell(groups, 0, 0, ConsumerGroupsModel::VerdictRole).isValid());

        LagReport report;
        GroupLagReport billing;
        billing.group = "billing";
        billing.verdict = LagVerdict::Stalled;
        billing.timeLagSeconds = 200;
        billing.timeLagIsLowerBound = true;
        PartitionLagReport p0;
        p0.topic = "orders";
        p0.partition = 0;
        p0.committed = 70;
        p0.timeLagSeconds = 42;
        p0.timeLagKind = TimeLagKind::Interpolated;
        p0.verdict = LagVerdict::Lagging;
        billing.partitions = {p0};
        report.groups = {billing};
        QSignalSpy changed(&groups, &QAbstractItemModel::dataChanged);
        groups.applyLagReport(report);
        partitions.applyLagReport(report);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(cell(groups, 0, ConsumerGroupsModel::TimeLagColumn).toString(), QString("≥ 3 min 20 s"));
        QCOMPARE(cell(groups, 0, ConsumerGroupsModel::VerdictColumn).toString(), QString("STALLED"));
        QCOMPARE(cell(groups, 0, 0, ConsumerGroupsModel::VerdictRole).toInt(), int(LagVerdict::Stalled));
        QVERIFY(!cell(groups, 1, 0, ConsumerGroupsModel::VerdictRole).isValid());  // not in the report
        // Per partition: the estimate is marked, and a partition without a commit has no verdict.
        QCOMPARE(cell(partitions, 0, GroupPartitionsModel::TimeLagColumn).toString(), QString("~ 42 s"));
        QCOMPARE(cell(partitions, 0, GroupPartitionsModel::VerdictColumn).toString(), QString("LAGGING"));
        QCOMPARE(cell(partitions, 1, GroupPartitionsModel::TimeLagColumn).toString(), QString("no commit"));
        QVERIFY(!cell(partitions, 1, 0, GroupPartitionsModel::VerdictRole).isValid());
    }

    void topicConsumersSumTheLagOfEachGroupOnThatTopicOnly() {
        const QList<TopicInfo> topics{
            topic("audit", {healthyPartition(0, 0, 500)}),
            topic("orders",
                  {healthyPartition(0, 0, 100), healthyPartition(1, 0, 40), healthyPartition(2, 0, 7)})};
        GroupMember reader{"m-1", "app", "/10.0.0.1", {{"orders", 0}, {"orders", 1}}};
        GroupMember elsewhere{"m-2", "app", "/10.0.0.2", {{"audit", 0}}};
        const ClusterSnapshot s = snapshot(
            topics,
            {group("billing", {{"audit", 0, 10}, {"orders", 0, 70}, {"orders", 1, 40}}, {reader, elsewhere}),
             group("fresh", {}, {GroupMember{"m-3", "new", "/10.0.0.3", {{"orders", 2}}}}),
             group("unrelated", {{"audit", 0, 499}})},
            0);
        TopicConsumersModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTopic("orders");
        model.applySnapshot(s);
        // "unrelated" only reads audit; "billing"'s audit lag (490) is not counted here.
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, TopicConsumersModel::GroupColumn).toString(), QString("billing"));
        QCOMPARE(cell(model, 0, TopicConsumersModel::LagColumn).toString(), QString("30"));
        QCOMPARE(cell(model, 0, TopicConsumersModel::MembersColumn).toString(), QString("1"));
        // Every partition of a topic the group reads counts; partition 2 was never committed.
        QCOMPARE(cell(model, 0, TopicConsumersModel::PartitionsColumn).toString(), QString("3"));
        QCOMPARE(cell(model, 0, TopicConsumersModel::WithoutCommitColumn).toString(), QString("1"));
        // A group assigned the topic but without commits has no lag figure, not a lag from offset 0.
        QCOMPARE(cell(model, 1, TopicConsumersModel::GroupColumn).toString(), QString("fresh"));
        QCOMPARE(cell(model, 1, TopicConsumersModel::WithoutCommitColumn).toString(), QString("3"));
        QCOMPARE(cell(model, 1, TopicConsumersModel::LagColumn).toString(), QString("–"));
        QVERIFY(!cell(model, 1, TopicConsumersModel::LagColumn, TopicConsumersModel::RawValueRole).isValid());

        // A refresh where billing commits more changes its row in place; selection survives.
        const QPersistentModelIndex billingRow = model.index(0, 0);
        const ClusterSnapshot later = snapshot(
            topics, {group("billing", {{"orders", 0, 100}, {"orders", 1, 40}}, {reader}), group("fresh", {})},
            2000);
        model.applySnapshot(later);
        QCOMPARE(model.rowCount(), 1);  // fresh lost its assignment and never committed: not a reader
        QVERIFY(billingRow.isValid());
        QCOMPARE(cell(model, 0, TopicConsumersModel::LagColumn).toString(), QString("0"));
    }

    void groupPartitionsShowNoCommitInsteadOfLag() {
        GroupPartitionsModel model;
        model.setGroup("billing");
        GroupMember member{"m-1", "billing-app", "/10.0.0.7", {{"orders", 1}}};
        model.applySnapshot(
            snapshot({topic("orders", {healthyPartition(0, 0, 100), healthyPartition(1, 0, 5000)})},
                     {group("billing", {{"orders", 0, 60}}, {member})}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, GroupPartitionsModel::LagColumn).toString(), QString("40"));
        QVERIFY(cell(model, 0, 0, GroupPartitionsModel::HasCommitRole).toBool());

        QCOMPARE(cell(model, 1, GroupPartitionsModel::CommittedColumn).toString(), QString("no commit"));
        QCOMPARE(cell(model, 1, GroupPartitionsModel::LagColumn).toString(), QString("no commit"));
        QVERIFY(
            !cell(model, 1, GroupPartitionsModel::LagColumn, GroupPartitionsModel::RawValueRole).isValid());
        QVERIFY(!cell(model, 1, 0, GroupPartitionsModel::HasCommitRole).toBool());
        QCOMPARE(cell(model, 1, GroupPartitionsModel::HighWatermarkColumn).toString(), QString("5000"));
        QCOMPARE(cell(model, 1, GroupPartitionsModel::ClientIdColumn).toString(), QString("billing-app"));
        QCOMPARE(cell(model, 1, 0, GroupPartitionsModel::KeyRole).toString(), QString("orders/1"));
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
