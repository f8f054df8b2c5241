// TopicsProxy and PartitionsProxy under QAbstractItemModelTester: text and regex filters, hiding
// internal topics, favourites first or only, problems only, sorting by figures (size on disk too),
// and filters that keep applying as refreshes come.
#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QtTest>

#include "model/models/table_proxies.h"
#include "snapshot_builders.h"

using namespace tideline::model;
using namespace tideline::model::testing;

namespace {

QStringList column(const QAbstractItemModel& model, int column = 0) {
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row) {
        values.append(model.index(row, column).data().toString());
    }
    return values;
}

ClusterSnapshot topicsSnapshot(qint64 ordersHigh = 50) {
    TopicInfo offsets = topic("__consumer_offsets", {healthyPartition(0, 0, 7)});
    offsets.internal = true;
    return snapshot({topic("orders", {healthyPartition(0, 0, ordersHigh)}),
                     topic("orders-dlq", {healthyPartition(0, 0, 3)}),
                     topic("payments", {healthyPartition(0, 0, 20), healthyPartition(1, 0, 20)}), offsets});
}

}  // namespace

class TestTableProxies : public QObject {
    Q_OBJECT

private slots:
    void topicsFilterByTextRegexAndInternal() {
        TopicsModel model;
        TopicsProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(topicsSnapshot());
        proxy.sort(TopicsModel::NameColumn);
        QCOMPARE(column(proxy), (QStringList{"__consumer_offsets", "orders", "orders-dlq", "payments"}));

        proxy.setTextFilter("ORD");
        QCOMPARE(column(proxy), (QStringList{"orders", "orders-dlq"}));
        QCOMPARE(proxy.setRegexFilter("^pay|dlq$"), QString());
        QCOMPARE(column(proxy), (QStringList{"orders-dlq", "payments"}));
        QCOMPARE(proxy.textFilter(), QString());

        const QString error = proxy.setRegexFilter("orders(");
        QVERIFY2(error.contains("not a valid regular expression"), qPrintable(error));
        QCOMPARE(column(proxy), (QStringList{"orders-dlq", "payments"}));  // unchanged

        proxy.setTextFilter({});
        proxy.setHideInternal(true);
        QCOMPARE(column(proxy), (QStringList{"orders", "orders-dlq", "payments"}));
        proxy.setHideInternal(false);
        QCOMPARE(proxy.rowCount(), 4);
    }

    void topicsSortByFiguresAndFollowRefreshes() {
        TopicsModel model;
        TopicsProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(topicsSnapshot());
        proxy.setHideInternal(true);
        proxy.sort(TopicsModel::MessagesColumn, Qt::DescendingOrder);
        QCOMPARE(column(proxy), (QStringList{"orders", "payments", "orders-dlq"}));
        proxy.sort(TopicsModel::PartitionsColumn, Qt::AscendingOrder);
        QCOMPARE(column(proxy), (QStringList{"orders", "orders-dlq", "payments"}));  // ties by name

        proxy.sort(TopicsModel::MessagesColumn, Qt::DescendingOrder);
        proxy.setTextFilter("orders");
        // A refresh changes a figure and adds a topic: the filter and the order still hold.
        ClusterSnapshot next = topicsSnapshot(1);
        next.topics.append(topic("orders-v2", {healthyPartition(0, 0, 9)}));
        sortSnapshot(next);
        model.applySnapshot(next);
        QCOMPARE(column(proxy), (QStringList{"orders-v2", "orders-dlq", "orders"}));
    }

    void topicsSortBySizeOnDiskUnknownFirst() {
        ClusterSnapshot sized = topicsSnapshot();
        for (TopicInfo& info : sized.topics) {
            if (info.name == "orders") {
                info.size = TopicSize{5'000, 15'000, true};
            } else if (info.name == "payments") {
                info.size = TopicSize{200, 600, true};
            }  // orders-dlq and __consumer_offsets: unknown
        }
        TopicsModel model;
        TopicsProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(sized);
        proxy.setHideInternal(true);
        proxy.sort(TopicsModel::SizeColumn, Qt::AscendingOrder);
        QCOMPARE(column(proxy), (QStringList{"orders-dlq", "payments", "orders"}));
        proxy.sort(TopicsModel::SizeColumn, Qt::DescendingOrder);
        QCOMPARE(column(proxy), (QStringList{"orders", "payments", "orders-dlq"}));
        // The same order as the model's own SortRole gives.
        for (int row = 1; row < proxy.rowCount(); ++row) {
            QVERIFY(proxy.index(row - 1, TopicsModel::SizeColumn).data(TopicsModel::SortRole).toLongLong() >=
                    proxy.index(row, TopicsModel::SizeColumn).data(TopicsModel::SortRole).toLongLong());
        }
    }

