// The consumer groups page against a real tideline-broker, a real producer and a real, deliberately
// slow consumer group (librdkafka clients on their own threads): the lag grows, the chart's per-
// partition series are the session's history, pausing holds the chart while the history grows and
// resuming catches up, the groups table shows a time lag, a verdict and a sparkline painted from the
// history. With TIDELINE_SCREENSHOT_DIR set, keeps a screenshot of the page for the docs.
#include <librdkafka/rdkafka.h>
#include <qcustomplot.h>

#include <QFile>
#include <QPainter>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <thread>

#include "gui_test_support.h"
#include "model/lag/history.h"
#include "model/models/consumer_groups_model.h"
#include "model/models/group_partitions_model.h"
#include "support/broker_process.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/pages/groups_page.h"
#include "ui/screenshot_driver.h"
#include "ui/widgets/lag_chart.h"
#include "ui/widgets/lag_delegates.h"

using namespace tideline::ui;
using tideline::model::ConsumerGroupsModel;
using tideline::model::GroupPartitionsModel;
using tideline::model::LagHistoryKey;
using tideline::model::LagHistoryPoint;

namespace {

constexpr int kWaitMs = 40000;
constexpr int kPartitions = 3;
const char* const kTopic = "orders";
const char* const kGroup = "slowpoke";

bool set(rd_kafka_conf_t* conf, const char* name, const QByteArray& value) {
    char error[256];
    return rd_kafka_conf_set(conf, name, value.constData(), error, sizeof error) == RD_KAFKA_CONF_OK;
}

// Reads one record at a time with a pause after each, committing what it read: a consumer that
// cannot keep up with the producer below.
class SlowConsumer {
public:
    bool start(const QByteArray& bootstrap, std::chrono::milliseconds perRecord) {
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        const bool ok =
            set(conf, "bootstrap.servers", bootstrap) && set(conf, "group.id", kGroup) &&
            set(conf, "client.id", "slow-consumer") && set(conf, "auto.offset.reset", "earliest") &&
            set(conf, "enable.auto.commit", "true") && set(conf, "auto.commit.interval.ms", "250") &&
            set(conf, "session.timeout.ms", "10000");
        char error[512];
        handle_ = ok ? rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error) : nullptr;
        if (handle_ == nullptr) {
            return false;
        }
        rd_kafka_poll_set_consumer(handle_);
        rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(topics, kTopic, RD_KAFKA_PARTITION_UA);
        const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(handle_, topics);
        rd_kafka_topic_partition_list_destroy(topics);
        if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR) {
            return false;
        }
        thread_ = std::thread([this, perRecord] {
            while (!stop_) {
                rd_kafka_message_t* message = rd_kafka_consumer_poll(handle_, 100);
                if (message == nullptr) {
                    continue;
                }
                if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                    ++consumed_;
                    std::this_thread::sleep_for(perRecord);
                }
                rd_kafka_message_destroy(message);
            }
        });
        return true;
    }
    int consumed() const { return consumed_; }
    ~SlowConsumer() {
        stop_ = true;
        if (thread_.joinable()) {
            thread_.join();
        }
        if (handle_ != nullptr) {
            rd_kafka_consumer_close(handle_);
            rd_kafka_destroy(handle_);
        }
    }

private:
    rd_kafka_t* handle_ = nullptr;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<int> consumed_{0};
};

// The history's offset lag points as (seconds, value), as the chart keys them.
QList<QPair<double, double>> historyPoints(const QList<LagHistoryPoint>& points) {
    QList<QPair<double, double>> out;
    for (const LagHistoryPoint& point : points) {
        if (point.offsetLag >= 0) {
            out.append({point.timeMs / 1000.0, double(point.offsetLag)});
        }
    }
    return out;
}

QList<QPair<double, double>> graphPoints(const QCPGraph* graph) {
    QList<QPair<double, double>> out;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
        out.append({it->key, it->value});
    }
    return out;
}

QModelIndex groupCell(QTableView* table, int column) {
    const QAbstractItemModel* model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, ConsumerGroupsModel::IdColumn).data().toString() == kGroup) {
            return model->index(row, column);
        }
    }
    return {};
}

}  // namespace

