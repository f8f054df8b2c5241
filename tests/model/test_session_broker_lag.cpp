// A LibrdkafkaSession against a real three-broker tideline-broker process: a producer writes records
// with known timestamps, a consumer group member falls behind and then catches up, and a broker is
// stopped and started through the control API. The model's figures are held against what kcat -Q
// (ListOffsets) and OffsetFetch report, and against the timestamps the producer wrote.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <memory>

#include "broker_interop_support.h"
#include "model/librdkafka_session.h"
#include "operations_support.h"

using namespace tideline::model;
using namespace tideline::model::testing;
using tideline::testing::BrokerProcess;
using tideline::testing::httpRequest;

namespace {

constexpr char kTopic[] = "clicks";
constexpr char kGroup[] = "slow-readers";
constexpr int kPartitions = 2;
constexpr qint64 kRecordSpacingMs = 5000;  // an off-by-one offset shows as a 5 s error, not within 1 s

const PartitionLagReport* findRow(const LagReport& report, qint32 partition) {
    for (const GroupLagReport& group : report.groups) {
        for (const PartitionLagReport& row : group.partitions) {
            if (group.group == kGroup && row.topic == kTopic && row.partition == partition) {
                return &row;
            }
        }
    }
    return nullptr;
}

const GroupLagReport* findGroupReport(const LagReport& report) {
    for (const GroupLagReport& group : report.groups) {
        if (group.group == kGroup) {
            return &group;
        }
    }
    return nullptr;
}

}  // namespace

class TestSessionBrokerLag : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
    std::unique_ptr<LibrdkafkaSession> session_;
    std::unique_ptr<TimestampedProducer> producer_;
    std::unique_ptr<SteppedConsumer> consumer_;
    // Timestamps of the records, spaced evenly and an hour old, so the time lag is far from "now".
    qint64 firstTimestampMs_ = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
    qint64 produced_ = 0;

    bool produceRound(int perPartition) {
        for (int i = 0; i < perPartition; ++i) {
            for (qint32 partition = 0; partition < kPartitions; ++partition) {
                if (!producer_->produce(kTopic, partition,
                                        firstTimestampMs_ + produced_ * kRecordSpacingMs)) {
                    return false;
                }
                ++produced_;
            }
        }
        return true;
    }

