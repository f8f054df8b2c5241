// The consumer groups page against librdkafka's in-process mock cluster (the bundled broker has no
// groups yet): the group's per-partition lag, and a lag chart whose points are the session's history.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <QFile>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "mock_cluster_support.h"
#include "model/lag/history.h"
#include "model/models/group_partitions_model.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/pages/groups_page.h"
#include "ui/screenshot_driver.h"
#include "ui/widgets/lag_chart.h"

using namespace tideline::ui;
using tideline::model::GroupPartitionsModel;
using tideline::model::LagHistoryPoint;
namespace mock = tideline::model::testing;

namespace {

constexpr int kWaitMs = 30000;

QList<LagHistoryPoint> groupSeries(const ClusterConnection* connection, const QString& group) {
    const auto* history = connection->lagHistory();
    return history != nullptr ? history->series({group, {}, -1}) : QList<LagHistoryPoint>();
}

qint64 lagInTable(QTableView* table, int partition) {
    const QAbstractItemModel* model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, GroupPartitionsModel::PartitionColumn)
                .data(GroupPartitionsModel::RawValueRole)
                .toInt() == partition) {
            return model->index(row, GroupPartitionsModel::LagColumn)
                .data(GroupPartitionsModel::RawValueRole)
                .toLongLong();
        }
    }
    return -1;
}

}  // namespace

class TestGroupsPage : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    rd_kafka_t* producer_ = nullptr;
    rd_kafka_mock_cluster_t* mock_ = nullptr;
    QByteArray bootstrap_;

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_groups_page");
        char error[512];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        QCOMPARE(rd_kafka_conf_set(conf, "test.mock.num.brokers", "3", error, sizeof error),
                 RD_KAFKA_CONF_OK);
        producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
        QVERIFY2(producer_ != nullptr, error);
        mock_ = rd_kafka_handle_mock_cluster(producer_);
        bootstrap_ = rd_kafka_mock_cluster_bootstraps(mock_);
        QCOMPARE(rd_kafka_mock_topic_create(mock_, "orders", 3, 3), RD_KAFKA_RESP_ERR_NO_ERROR);
        const qint64 tenMinutesAgo = QDateTime::currentMSecsSinceEpoch() - 600'000;
        for (int partition = 0; partition < 3; ++partition) {
            mock::produce(producer_, "orders", partition, 30, tenMinutesAgo);
        }
        QCOMPARE(rd_kafka_flush(producer_, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
        mock::commitOffsets(bootstrap_, "billing", {{0, 10}, {1, 5}, {2, 0}});
    }

    void cleanupTestCase() {
        if (producer_ != nullptr) {
            rd_kafka_destroy(producer_);  // takes the mock cluster with it
        }
    }

    void lagTableAndChartFollowTheHistory() {
        MainWindow window;
        tideline::model::SessionOptions options = testing::fastSessionOptions();
        options.watchedGroups = {"billing"};  // the mock cluster lists no group that only committed
        window.setSessionOptions(options);
        window.resize(1180, 760);
        window.show();
        const QString key = window.addBootstrapCluster(QString::fromUtf8(bootstrap_));
        window.selectCluster(key);
        window.showPage({PageId::Group, "billing"});
        GroupsPage* page = window.groupsPage();
        QCOMPARE(page->group(), QString("billing"));
        QTRY_VERIFY_WITH_TIMEOUT(window.currentPageHasData(), kWaitMs);

        // Per-partition lag: high watermark 30 minus the commit.
        QTRY_COMPARE_WITH_TIMEOUT(page->partitionsTable()->model()->rowCount(), 3, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(lagInTable(page->partitionsTable(), 0), qint64(20), kWaitMs);
        QCOMPARE(lagInTable(page->partitionsTable(), 1), qint64(25));
        QCOMPARE(lagInTable(page->partitionsTable(), 2), qint64(30));

        // The chart plots exactly the history's points, and follows it as the lag changes.
        ClusterConnection* connection = window.connection(key);
        // The group in view has its partitions recorded, however many groups the cluster has.
        QVERIFY(connection->lagHistory() != nullptr);
        QVERIFY(connection->lagHistory()->followsPartitions("billing"));
        LagChart* chart = page->chart();
        QTRY_VERIFY_WITH_TIMEOUT(chart->offsetLagPoints() >= 2, kWaitMs);
        mock::produce(producer_, "orders", 0, 40);
        QCOMPARE(rd_kafka_flush(producer_, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
        mock::commitOffsets(bootstrap_, "billing", {{1, 20}});
        QTRY_COMPARE_WITH_TIMEOUT(groupSeries(connection, "billing").last().offsetLag,
                                  qint64(20 + 40 + 10 + 30), kWaitMs);
        const int redrawsBefore = chart->redrawCount();
        QTRY_VERIFY_WITH_TIMEOUT(chart->redrawCount() > redrawsBefore, kWaitMs);
        const QList<LagHistoryPoint> series = groupSeries(connection, "billing");
        QCOMPARE(chart->redraw(), int(series.size()));
        QCOMPARE(chart->offsetLagPoints(), int(series.size()));
        QCOMPARE(chart->lastOffsetLag(), double(series.last().offsetLag));
        QVERIFY(chart->timeLagPoints() > 0);  // the records carry timestamps ten minutes old
        QVERIFY(chart->lastTimeLagSeconds() > 500);

        // Redraw requests are coalesced: a burst schedules one redraw.
        const int before = chart->redrawCount();
        for (int i = 0; i < 20; ++i) {
            chart->scheduleRedraw();
        }
        QTRY_COMPARE_WITH_TIMEOUT(chart->redrawCount(), before + 1, 2000);
        QTest::qWait(300);
        QVERIFY(chart->redrawCount() <= before + 2);  // at most one more from a poll meanwhile

        // Exports: a CSV line per history point, and a real image.
        QTemporaryDir out;
        QString error;
        QVERIFY2(chart->exportCsv(out.filePath("lag.csv"), &error), qPrintable(error));
        QFile csv(out.filePath("lag.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QVERIFY(lines.size() >= series.size() + 1);
        QVERIFY(lines.first().startsWith("time,offset_lag"));
        QVERIFY(chart->exportPng(out.filePath("lag.png")));
        const QImage png(out.filePath("lag.png"));
        QVERIFY(!png.isNull() && testing::distinctColours(png) > 8);
        QVERIFY(!chart->exportCsv(out.filePath("missing/dir/lag.csv"), &error));
        QVERIFY(!error.isEmpty());

        // A screenshot of the page (the one in the docs comes from test_group_lag_live, on a real broker).
        const QString shot = out.filePath("group.png");
        ScreenshotDriver driver(&window, shot, kWaitMs);
        QSignalSpy finished(&driver, &ScreenshotDriver::finished);
        driver.start();
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(testing::distinctColours(QImage(shot)) > 20);

        // Opening another group follows it instead.
        window.showPage({PageId::Group, "audit"});
        QCOMPARE(page->group(), QString("audit"));
        QVERIFY(connection->lagHistory()->followsPartitions("audit"));
        QVERIFY(!connection->lagHistory()->followsPartitions("billing"));
    }
};

QTEST_MAIN(TestGroupsPage)
#include "test_groups_page.moc"
