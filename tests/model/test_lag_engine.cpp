// LagEngine on scripted snapshot sequences: one topic "orders", one group "billing", snapshots every
// few seconds from a fixed start, so every figure can be worked out by hand.
#include <QtTest>

#include "model/lag/lag_engine.h"
#include "snapshot_builders.h"

using namespace tideline::model;
using namespace tideline::model::testing;

namespace {

constexpr qint64 kStartMs = 1'700'000'000'000;
constexpr qint64 kNoCommit = -1;

// Watermarks and commits of "orders" partitions 0, 1, ... at `second` after the start.
ClusterSnapshot at(qint64 second, const QList<qint64>& highs, const QList<qint64>& committed,
                   const QString& groupId = "billing") {
    QList<PartitionInfo> partitions;
    QList<CommittedOffset> offsets;
    for (int i = 0; i < highs.size(); ++i) {
        partitions.append(healthyPartition(i, 0, highs[i]));
        if (committed.value(i, kNoCommit) != kNoCommit) {
            offsets.append({"orders", i, committed[i]});
        }
    }
    ClusterSnapshot result =
        snapshot({topic("orders", partitions)}, {group(groupId, offsets)}, kStartMs + second * 1000);
    result.requestId = quint64(second + 1);
    return result;
}

LagReport feed(LagEngine& engine, const ClusterSnapshot& snapshot) {
    if (!engine.observe(snapshot)) {
        qWarning("snapshot refused");
    }
    return engine.evaluate();
}

PartitionLagReport first(const LagReport& report) { return report.groups.value(0).partitions.value(0); }

// Settings for verdict scenarios: polls every 10 s, so a 60 s window is six polls.
LagEngineSettings verdictSettings(int hold = 2) {
    LagEngineSettings settings;
    settings.thresholds.offsetLagMessages = 100;
    settings.thresholds.timeLagSeconds = 1e9;  // judged by offsets only, unless a test says otherwise
    settings.thresholds.window = std::chrono::seconds(60);
    settings.thresholds.stopAfter = std::chrono::seconds(180);
    settings.thresholds.holdEvaluations = hold;
    settings.thresholds.leaveEvaluations = hold;
    return settings;
}

// Polls every 2 s, as a session does by default, with the default settings: the verdict at each poll
// of a scripted partition, `high(t)` and `committed(t)` giving its watermark and commit at second t.
template <typename High, typename Committed>
QMap<qint64, LagVerdict> pollEveryTwoSeconds(qint64 untilSecond, High high, Committed committed,
                                             LagEngineSettings settings = {}) {
    LagEngine engine(settings);
    QMap<qint64, LagVerdict> verdicts;
    for (qint64 second = 0; second <= untilSecond; second += 2) {
        verdicts.insert(second, first(feed(engine, at(second, {high(second)}, {committed(second)}))).verdict);
    }
    return verdicts;
}

// The first second at which `verdict` was shown, or -1.
qint64 firstShown(const QMap<qint64, LagVerdict>& verdicts, LagVerdict verdict) {
    for (auto it = verdicts.cbegin(); it != verdicts.cend(); ++it) {
        if (it.value() == verdict) {
            return it.key();
        }
    }
    return -1;
}

QString describe(const QMap<qint64, LagVerdict>& verdicts) {
    QStringList parts;
    for (auto it = verdicts.cbegin(); it != verdicts.cend(); ++it) {
        parts << QString("%1s:%2").arg(it.key()).arg(lagVerdictName(it.value()));
    }
    return parts.join(' ');
}

}  // namespace