    void topicsFavouritesFirstOrOnly() {
        TopicsModel model;
        TopicsProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(topicsSnapshot());
        proxy.setHideInternal(true);
        proxy.sort(TopicsModel::NameColumn, Qt::AscendingOrder);
        proxy.setFavourites({"payments", "orders-dlq"});
        QVERIFY(proxy.isFavourite("payments") && !proxy.isFavourite("orders"));
        // Mixed: stars change nothing in the order.
        QCOMPARE(column(proxy), (QStringList{"orders", "orders-dlq", "payments"}));

        proxy.setFavouritesMode(TopicsProxy::FavouritesMode::First);
        QCOMPARE(column(proxy), (QStringList{"orders-dlq", "payments", "orders"}));
        proxy.sort(TopicsModel::NameColumn, Qt::DescendingOrder);  // favourites stay on top
        QCOMPARE(column(proxy), (QStringList{"payments", "orders-dlq", "orders"}));
        proxy.sort(TopicsModel::MessagesColumn, Qt::DescendingOrder);
        QCOMPARE(column(proxy), (QStringList{"payments", "orders-dlq", "orders"}));
        proxy.setFavourites({"orders"});  // a new star re-sorts at once
        QCOMPARE(column(proxy), (QStringList{"orders", "payments", "orders-dlq"}));

        proxy.setFavouritesMode(TopicsProxy::FavouritesMode::Only);
        QCOMPARE(column(proxy), (QStringList{"orders"}));
        proxy.setFavourites({"orders", "orders-dlq", "__consumer_offsets"});
        proxy.setTextFilter("dlq");  // combined with the name filter and hide internal
        QCOMPARE(column(proxy), (QStringList{"orders-dlq"}));
        proxy.setTextFilter({});
        QCOMPARE(column(proxy), (QStringList{"orders", "orders-dlq"}));

        // A refresh adding a topic and changing figures keeps the stars' order and filter.
        ClusterSnapshot next = topicsSnapshot(1);
        next.topics.append(topic("orders-v2", {healthyPartition(0, 0, 9)}));
        sortSnapshot(next);
        model.applySnapshot(next);
        QCOMPARE(column(proxy), (QStringList{"orders-dlq", "orders"}));
        proxy.setFavourites({});
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setFavouritesMode(TopicsProxy::FavouritesMode::Mixed);
        QCOMPARE(proxy.rowCount(), 4);
    }

    void topicsSelectionSurvivesRefreshes() {
        TopicsModel model;
        TopicsProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(topicsSnapshot());
        proxy.sort(TopicsModel::MessagesColumn, Qt::DescendingOrder);
        proxy.setFavourites({"payments"});
        proxy.setFavouritesMode(TopicsProxy::FavouritesMode::First);
        QItemSelectionModel selection(&proxy);
        const int ordersRow = int(column(proxy).indexOf("orders"));
        selection.select(proxy.index(ordersRow, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);

        // Orders falls from the top of the figures and a topic arrives: the selection follows the row.
        ClusterSnapshot next = topicsSnapshot(1);
        next.topics.append(topic("archive", {healthyPartition(0, 0, 90)}));
        sortSnapshot(next);
        model.applySnapshot(next);
        QCOMPARE(column(proxy),
                 (QStringList{"payments", "archive", "__consumer_offsets", "orders-dlq", "orders"}));
        const QModelIndexList selected = selection.selectedRows(TopicsModel::NameColumn);
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data().toString(), QString("orders"));
    }

    void topicsProxyFollowsAnotherModel() {
        TopicsModel first;
        TopicsModel second;
        first.applySnapshot(topicsSnapshot());
        second.applySnapshot(snapshot({topic("zebra", {healthyPartition(0, 0, 1)})}));
        TopicsProxy proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setTopicsModel(&first);
        proxy.setHideInternal(true);
        proxy.sort(TopicsModel::MessagesColumn, Qt::AscendingOrder);
        QCOMPARE(column(proxy), (QStringList{"orders-dlq", "payments", "orders"}));
        proxy.setTopicsModel(&second);
        QCOMPARE(column(proxy), (QStringList{"zebra"}));
        proxy.setTopicsModel(nullptr);
        QCOMPARE(proxy.rowCount(), 0);
        // Another kind of model would have its rows read as topics: it is taken as none.
        PartitionsModel partitions;
        partitions.setTopic("orders");
        partitions.applySnapshot(topicsSnapshot());
        QCOMPARE(partitions.rowCount(), 1);
        proxy.setSourceModel(&partitions);
        QVERIFY(proxy.sourceModel() == nullptr);
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setSourceModel(&second);
        QCOMPARE(column(proxy), (QStringList{"zebra"}));
    }

    void partitionsFilterProblemsAndSortWatermarks() {
        PartitionsModel model;
        PartitionsProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TopicInfo orders = topic("orders", {healthyPartition(0, 0, 30), partition(1, -1, {1, 2}, {}, 0, 5),
                                            partition(2, 2, {1, 2, 3}, {2}, std::nullopt, std::nullopt),
                                            healthyPartition(12, 0, 10)});
        model.setTopic("orders");
        model.applySnapshot(snapshot({orders}));
        proxy.sort(PartitionsModel::PartitionColumn);
        QCOMPARE(column(proxy), (QStringList{"0", "1", "2", "12"}));

        proxy.setProblemsOnly(true);
        QCOMPARE(column(proxy), (QStringList{"1", "2"}));
        proxy.setProblemsOnly(false);

        proxy.setTextFilter("offline");  // status text
        QCOMPARE(column(proxy), (QStringList{"1"}));
        proxy.setTextFilter("2");  // partition id 2 and 12, and the leader of partition 2
        QCOMPARE(column(proxy), (QStringList{"2", "12"}));
        proxy.setTextFilter({});

        proxy.sort(PartitionsModel::HighWatermarkColumn, Qt::AscendingOrder);
        QCOMPARE(column(proxy), (QStringList{"2", "1", "12", "0"}));  // unknown first
    }
};

QTEST_GUILESS_MAIN(TestTableProxies)
#include "test_table_proxies.moc"
