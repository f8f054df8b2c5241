// The topics page's filter (the model's TopicsProxy behind the page), the replica chips and the replica grid
// on hand-built snapshots: every combination of leader, ISR and offline replicas, without a cluster.
#include <QApplication>
#include <QLineEdit>
#include <QTableView>
#include <QtTest>

#include <QCheckBox>

#include "model/models/partitions_model.h"
#include "model/models/table_proxies.h"
#include "model/models/topics_model.h"
#include "snapshot_builders.h"
#include "ui/pages/topics_page.h"
#include "ui/widgets/replica_chips_delegate.h"
#include "ui/widgets/replica_grid.h"

using namespace tideline::ui;
using namespace tideline::model;
using namespace tideline::model::testing;
using Kind = ReplicaChip::Kind;

namespace {

QStringList shownTopics(const QAbstractItemModel& proxy) {
    QStringList names;
    for (int row = 0; row < proxy.rowCount(); ++row) {
        names.append(proxy.index(row, TopicsModel::NameColumn).data(TopicsModel::KeyRole).toString());
    }
    names.sort();
    return names;
}

}  // namespace

class TestTableViews : public QObject {
    Q_OBJECT

private slots:
    void topicFilterHidesInternalAndMatchesTextOrRegex() {
        TopicInfo offsets = topic("__consumer_offsets", {healthyPartition(0, 0, 0)});
        offsets.internal = true;
        TopicsModel model;
        model.applySnapshot(snapshot({offsets, topic("orders", {healthyPartition(0, 0, 5)}),
                                      topic("orders-dlq", {healthyPartition(0, 0, 1)}),
                                      topic("payments", {healthyPartition(0, 0, 2)})}));
        TopicsProxy proxy(&model);
        QCOMPARE(proxy.rowCount(), 4);
        proxy.setHideInternal(true);
        QCOMPARE(shownTopics(proxy), (QStringList{"orders", "orders-dlq", "payments"}));

        proxy.setTextFilter("ORD");  // case-insensitive text
        QCOMPARE(shownTopics(proxy), (QStringList{"orders", "orders-dlq"}));
        QVERIFY(proxy.setRegexFilter("^pay|dlq$").isEmpty());
        QCOMPARE(shownTopics(proxy), (QStringList{"orders-dlq", "payments"}));
        QVERIFY(!proxy.setRegexFilter("(unclosed").isEmpty());  // keeps the last valid expression
        QCOMPARE(shownTopics(proxy), (QStringList{"orders-dlq", "payments"}));
        proxy.setTextFilter("(unclosed");  // as plain text it is just text
        QCOMPARE(proxy.rowCount(), 0);
    }

    void pageShowsAnInvalidRegexAsAnErrorAndHidesInternalByDefault() {
        TopicsPage page;
        QVERIFY(page.hideInternal()->isChecked());
        QCheckBox* regex = page.findChild<QCheckBox*>("topicFilterRegex");
        QVERIFY(regex != nullptr);
        regex->setChecked(true);
        page.filter()->setText("orders(");
        QVERIFY(page.filter()->styleSheet().contains("color"));
        QVERIFY2(page.filter()->toolTip().contains("not a valid regular expression"),
                 qPrintable(page.filter()->toolTip()));
        page.filter()->setText("orders(.*)");
        QVERIFY(page.filter()->styleSheet().isEmpty());
        QVERIFY(page.filter()->toolTip().isEmpty());
        regex->setChecked(false);  // as plain text, any text is fine
        page.filter()->setText("orders(");
        QVERIFY(page.filter()->styleSheet().isEmpty());
    }

    void ctrlFFocusesTheFilter() {
        TopicsPage page;
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.table()->setFocus();
        QVERIFY(!page.filter()->hasFocus());
        QTest::keyClick(page.table(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(page.filter()->hasFocus());
    }

    void chipsTellLeaderOutOfSyncOfflineAndUnpreferred() {
        PartitionInfo moved =
            partition(0, 3, {1, 2, 3}, {3, 2});  // leader away from preferred 1, 1 out of sync
        PartitionInfo down = partition(1, 2, {2, 3, 1}, {2, 1});
        down.offlineReplicas = {3};
        PartitionInfo offline = partition(2, -1, {3}, {});
        offline.offlineReplicas = {3};
        PartitionsModel model;
        model.setTopic("t");
        model.applySnapshot(snapshot({topic("t", {moved, down, offline})}));
        auto chips = [&model](int row, int column) { return replicaChips(model.index(row, column)); };

        QCOMPARE(chips(0, PartitionsModel::LeaderColumn), (QList<ReplicaChip>{{3, Kind::Leader, false}}));
        QCOMPARE(chips(0, PartitionsModel::ReplicasColumn),
                 (QList<ReplicaChip>{
                     {1, Kind::OutOfSync, true}, {2, Kind::InSync, true}, {3, Kind::Leader, false}}));
        QCOMPARE(chips(0, PartitionsModel::IsrColumn),
                 (QList<ReplicaChip>{{3, Kind::Leader, false}, {2, Kind::InSync, true}}));
        QCOMPARE(
            chips(1, PartitionsModel::ReplicasColumn),
            (QList<ReplicaChip>{{2, Kind::Leader, true}, {3, Kind::Offline, true}, {1, Kind::InSync, true}}));
        QCOMPARE(chips(2, PartitionsModel::LeaderColumn), (QList<ReplicaChip>{{-1, Kind::NoLeader, true}}));
        QVERIFY(chips(0, PartitionsModel::HighWatermarkColumn).isEmpty());

        ReplicaGrid grid;
        grid.setTopic({broker(1), broker(2)}, {moved, down, offline});  // broker 3 is missing
        QCOMPARE(grid.brokerColumns(), (QList<qint32>{1, 2, 3}));
        QCOMPARE(grid.cell(0, 0), ReplicaGrid::Cell::OutOfSync);
        QCOMPARE(grid.cell(0, 1), ReplicaGrid::Cell::InSync);
        QCOMPARE(grid.cell(0, 2), ReplicaGrid::Cell::Offline);  // leads, but its broker is gone
        QCOMPARE(grid.cell(1, 1), ReplicaGrid::Cell::Leader);
        QCOMPARE(grid.cell(2, 0), ReplicaGrid::Cell::None);
        QVERIFY(grid.sizeHint().height() > 3 * 20);
    }
};

QTEST_MAIN(TestTableViews)
#include "test_table_views.moc"