class TestLagEngine : public QObject {
    Q_OBJECT

private slots:
    void offsetLagIsWatermarkMinusCommit() {
        LagEngine engine;
        const LagReport report = feed(engine, at(0, {100, 50, 30}, {40, 60, kNoCommit}));
        QCOMPARE(report.groups.size(), 1);
        const GroupLagReport& billing = report.groups[0];
        QCOMPARE(billing.partitions.size(), 3);
        QCOMPARE(billing.partitions[0].offsetLag, std::optional<qint64>(60));
        // A commit ahead of the watermark the snapshot saw is no lag, never a negative one.
        QCOMPARE(billing.partitions[1].offsetLag, std::optional<qint64>(0));
        QVERIFY(!billing.partitions[2].hasCommit());
        QCOMPARE(billing.partitions[2].offsetLag, std::nullopt);
        QCOMPARE(billing.partitions[2].timeLagKind, TimeLagKind::Unknown);
        QCOMPARE(billing.offsetLag, 60);  // the uncommitted partition counts as nothing, not as 30
    }

    void caughtUpIsZeroSeconds() {
        LagEngine engine;
        const PartitionLagReport p = first(feed(engine, at(0, {100}, {100})));
        QCOMPARE(p.timeLagKind, TimeLagKind::CaughtUp);
        QCOMPARE(p.timeLagSeconds, std::optional<double>(0.0));
        QCOMPARE(p.catchUp, CatchUp::CaughtUp);
        QVERIFY(engine.recordTimestampsWanted(10).isEmpty());
    }