class TestGroupLagLive : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;
    rd_kafka_t* producer_ = nullptr;
    QTimer producing_;
    int produced_ = 0;

    void produceRound(int records) {
        for (int i = 0; i < records; ++i) {
            const QByteArray value = "order-" + QByteArray::number(produced_);
            const rd_kafka_resp_err_t err = rd_kafka_producev(
                producer_, RD_KAFKA_V_TOPIC(kTopic), RD_KAFKA_V_PARTITION(produced_ % kPartitions),
                RD_KAFKA_V_VALUE(const_cast<char*>(value.constData()), size_t(value.size())),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                ++produced_;
            }
        }
        rd_kafka_poll(producer_, 0);
    }

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_group_lag_live");
        QVERIFY2(broker_.start(1, work_.filePath("cluster"), {"--set", "num.partitions=3"}),
                 qPrintable(broker_.output()));
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        QVERIFY(set(conf, "bootstrap.servers", broker_.bootstrap().toUtf8()) && set(conf, "linger.ms", "5"));
        char error[512];
        producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
        QVERIFY2(producer_ != nullptr, error);
        produceRound(60);
        QCOMPARE(rd_kafka_flush(producer_, 15000), RD_KAFKA_RESP_ERR_NO_ERROR);
    }

    void cleanupTestCase() {
        producing_.stop();
        if (producer_ != nullptr) {
            rd_kafka_flush(producer_, 5000);
            rd_kafka_destroy(producer_);
        }
        QVERIFY(broker_.stop());
    }

    void lagGrowsAndThePageFollowsIt() {
        // About 30 records/s in, at most 8/s out.
        SlowConsumer consumer;
        QVERIFY(consumer.start(broker_.bootstrap().toUtf8(), std::chrono::milliseconds(125)));
        connect(&producing_, &QTimer::timeout, this, [this] { produceRound(15); });
        producing_.start(500);

        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        window.resize(1280, 900);
        const QString key = window.addBootstrapCluster(broker_.bootstrap());
        window.selectCluster(key);
        window.showPage({PageId::Group, kGroup});
        window.show();
        ClusterConnection* connection = window.connection(key);
        GroupsPage* page = window.groupsPage();
        LagChart* chart = page->chart();

        // The consumer joined, committed, and its lag grows from poll to poll.
        QTRY_VERIFY_WITH_TIMEOUT(consumer.consumed() > 0, kWaitMs);
        const LagHistoryKey total{kGroup, {}, -1};
        QTRY_VERIFY_WITH_TIMEOUT(connection->lagHistory() != nullptr &&
                                     historyPoints(connection->lagHistory()->series(total)).size() >= 3,
                                 kWaitMs);
        const qint64 early = connection->lagHistory()->series(total).last().offsetLag;
        QTRY_VERIFY_WITH_TIMEOUT(connection->lagHistory()->series(total).last().offsetLag > early + 100,
                                 kWaitMs);

        // Per partition: one line per partition, each the history's points of that partition.
        chart->setBreakdown(LagBreakdown::Partition);
        QTRY_COMPARE_WITH_TIMEOUT(connection->lagHistory()->partitionKeys(kGroup).size(), kPartitions,
                                  kWaitMs);
        chart->redraw();
        QCOMPARE(chart->seriesCount(), kPartitions);
        const QList<LagHistoryKey> keys = connection->lagHistory()->partitionKeys(kGroup);
        for (int i = 0; i < kPartitions; ++i) {
            QCOMPARE(chart->seriesGraph(i)->name(), QString("%1/%2").arg(kTopic).arg(i));
            QCOMPARE(graphPoints(chart->seriesGraph(i)),
                     historyPoints(connection->lagHistory()->series(keys[i])));
        }
        // Stacked, the top edge is the group's total; the time lag and both rates are plotted.
        chart->setStacked(true);
        QCOMPARE(graphPoints(chart->seriesGraph(kPartitions - 1)).last(),
                 historyPoints(connection->lagHistory()->series(total)).last());
        QTRY_VERIFY_WITH_TIMEOUT(chart->redraw() > 0 && chart->produceGraph()->dataCount() > 0 &&
                                     chart->consumeGraph()->dataCount() > 0 && chart->timeLagPoints() > 0,
                                 kWaitMs);
        QVERIFY2(chart->catchUpText().contains("not catching up"), qPrintable(chart->catchUpText()));

        // Paused, the chart holds still while the history grows; resumed, it shows all of it.
        chart->setPaused(true);
        const int heldPoints = chart->offsetLagPoints();
        QSignalSpy reports(connection, &ClusterConnection::lagReportChanged);
        QTRY_VERIFY_WITH_TIMEOUT(reports.size() >= 2, kWaitMs);
        QTest::qWait(300);
        QCOMPARE(chart->offsetLagPoints(), heldPoints);
        QVERIFY(historyPoints(connection->lagHistory()->series(keys[0])).size() > heldPoints);
        chart->setPaused(false);
        QCOMPARE(graphPoints(chart->seriesGraph(0)),
                 historyPoints(connection->lagHistory()->series(keys[0])));

        // The groups table: a time lag, a verdict, and a sparkline drawn from the history.
        QTableView* groups = page->groupsTable();
        QTRY_VERIFY_WITH_TIMEOUT(groupCell(groups, ConsumerGroupsModel::VerdictColumn)
                                     .data(ConsumerGroupsModel::VerdictRole)
                                     .isValid(),
                                 kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(groupCell(groups, ConsumerGroupsModel::TimeLagColumn)
                                     .data(ConsumerGroupsModel::RawValueRole)
                                     .isValid(),
                                 kWaitMs);
        const QModelIndex spark = groupCell(groups, ConsumerGroupsModel::RecentLagColumn);
        QVERIFY(spark.isValid());
        SparklineDelegate* sparklines = page->sparklines();
        const QRectF box(0, 0, 120, 24);
        const QPolygonF line = sparklines->sparkline(kGroup, box);
        const QList<LagHistoryPoint> recent = connection->lagHistory()->series(total);
        QCOMPARE(line.size(), historyPoints(recent).size());  // all within the 10 minute span
        QCOMPARE(line.last().x(), box.right());
        QVERIFY(line.last().y() < line.first().y());  // grown: higher up at the end
        QImage cell(120, 24, QImage::Format_ARGB32);
        cell.fill(Qt::white);
        {
            QPainter painter(&cell);
            QStyleOptionViewItem option;
            option.initFrom(groups);
            option.rect = cell.rect();
            sparklines->paint(&painter, option, spark);
        }
        QVERIFY(testing::distinctColours(cell, 1) > 3);
        // The partitions table of the detail has the time lag and verdict of every partition.
        QTRY_VERIFY_WITH_TIMEOUT(page->partitionsTable()
                                     ->model()
                                     ->index(0, GroupPartitionsModel::VerdictColumn)
                                     .data(GroupPartitionsModel::VerdictRole)
                                     .isValid(),
                                 kWaitMs);

        // The members table: the consumer, its host and its assignment.
        QTRY_COMPARE_WITH_TIMEOUT(page->membersTable()->rowCount(), 1, kWaitMs);
        QCOMPARE(page->membersTable()->item(0, 0)->text(), QString("slow-consumer"));
        QCOMPARE(page->membersTable()->item(0, 2)->text(), QString("orders: 0, 1, 2"));

        // For the docs: the lag keeps growing for a while before the picture is taken.
        const QString keep = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR");
        if (!keep.isEmpty()) {
            chart->setBreakdown(LagBreakdown::Partition);
            chart->setStacked(true);
            QTest::qWait(45000);
        }
        const QString shot = work_.filePath("group.png");
        ScreenshotDriver driver(&window, shot, kWaitMs);
        QSignalSpy finished(&driver, &ScreenshotDriver::finished);
        driver.start();
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(testing::distinctColours(QImage(shot)) > 20);
        if (!keep.isEmpty()) {
            QFile::remove(keep + "/consumer-group.png");
            QVERIFY(QFile::copy(shot, keep + "/consumer-group.png"));
        }
        producing_.stop();
    }
};

QTEST_MAIN(TestGroupLagLive)
#include "test_group_lag_live.moc"
