// Lag reports of a LibrdkafkaSession against librdkafka's in-process mock cluster: records produced
// at known times, a group committed behind the end and then at it.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "mock_cluster_support.h"
#include "model/librdkafka_session.h"

using namespace tideline::model;
using namespace tideline::model::testing;

namespace {

const PartitionLagReport* findPartition(const LagReport& report, const QString& group, const QString& topic,
                                        qint32 partition) {
    for (const GroupLagReport& candidate : report.groups) {
        for (const PartitionLagReport& row : candidate.partitions) {
            if (candidate.group == group && row.topic == topic && row.partition == partition) {
                return &row;
            }
        }
    }
    return nullptr;
}

}  // namespace

class TestSessionLagReports : public QObject {
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
    }

    void cleanupTestCase() {
        if (producer_ != nullptr) {
            rd_kafka_destroy(producer_);  // takes the mock cluster with it
        }
    }

    void lagReportsGiveExactTimeLagAndVerdicts() {
        // Ten records, a second apart, ten minutes old; the group has read four of them.
        constexpr int kRecords = 10;
        constexpr qint64 kCommitted = 4;
        const qint64 firstTimestampMs = QDateTime::currentMSecsSinceEpoch() - 600'000;
        QCOMPARE(rd_kafka_mock_topic_create(mock_, "payments", 1, 3), RD_KAFKA_RESP_ERR_NO_ERROR);
        produce(producer_, "payments", 0, kRecords, firstTimestampMs);
        QCOMPARE(rd_kafka_flush(producer_, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
        commitOffsets(bootstrap_, "settlement", {{0, kCommitted}}, "payments");

        SessionOptions options;
        options.watchedGroups = {"settlement"};
        options.offsetsInterval = std::chrono::milliseconds(300);
        // A one-second window makes an unmoving commit STALLED within a few polls, and two
        // evaluations of hold show the hysteresis without making the test slow.
        options.lag.thresholds.window = std::chrono::seconds(1);
        options.lag.thresholds.holdEvaluations = 2;
        options.lag.retryUnreadTimestampAfter = std::chrono::seconds(1);
        LibrdkafkaSession session(profileFor("mock", bootstrap_), {}, options);
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        QSignalSpy reports(&session, &ClusterSession::lagReportReady);
        session.start();

        const LagReport behind = waitForArgument<LagReport>(reports, [](const LagReport& report) {
            const PartitionLagReport* row = findPartition(report, "settlement", "payments", 0);
            return row != nullptr && row->timeLagKind == TimeLagKind::Exact && row->verdict != LagVerdict::Ok;
        });
        const PartitionLagReport* row = findPartition(behind, "settlement", "payments", 0);
        QVERIFY(row != nullptr);
        QCOMPARE(row->committed, std::optional<qint64>(kCommitted));
        QCOMPARE(row->offsetLag, std::optional<qint64>(kRecords - kCommitted));
        QCOMPARE(row->timeLagKind, TimeLagKind::Exact);
        const double expectedSeconds =
            double(behind.takenAt.toMSecsSinceEpoch() - (firstTimestampMs + kCommitted * 1000)) / 1000.0;
        QVERIFY2(std::abs(*row->timeLagSeconds - expectedSeconds) < 1.0,
                 qPrintable(QString("%1 s, expected %2 s").arg(*row->timeLagSeconds).arg(expectedSeconds)));
        QCOMPARE(row->verdict, LagVerdict::Stalled);
        QCOMPARE(behind.groups.first().verdict, LagVerdict::Stalled);
        // Reports follow their snapshots: this one's snapshot was delivered first.
        QVERIFY(std::any_of(snapshots.cbegin(), snapshots.cend(), [&behind](const QList<QVariant>& args) {
            return args.at(0).value<ClusterSnapshot>().requestId == behind.requestId;
        }));

        commitOffsets(bootstrap_, "settlement", {{0, kRecords}}, "payments");
        const LagReport firstAtZero = waitForArgument<LagReport>(reports, [](const LagReport& report) {
            const PartitionLagReport* row = findPartition(report, "settlement", "payments", 0);
            return row != nullptr && row->offsetLag == 0;
        });
        row = findPartition(firstAtZero, "settlement", "payments", 0);
        QVERIFY(row != nullptr);
        QCOMPARE(row->offsetLag, std::optional<qint64>(0));
        QCOMPARE(row->verdict, LagVerdict::Stalled);  // held for one more evaluation
        const LagReport caughtUp = waitForArgument<LagReport>(reports, [](const LagReport& report) {
            const PartitionLagReport* row = findPartition(report, "settlement", "payments", 0);
            return row != nullptr && row->verdict == LagVerdict::Ok;
        });
        row = findPartition(caughtUp, "settlement", "payments", 0);
        QVERIFY(row != nullptr);
        QCOMPARE(row->offsetLag, std::optional<qint64>(0));
        QCOMPARE(row->timeLagKind, TimeLagKind::CaughtUp);
        QCOMPARE(row->timeLagSeconds, std::optional<double>(0.0));
        QCOMPARE(row->verdict, LagVerdict::Ok);

        // The history got a sample per delivered report, the lag going from six records to none.
        const QList<LagHistoryPoint> series = session.lagHistory().series({"settlement", "payments", 0});
        QVERIFY(series.size() >= 2);
        QCOMPARE(series.first().offsetLag, qint64(kRecords - kCommitted));
        QCOMPARE(series.last().offsetLag, qint64(0));
        QVERIFY(session.lagHistory().keys().contains(LagHistoryKey{"settlement", {}, -1}));
    }

    // With a history file, a new session of the same profile starts with the charts of the last one.
    void lagHistorySurvivesARestartThroughItsFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QCOMPARE(rd_kafka_mock_topic_create(mock_, "refunds", 1, 3), RD_KAFKA_RESP_ERR_NO_ERROR);
        produce(producer_, "refunds", 0, 5);
        QCOMPARE(rd_kafka_flush(producer_, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
        commitOffsets(bootstrap_, "refunder", {{0, 2}}, "refunds");

        SessionOptions options;
        options.watchedGroups = {"refunder"};
        options.offsetsInterval = std::chrono::milliseconds(300);
        options.lagHistoryPath = dir.filePath("lag.sqlite");
        const LagHistoryKey key{"refunder", "refunds", 0};
        qsizetype recorded = 0;
        {
            LibrdkafkaSession session(profileFor("persisted", bootstrap_), {}, options);
            QSignalSpy reports(&session, &ClusterSession::lagReportReady);
            session.start();
            waitForArgument<LagReport>(reports, [](const LagReport& report) {
                return findPartition(report, "refunder", "refunds", 0) != nullptr;
            });
            session.stop();
            QCOMPARE(session.lagHistoryError(), QString());
            recorded = session.lagHistory().series(key).size();
            QVERIFY(recorded >= 1);
        }
        QVERIFY(QFile::exists(options.lagHistoryPath));

        LibrdkafkaSession restarted(profileFor("persisted", bootstrap_), {}, options);
        QVERIFY(restarted.lagHistory().series(key).isEmpty());  // loaded on start, not before
        restarted.start();
        QCOMPARE(restarted.lagHistoryError(), QString());
        const QList<LagHistoryPoint> loaded = restarted.lagHistory().series(key);
        QCOMPARE(loaded.size(), recorded);
        QCOMPARE(loaded.first().offsetLag, qint64(3));

        // Another profile in the same file has a history of its own.
        LibrdkafkaSession other(profileFor("other", bootstrap_), {}, options);
        other.start();
        QVERIFY(other.lagHistory().series(key).isEmpty());

        // A path that cannot be a database is reported, not fatal.
        SessionOptions broken = options;
        broken.lagHistoryPath = dir.filePath("missing-dir/lag.sqlite");
        LibrdkafkaSession unsaved(profileFor("unsaved", bootstrap_), {}, broken);
        unsaved.start();
        unsaved.stop();
        QVERIFY(!unsaved.lagHistoryError().isEmpty());
    }

private:
    rd_kafka_t* producer_ = nullptr;
    rd_kafka_mock_cluster_t* mock_ = nullptr;
    QByteArray bootstrap_;
};

QTEST_GUILESS_MAIN(TestSessionLagReports)
#include "test_session_lag_reports.moc"