    void exactTimeLagFromTheFirstUnconsumedRecord() {
        LagEngine engine;
        engine.observe(at(0, {100}, {50}));
        const QList<RecordTimestampRequest> wanted = engine.recordTimestampsWanted(10);
        QCOMPARE(wanted, (QList<RecordTimestampRequest>{{"orders", 0, 50}}));
        const RecordTimestamp answer{"orders", 0, 50, 50, kStartMs - 30'000, RecordTimestampType::CreateTime};
        engine.acceptRecordTimestamps(wanted, {answer});
        PartitionLagReport p = first(engine.evaluate());
        QCOMPARE(p.timeLagKind, TimeLagKind::Exact);
        QCOMPARE(p.timeLagSeconds, std::optional<double>(30.0));

        // Cached while the commit stays: not asked again, and the lag keeps growing with the clock.
        engine.observe(at(10, {120}, {50}));
        QVERIFY(engine.recordTimestampsWanted(10).isEmpty());
        p = first(engine.evaluate());
        QCOMPARE(p.timeLagKind, TimeLagKind::Exact);
        QCOMPARE(p.timeLagSeconds, std::optional<double>(40.0));

        // The commit moved: the cached timestamp is for another record, so it is asked again and,
        // until answered, the watermark trail stands in.
        engine.observe(at(20, {120}, {110}));
        QCOMPARE(engine.recordTimestampsWanted(10), (QList<RecordTimestampRequest>{{"orders", 0, 110}}));
        p = first(engine.evaluate());
        QCOMPARE(p.timeLagKind, TimeLagKind::Interpolated);
    }

    void producerClockAheadIsNoNegativeLag() {
        LagEngine engine;
        engine.observe(at(0, {100}, {50}));
        const auto wanted = engine.recordTimestampsWanted(10);
        engine.acceptRecordTimestamps(
            wanted, {{"orders", 0, 50, 50, kStartMs + 5'000, RecordTimestampType::CreateTime}});
        QCOMPARE(first(engine.evaluate()).timeLagSeconds, std::optional<double>(0.0));
    }

    void wantedTimestampsAreDedupedBoundedAndMostLaggingFirst() {
        LagEngine engine;
        ClusterSnapshot s = at(0, {100, 100, 100}, {90, 10, 50});
        // Another group at the same offset of partition 1 does not double the request.
        s.groups.append(group("audit", {{"orders", 1, 10}}));
        sortSnapshot(s);
        engine.observe(s);
        QCOMPARE(engine.recordTimestampsWanted(10),
                 (QList<RecordTimestampRequest>{{"orders", 1, 10}, {"orders", 2, 50}, {"orders", 0, 90}}));
        QCOMPARE(engine.recordTimestampsWanted(2).size(), 2);
    }

    void unreadableTimestampIsNotAskedAgainAtOnce() {
        LagEngineSettings settings;
        settings.retryUnreadTimestampAfter = std::chrono::seconds(60);
        LagEngine engine(settings);
        engine.observe(at(0, {100}, {50}));
        engine.acceptRecordTimestamps(engine.recordTimestampsWanted(10), {});
        engine.evaluate();
        engine.observe(at(30, {100}, {50}));
        QVERIFY(engine.recordTimestampsWanted(10).isEmpty());
        engine.evaluate();
        engine.observe(at(61, {100}, {50}));
        QCOMPARE(engine.recordTimestampsWanted(10).size(), 1);
    }

    void timeLagInterpolatedFromTheWatermarkTrail() {
        LagEngine engine;
        feed(engine, at(0, {100}, {100}));
        // Offset 150 arrived when the watermark reached 151: 51% of the way from 100 (last seen at
        // 0 s) to 200 (first seen at 10 s), so at 5.1 s; seen at 10 s, it is 4.9 s late.
        const PartitionLagReport p = first(feed(engine, at(10, {200}, {150})));
        QCOMPARE(p.timeLagKind, TimeLagKind::Interpolated);
        QVERIFY(p.timeLagSeconds);
        QVERIFY(qAbs(*p.timeLagSeconds - 4.9) < 1e-9);
    }

    void interpolationUsesWhenTheWatermarkLastHeldStill() {
        LagEngine engine;
        feed(engine, at(0, {100}, {100}));
        feed(engine, at(10, {100}, {100}));  // still 100 at 10 s: the append happened after that
        const PartitionLagReport p = first(feed(engine, at(20, {200}, {100})));
        QCOMPARE(p.timeLagKind, TimeLagKind::Interpolated);
        QVERIFY(qAbs(*p.timeLagSeconds - 9.9) < 1e-9);  // offset 100 arrived at 10.1 s
    }

    void noExtrapolationBeforeTheOldestPoint() {
        LagEngine engine;
        LagReport report = feed(engine, at(0, {200}, {50}));
        QCOMPARE(first(report).timeLagKind, TimeLagKind::AtLeast);
        QCOMPARE(first(report).timeLagSeconds, std::optional<double>(0.0));
        report = feed(engine, at(60, {200}, {50}));
        // Offset 50 was written before the first watermark seen (200 at 0 s): at least 60 s, no guess.
        QCOMPARE(first(report).timeLagKind, TimeLagKind::AtLeast);
        QCOMPARE(first(report).timeLagSeconds, std::optional<double>(60.0));
        QVERIFY(report.groups[0].timeLagIsLowerBound);
        QCOMPARE(report.groups[0].timeLagSeconds, std::optional<double>(60.0));
    }

    void laggingOnceLagGrowsOverThreshold() {
        LagEngine engine(verdictSettings());
        // 10 records/s produced, 5 consumed: lag 100, 150, 200, ...
        QList<LagVerdict> verdicts;
        for (int step = 0; step < 4; ++step) {
            const qint64 high = 1000 + 100 * step;
            verdicts.append(first(feed(engine, at(10 * step, {high}, {900 + 50 * step}))).verdict);
        }
        // Over the threshold from 10 s, held twice at 20 s.
        QCOMPARE(verdicts, (QList<LagVerdict>{LagVerdict::Ok, LagVerdict::Ok, LagVerdict::Lagging,
                                              LagVerdict::Lagging}));
    }

    // The complaint from issue 4: a lag climbing steadily, still far under the default thresholds of
    // 1000 records and 60 s, stayed OK for 45 s. Now the rise itself is the evidence.
    void steadyGrowthTurnsLaggingWithinTenSeconds() {
        // 100 records/s in, 50 out, committed at every poll: the lag rises by 100 every poll.
        const auto halfSpeed = pollEveryTwoSeconds(
            60, [](qint64 t) { return 100 * t; }, [](qint64 t) { return 50 * t; });
        // Rises seen at 2 s and 4 s make 2 s of production lost; held for three polls: 4, 6, 8.
        QCOMPARE(firstShown(halfSpeed, LagVerdict::Lagging), qint64(8));
        QCOMPARE(halfSpeed.value(6), LagVerdict::Ok);
        QCOMPARE(std::count(halfSpeed.cbegin(), halfSpeed.cend(), LagVerdict::Ok), 4);  // 0, 2, 4, 6
        QVERIFY2(halfSpeed.value(60) == LagVerdict::Lagging, qPrintable(describe(halfSpeed)));

        // A consumer at 75% of the producer's pace loses 2 s of production in 8 s: LAGGING at 12 s.
        const auto threeQuarters = pollEveryTwoSeconds(
            60, [](qint64 t) { return 100 * t; }, [](qint64 t) { return 75 * t; });
        QCOMPARE(firstShown(threeQuarters, LagVerdict::Lagging), qint64(12));
        QVERIFY(threeQuarters.value(60) == LagVerdict::Lagging);

        // A consumer that stopped committing altogether: its polls count again 10 s after its last
        // commit, and by then it has lost 10 s; STALLED follows after the default 5 min window.
        const auto dead = pollEveryTwoSeconds(
            320, [](qint64 t) { return 100 * t; }, [](qint64) { return 0; });
        QCOMPARE(firstShown(dead, LagVerdict::Lagging), qint64(14));
        // Records wait from 2 s: stuck for 300 s at 302, held at 304 and 306.
        QCOMPARE(firstShown(dead, LagVerdict::Stalled), qint64(306));
    }

    void burstThatIsConsumedDoesNotFlip() {
        // A consumer keeping up 20 records behind a 100 records/s producer; at 20 s a burst of 3000
        // records arrives and the consumer, able to read 600 records/s, works through it.
        auto high = [](qint64 t) { return 100 * t + (t >= 20 ? 3000 : 0); };
        auto committed = [&high](qint64 t) {
            if (t < 20) {
                return std::max<qint64>(0, 100 * t - 20);
            }
            return std::min(high(t) - 20, 100 * 20 - 20 + 600 * (t - 20));
        };
        const auto verdicts = pollEveryTwoSeconds(120, high, committed);
        QVERIFY2(!verdicts.values().contains(LagVerdict::Lagging), qPrintable(describe(verdicts)));

        // The same burst, but the consumer takes its time: nothing committed for a poll, then a slow
        // start. The lag rose once and then shrinks: still no LAGGING.
        auto slowStart = [&high](qint64 t) {
            if (t < 22) {
                return std::max<qint64>(0, 100 * std::min<qint64>(t, 18) - 20);
            }
            return std::min(high(t) - 20, 100 * 18 - 20 + 300 * (t - 22));
        };
        const auto late = pollEveryTwoSeconds(120, high, slowStart);
        QVERIFY2(!late.values().contains(LagVerdict::Lagging), qPrintable(describe(late)));
    }

    void noisyLagAroundAConstantStaysOk() {
        // 100 records/s; the lag wanders between 210 and 390 (0.9 s of production either side of 300),
        // from a fixed pseudo-random sequence, for ten minutes.
        quint32 seed = 12345;
        QMap<qint64, qint64> lagAt;
        for (qint64 t = 0; t <= 600; t += 2) {
            seed = seed * 1103515245u + 12345u;
            lagAt.insert(t, 300 + qint64((seed >> 16) % 181) - 90);
        }
        const auto noisy = pollEveryTwoSeconds(
            600, [](qint64 t) { return 1000 + 100 * t; },
            [&lagAt](qint64 t) { return 1000 + 100 * t - lagAt.value(t); });
        QVERIFY2(!noisy.values().contains(LagVerdict::Lagging), qPrintable(describe(noisy)));

        // A healthy consumer that commits every 5 s (the default auto-commit interval of librdkafka
        // and the Java client): seen every 2 s, its lag is a sawtooth from 0 to 500.
        const auto sawtooth = pollEveryTwoSeconds(
            600, [](qint64 t) { return 100 * t; }, [](qint64 t) { return 100 * (t / 5 * 5); });
        QVERIFY2(!sawtooth.values().contains(LagVerdict::Lagging), qPrintable(describe(sawtooth)));
    }

    void periodicCommitterFallingBehindIsLagging() {
        // Commits every 5 s, but reads only 60% of what arrives: the lag right after each commit
        // grows. Polls between two commits are no evidence, so it takes three commits to tell.
        const auto verdicts = pollEveryTwoSeconds(
            60, [](qint64 t) { return 100 * t; }, [](qint64 t) { return 60 * (t / 5 * 5); });
        QCOMPARE(firstShown(verdicts, LagVerdict::Lagging), qint64(16));
        QVERIFY(verdicts.value(60) == LagVerdict::Lagging);
    }

    void quickLaggingLeavesOnceTheLagStopsRising() {
        // Falls behind at half speed for 20 s, then keeps exactly pace: the lag stays at 1000 records
        // (at, not over, the default threshold). One flat poll does not end LAGGING; three do.
        auto committed = [](qint64 t) { return t <= 20 ? 50 * t : 100 * t - 1000; };
        const auto verdicts = pollEveryTwoSeconds(
            40, [](qint64 t) { return 100 * t; }, committed);
        QCOMPARE(verdicts.value(20), LagVerdict::Lagging);
        QCOMPARE(verdicts.value(22), LagVerdict::Lagging);
        QCOMPARE(verdicts.value(24), LagVerdict::Lagging);
        QCOMPARE(verdicts.value(26), LagVerdict::Ok);
        QCOMPARE(firstShown(verdicts, LagVerdict::Lagging), qint64(8));

        // Growth interrupted by one flat poll keeps LAGGING: a rise after it resets the count.
        auto stutter = [](qint64 t) { return t == 22 ? 50 * 20 + 200 : 50 * t; };
        const auto held = pollEveryTwoSeconds(
            40, [](qint64 t) { return 100 * t; }, stutter);
        for (qint64 t = 8; t <= 40; t += 2) {
            QVERIFY2(held.value(t) == LagVerdict::Lagging, qPrintable(describe(held)));
        }
    }

    void quickRuleThresholdsAreTheUsers() {
        // The same half-speed consumer, with a user who wants 30 s lost before hearing about it.
        LagEngineSettings patient;
        patient.thresholds.offsetLagMessages = 1'000'000'000;  // the slow rule stays out of it
        patient.thresholds.growthSeconds = 30;
        const auto verdicts = pollEveryTwoSeconds(
            80, [](qint64 t) { return 100 * t; }, [](qint64 t) { return 50 * t; }, patient);
        QCOMPARE(firstShown(verdicts, LagVerdict::Lagging), qint64(64));  // 30 s lost at 60 s, +2 holds
        // And one for whom 5000 records is the least worth mentioning, whatever the time.
        LagEngineSettings bulky;
        bulky.thresholds.offsetLagMessages = 1'000'000'000;
        bulky.thresholds.growthMessages = 5000;
        const auto bulk = pollEveryTwoSeconds(
            160, [](qint64 t) { return 100 * t; }, [](qint64 t) { return 50 * t; }, bulky);
        QCOMPARE(firstShown(bulk, LagVerdict::Lagging), qint64(104));
    }

    void stalledThenStoppedWhenCommitsStopWithRecordsWaiting() {
        LagEngine engine(verdictSettings());
        QMap<qint64, LagVerdict> verdicts;
        for (qint64 second = 0; second <= 200; second += 10) {
            verdicts.insert(second, first(feed(engine, at(second, {100}, {50}))).verdict);
        }
        QCOMPARE(verdicts[50], LagVerdict::Ok);  // lag 50, under the threshold, commits not yet missed
        QCOMPARE(verdicts[60], LagVerdict::Ok);  // stalled once, not held yet
        QCOMPARE(verdicts[70], LagVerdict::Stalled);
        QCOMPARE(verdicts[180], LagVerdict::Stalled);
        QCOMPARE(verdicts[190], LagVerdict::Stopped);
    }

    void idleGroupOnIdleTopicIsNotStalledWhenARecordArrives() {
        LagEngine engine(verdictSettings());
        for (qint64 second = 0; second <= 300; second += 10) {
            QCOMPARE(first(feed(engine, at(second, {100}, {100}))).verdict, LagVerdict::Ok);
        }
        // The commit has not moved for 310 s, but the record waits only since 310 s.
        QCOMPARE(first(feed(engine, at(310, {101}, {100}))).verdict, LagVerdict::Ok);
        QCOMPARE(first(feed(engine, at(320, {101}, {100}))).verdict, LagVerdict::Ok);
        QCOMPARE(first(feed(engine, at(370, {101}, {100}))).verdict, LagVerdict::Ok);
        QCOMPARE(first(feed(engine, at(380, {101}, {100}))).verdict, LagVerdict::Stalled);
    }

    void rewoundIsImmediateAndThenSettles() {
        LagEngine engine(verdictSettings(3));
        feed(engine, at(0, {1000}, {1000}));
        LagReport report = feed(engine, at(10, {1000}, {400}));
        QCOMPARE(first(report).verdict, LagVerdict::Rewound);
        QCOMPARE(report.groups[0].verdict, LagVerdict::Rewound);
        // Replaying 200 records every 10 s: still over the threshold, so it settles on LAGGING,
        // after holding for three evaluations, not on OK.
        QCOMPARE(first(feed(engine, at(20, {1000}, {600}))).verdict, LagVerdict::Rewound);
        QCOMPARE(first(feed(engine, at(30, {1000}, {800}))).verdict, LagVerdict::Rewound);
        QCOMPARE(first(feed(engine, at(40, {1000}, {850}))).verdict, LagVerdict::Lagging);
    }

    void hysteresisHoldsAgainstAlternatingInput() {
        // Lag alternates 50 and 150 around the threshold of 100, growing every other poll.
        auto run = [](int hold) {
            LagEngineSettings settings = verdictSettings(hold);
            settings.thresholds.window = std::chrono::seconds(10);
            LagEngine engine(settings);
            QList<LagVerdict> verdicts;
            for (int step = 0; step < 8; ++step) {
                const qint64 high = 1000 + 200 * step;
                const qint64 lag = step % 2 == 0 ? 50 : 150;
                verdicts.append(first(feed(engine, at(10 * step, {high}, {high - lag}))).verdict);
            }
            return verdicts;
        };
        const QList<LagVerdict> flickering = run(1);
        QVERIFY(flickering.contains(LagVerdict::Lagging));  // the input does flip without hysteresis
        QVERIFY(flickering.contains(LagVerdict::Ok));
        QCOMPARE(run(2), QList<LagVerdict>(8, LagVerdict::Ok));
    }

    void okNeedsLagUnderThresholdsForTheHold() {
        LagEngine engine(verdictSettings());
        qint64 second = 0;
        auto step = [&](qint64 high, qint64 committed) {
            const LagVerdict verdict = first(feed(engine, at(second, {high}, {committed}))).verdict;
            second += 10;
            return verdict;
        };
        step(1000, 900);
        step(1100, 950);
        QCOMPARE(step(1200, 1000), LagVerdict::Lagging);  // lag 200 and growing
        QCOMPARE(step(1200, 1050), LagVerdict::Lagging);  // shrinking, still over the threshold
        QCOMPARE(step(1200, 1090), LagVerdict::Lagging);  // 110: still over
        QCOMPARE(step(1200, 1150), LagVerdict::Lagging);  // under once
        QCOMPARE(step(1200, 1200), LagVerdict::Ok);       // under twice
    }

    void timeLagThresholdAlsoCounts() {
        LagEngineSettings settings = verdictSettings(1);
        settings.thresholds.offsetLagMessages = 1'000'000;
        settings.thresholds.growthMessages = 1'000'000;  // the quick rule stays out of it
        settings.thresholds.timeLagSeconds = 5;
        LagEngine engine(settings);
        feed(engine, at(0, {100}, {100}));
        // 4.9 s late is fine; the next poll finds it later still, and growing.
        QCOMPARE(first(feed(engine, at(10, {200}, {150}))).verdict, LagVerdict::Ok);
        QCOMPARE(first(feed(engine, at(20, {400}, {160}))).verdict, LagVerdict::Lagging);
    }

    void ratesAndCatchUpTime() {
        LagEngine engine(verdictSettings());
        // 10 records/s produced, 30 consumed: the lag shrinks by 20 a second.
        feed(engine, at(0, {1000}, {0}));
        feed(engine, at(10, {1100}, {300}));
        const LagReport report = feed(engine, at(20, {1200}, {600}));
        const PartitionLagReport p = first(report);
        QCOMPARE(p.produceRate, std::optional<double>(10.0));
        QCOMPARE(p.consumeRate, std::optional<double>(30.0));
        QCOMPARE(p.catchUp, CatchUp::Catching);
        QCOMPARE(p.catchUpSeconds, std::optional<double>(600.0 / 20.0));
        QCOMPARE(report.groups[0].catchUp, CatchUp::Catching);
        QCOMPARE(report.groups[0].catchUpSeconds, std::optional<double>(30.0));
    }

    void notCatchingUpWhenConsumingNoFaster() {
        LagEngine engine;
        QCOMPARE(first(feed(engine, at(0, {1000}, {0}))).catchUp, CatchUp::Unknown);  // no rates yet
        const PartitionLagReport p = first(feed(engine, at(10, {1100}, {50})));
        QCOMPARE(p.catchUp, CatchUp::NotCatchingUp);
        QCOMPARE(p.catchUpSeconds, std::nullopt);
    }

    void groupRatesSumItsPartitions() {
        LagEngine engine;
        feed(engine, at(0, {0, 0}, {0, 0}));
        const LagReport report = feed(engine, at(10, {100, 300}, {50, 100}));
        QCOMPARE(report.groups[0].produceRate, std::optional<double>(40.0));
        QCOMPARE(report.groups[0].consumeRate, std::optional<double>(15.0));
        QCOMPARE(report.groups[0].offsetLag, 250);
    }

    void olderSnapshotsAreIgnored() {
        LagEngine engine;
        QVERIFY(engine.observe(at(10, {100}, {50})));
        QVERIFY(!engine.observe(at(5, {100}, {10})));
        QVERIFY(!engine.observe(at(10, {100}, {10})));
        QCOMPARE(first(engine.evaluate()).committed, std::optional<qint64>(50));
    }

    void evaluatingTwiceAdvancesVerdictsOnce() {
        LagEngine engine(verdictSettings());
        feed(engine, at(0, {1000}, {1000}));
        engine.observe(at(10, {1000}, {500}));
        const LagReport once = engine.evaluate();
        QCOMPARE(engine.evaluate(), once);
    }

    void groupWhoseOffsetsFailedIsSkippedNotRewound() {
        LagEngine engine(verdictSettings(1));
        feed(engine, at(0, {100}, {80}));
        ClusterSnapshot failed = at(10, {100}, {});
        failed.groups[0].error = "Reading committed offsets failed: timed out.";
        QVERIFY(feed(engine, failed).groups.isEmpty());
        QCOMPARE(first(feed(engine, at(20, {100}, {80}))).verdict, LagVerdict::Ok);
    }
};

QTEST_GUILESS_MAIN(TestLagEngine)
#include "test_lag_engine.moc"