private slots:
    void initTestCase() {
        registerSessionMetaTypes();
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));

        SessionOptions options;
        options.metadataInterval = std::chrono::milliseconds(400);
        options.offsetsInterval = std::chrono::milliseconds(400);
        // The verdict thresholds are the defaults a user gets, so a lag that keeps growing must turn
        // LAGGING within seconds without tuning. One exception: the records carry hour-old
        // timestamps on purpose (the exact time lag is checked below), which alone would put the
        // partitions over the default 60 s and let the slow, threshold rule decide.
        options.lag.thresholds.timeLagSeconds = 1e9;
        session_ = std::make_unique<LibrdkafkaSession>(profileFor("interop", broker_.bootstrap()),
                                                       SessionSecrets{}, options);
        OperationSpies spies(session_.get());
        QSignalSpy states(session_.get(), &ClusterSession::stateChanged);
        session_->start();
        QCOMPARE(waitForArgument<SessionState>(
                     states, [](const SessionState& s) { return s.status == SessionStatus::Connected; })
                     .status,
                 SessionStatus::Connected);
        const OperationResult created = resultFor<OperationResult>(
            spies.operations, session_->createTopic({kTopic, kPartitions, 3, {}}, false));
        QVERIFY2(created.ok(), qPrintable(created.error));

        producer_ = std::make_unique<TimestampedProducer>(broker_.bootstrap());
        QVERIFY(producer_->valid());
        consumer_ = std::make_unique<SteppedConsumer>(broker_.bootstrap(), kGroup, kTopic);
        QVERIFY(consumer_->valid());
    }

    void cleanupTestCase() {
        consumer_.reset();
        producer_.reset();
        session_.reset();
        QVERIFY2(broker_.stop(), qPrintable(broker_.output()));
    }

    void lagGrowsThenCatchesUpAndMatchesTheBroker() {
        QSignalSpy reports(session_.get(), &ClusterSession::lagReportReady);
        // Each tick: four records per partition in, at most two records out (and committed).
        QTimer ticker;
        bool failed = false;
        connect(&ticker, &QTimer::timeout, this, [&] {
            failed = failed || !produceRound(4);
            consumer_->step(2);
        });
        ticker.start(150);
        QElapsedTimer growing;
        growing.start();
        const LagReport lagging = waitForArgument<LagReport>(
            reports,
            [](const LagReport& report) {
                const GroupLagReport* group = findGroupReport(report);
                return group != nullptr && group->verdict == LagVerdict::Lagging;
            },
            60'000);
        ticker.stop();
        QVERIFY(!failed);
        const GroupLagReport* laggingGroup = findGroupReport(lagging);
        QVERIFY2(laggingGroup != nullptr && laggingGroup->verdict == LagVerdict::Lagging,
                 "the group never turned LAGGING while its lag grew");
        // Under the default 1000 records: the quick rule (the lag kept rising) said LAGGING.
        QVERIFY(laggingGroup->offsetLag > 0);
        QVERIFY(laggingGroup->offsetLag < LagThresholds{}.offsetLagMessages);
        qInfo("LAGGING after %.1f s of growth, %lld records behind (polls every 400 ms)",
              double(growing.elapsed()) / 1000.0, laggingGroup->offsetLag);

        // Nothing moves now: what the broker reports must be what the model shows.
        const QMap<qint32, qint64> ends = kcatEndOffsets(broker_.bootstrap(), kTopic, kPartitions);
        const QMap<qint32, qint64> committed = consumer_->committed(kTopic, kPartitions);
        QCOMPARE(ends.size(), kPartitions);
        QCOMPARE(committed.size(), kPartitions);
        const QDateTime quiet = QDateTime::currentDateTimeUtc();
        const LagReport settled = waitForArgument<LagReport>(
            reports, [&quiet](const LagReport& report) { return report.takenAt > quiet; });
        QVERIFY(settled.takenAt > quiet);
        for (qint32 partition = 0; partition < kPartitions; ++partition) {
            const PartitionLagReport* row = findRow(settled, partition);
            QVERIFY(row != nullptr);
            QVERIFY2(committed[partition] > 0, "the consumer committed on every partition");
            QCOMPARE(row->highWatermark, std::optional<qint64>(ends[partition]));
            QCOMPARE(row->committed, std::optional<qint64>(committed[partition]));
            QCOMPARE(row->offsetLag, std::optional<qint64>(ends[partition] - committed[partition]));

            // The first record the group has not read is the one at its committed offset.
            const qint64 waitingSinceMs = producer_->timestampAt(partition, committed[partition]);
            QVERIFY(waitingSinceMs > 0);
            QCOMPARE(row->timeLagKind, TimeLagKind::Exact);
            const double expected = double(settled.takenAt.toMSecsSinceEpoch() - waitingSinceMs) / 1000.0;
            QVERIFY2(std::abs(*row->timeLagSeconds - expected) < 1.0,
                     qPrintable(QString("partition %1: %2 s, expected %3 s")
                                    .arg(partition)
                                    .arg(*row->timeLagSeconds)
                                    .arg(expected)));
        }

        // The consumer reads everything left; the verdict goes back to OK.
        while (consumer_->step(500, 500) > 0) {
        }
        QCOMPARE(consumer_->committed(kTopic, kPartitions), ends);
        const LagReport caughtUp = waitForArgument<LagReport>(reports, [](const LagReport& report) {
            const GroupLagReport* group = findGroupReport(report);
            return group != nullptr && group->verdict == LagVerdict::Ok;
        });
        const GroupLagReport* okGroup = findGroupReport(caughtUp);
        QVERIFY2(okGroup != nullptr && okGroup->verdict == LagVerdict::Ok, "the group never got back to OK");
        QCOMPARE(okGroup->offsetLag, qint64(0));
        for (qint32 partition = 0; partition < kPartitions; ++partition) {
            QCOMPARE(findRow(caughtUp, partition)->timeLagKind, TimeLagKind::CaughtUp);
        }
    }

    void stoppedBrokerShowsNewLeaderAndShrunkenIsrWithinOneRefresh() {
        QSignalSpy snapshots(session_.get(), &ClusterSession::snapshotReady);
        const ClusterSnapshot before =
            waitForArgument<ClusterSnapshot>(snapshots, [](const ClusterSnapshot& s) {
                const PartitionInfo* info = findPartitionInfo(s, kTopic, 0);
                return info != nullptr && info->isr.size() == 3;
            });
        const PartitionInfo* original = findPartitionInfo(before, kTopic, 0);
        QVERIFY(original != nullptr && original->isr.size() == 3);
        const qint32 stopped = original->leader;

        const auto answer =
            httpRequest(broker_.controlPort(), "POST", QString("/v1/brokers/%1/stop").arg(stopped).toUtf8(),
                        broker_.token());
        QCOMPARE(answer.status, 200);
        const QDateTime stoppedAt = QDateTime::currentDateTimeUtc();
        // A snapshot taken after the stop may still carry metadata read before it; the one after that
        // was read entirely afterwards, so it is the first that must show the change.
        snapshots.clear();
        const ClusterSnapshot first = waitForArgument<ClusterSnapshot>(
            snapshots, [&stoppedAt](const ClusterSnapshot& s) { return s.takenAt > stoppedAt; });
        QVERIFY(first.takenAt > stoppedAt);
        if (snapshots.isEmpty()) {
            QVERIFY(snapshots.wait(kSignalWaitMs));
        }
        const ClusterSnapshot after = snapshots.takeFirst().at(0).value<ClusterSnapshot>();
        const PartitionInfo* moved = findPartitionInfo(after, kTopic, 0);
        QVERIFY(moved != nullptr);
        QVERIFY2(moved->leader != stopped && moved->leader >= 1,
                 qPrintable(QString("leader %1 after stopping %2").arg(moved->leader).arg(stopped)));
        QVERIFY(original->replicas.contains(moved->leader));
        QCOMPARE(moved->replicas, original->replicas);
        QStringList isr;
        for (qint32 id : std::as_const(moved->isr)) {
            isr << QString::number(id);
        }
        QVERIFY2(!moved->isr.contains(stopped) && moved->isr.size() == 2, qPrintable("ISR " + isr.join(',')));

        const auto started =
            httpRequest(broker_.controlPort(), "POST", QString("/v1/brokers/%1/start").arg(stopped).toUtf8(),
                        broker_.token());
        QCOMPARE(started.status, 200);
        const ClusterSnapshot whole = waitForArgument<ClusterSnapshot>(
            snapshots,
            [](const ClusterSnapshot& s) {
                const PartitionInfo* info = findPartitionInfo(s, kTopic, 0);
                return info != nullptr && info->isr.size() == 3;
            },
            60'000);
        const PartitionInfo* restored = findPartitionInfo(whole, kTopic, 0);
        QVERIFY(restored != nullptr);
        QCOMPARE(restored->isr.size(), 3);
        QVERIFY(restored->isr.contains(stopped));
        QVERIFY(restored->offlineReplicas.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSessionBrokerLag)
#include "test_session_broker_lag.moc"
