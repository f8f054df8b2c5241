// LagHistory: ring bounds, downsampling, the memory bound, and the SQLite round trip.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "model/lag/compact_lag_series.h"
#include "model/lag/history.h"

using namespace tideline::model;

namespace {

constexpr qint64 kStartMs = 1'699'999'980'000;  // on a minute boundary
const LagHistoryKey kPartitionKey{"billing", "orders", 0};
const LagHistoryKey kGroupKey{"billing", {}, -1};

LagSample sampleAt(qint64 timeMs, qint64 offsetLag, float timeLag = 1.5f) {
    return {timeMs, offsetLag, timeLag, 10.0f, 12.0f};
}

// Every 2 s for `seconds`, lag growing by one per sample.
void fill(LagHistory& history, const LagHistoryKey& key, qint64 seconds, qint64 stepMs = 2000) {
    for (qint64 t = 0; t < seconds * 1000; t += stepMs) {
        history.record(key, sampleAt(kStartMs + t, t / stepMs));
    }
}

bool sameFigure(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool samePoints(const QList<LagHistoryPoint>& a, const QList<LagHistoryPoint>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (int i = 0; i < a.size(); ++i) {
        const LagHistoryPoint& x = a[i];
        const LagHistoryPoint& y = b[i];
        if (x.timeMs != y.timeMs || x.offsetLag != y.offsetLag || x.offsetLagMax != y.offsetLagMax ||
            !sameFigure(x.timeLagSeconds, y.timeLagSeconds) ||
            !sameFigure(x.timeLagSecondsMax, y.timeLagSecondsMax) ||
            !sameFigure(x.produceRate, y.produceRate) || !sameFigure(x.consumeRate, y.consumeRate) ||
            x.downsampled != y.downsampled || x.samples != y.samples) {
            qWarning("point %d differs: time %lld vs %lld", i, x.timeMs, y.timeMs);
            return false;
        }
    }
    return true;
}

// A report at `timeMs` of `groups` groups "g0", "g1", ..., each with `partitions` committed partitions
// of "orders" (and one uncommitted one, which is never recorded).
LagReport reportOf(qint64 timeMs, int groups, int partitions) {
    LagReport report;
    report.takenAt = QDateTime::fromMSecsSinceEpoch(timeMs, QTimeZone::utc());
    for (int g = 0; g < groups; ++g) {
        GroupLagReport group;
        group.group = QString("g%1").arg(g);
        for (int p = 0; p <= partitions; ++p) {
            PartitionLagReport partition;
            partition.topic = "orders";
            partition.partition = p;
            if (p < partitions) {
                partition.committed = 10;
                partition.offsetLag = p;
            }
            group.partitions.append(partition);
        }
        report.groups.append(group);
    }
    return report;
}

}  // namespace

class TestLagHistory : public QObject {
    Q_OBJECT

private slots:
    void fullResolutionForTheLastHourThenMinutes() {
        LagHistory history;
        fill(history, kPartitionKey, 2 * 3600);
        const QList<LagHistoryPoint> points = history.series(kPartitionKey);
        const auto fine =
            std::count_if(points.cbegin(), points.cend(), [](const auto& p) { return !p.downsampled; });
        QCOMPARE(fine, 1800);
        QCOMPARE(points.size(), 1800 + 60);  // the hour before: 60 minutes of 30 samples
        for (int i = 0; i < 60; ++i) {
            QVERIFY(points[i].downsampled);
            QCOMPARE(points[i].timeMs, kStartMs + i * 60'000);
            QCOMPARE(points[i].samples, 30);
        }
        for (int i = 1; i < points.size(); ++i) {
            QVERIFY(points[i - 1].timeMs < points[i].timeMs);
        }
        QCOMPARE(points.back().timeMs, kStartMs + 2 * 3600 * 1000 - 2000);
    }

    void aMinuteKeepsAverageAndWorst() {
        LagHistorySettings settings;
        settings.resolution = std::chrono::seconds(10);
        settings.fullResolutionSpan = std::chrono::seconds(60);
        LagHistory history(settings);
        // Minute 0: lags 0, 10, 20, 600 (a spike), 40, 50; time lag unknown in one sample.
        const QList<qint64> lags{0, 10, 20, 600, 40, 50};
        for (int i = 0; i < lags.size(); ++i) {
            history.record(kPartitionKey,
                           sampleAt(kStartMs + i * 10'000, lags[i], i == 2 ? kUnknownFigure : float(i)));
        }
        for (int i = 6; i < 14; ++i) {  // pushes minute 0 out of full resolution
            history.record(kPartitionKey, sampleAt(kStartMs + i * 10'000, 1));
        }
        const LagHistoryPoint minute = history.series(kPartitionKey).front();
        QVERIFY(minute.downsampled);
        QCOMPARE(minute.timeMs, kStartMs);
        QCOMPARE(minute.samples, 6);
        QCOMPARE(minute.offsetLag, 120);  // 720 / 6
        QCOMPARE(minute.offsetLagMax, 600);
        QCOMPARE(minute.timeLagSeconds, 13.0f / 5.0f);  // 0+1+3+4+5 over the five known
        QCOMPARE(minute.timeLagSecondsMax, 5.0f);
        QCOMPARE(minute.produceRate, 10.0f);
    }

    void nothingOlderThanTheSpan() {
        LagHistory history;
        fill(history, kPartitionKey, 10 * 3600);
        const QList<LagHistoryPoint> points = history.series(kPartitionKey);
        const qint64 nowMs = points.back().timeMs;
        QVERIFY(points.front().timeMs >= nowMs - 6 * 3600 * 1000 - 60'000);
        QVERIFY(points.front().timeMs <= nowMs - 6 * 3600 * 1000 + 60'000);
    }

    void memoryStaysWithinTheStatedBound() {
        LagHistory history;
        QCOMPARE(history.fullResolutionCapacity(), 1800);
        QCOMPARE(history.downsampledCapacity(), 361);
        // The figure history.h states: 1800 x 20 + 361 x 32 bytes plus a fixed part, about 47 KB.
        QVERIFY(history.maxBytesPerKey() >= 1800 * 20 + 361 * 32);
        QVERIFY(history.maxBytesPerKey() < 48 * 1024);
        const QList<LagHistoryKey> keys{kGroupKey, kPartitionKey, {"billing", "orders", 1}};
        for (const LagHistoryKey& key : keys) {
            fill(history, key, 10 * 3600);
        }
        QVERIFY2(history.bytesUsed() <= 3 * history.maxBytesPerKey(),
                 qPrintable(QString::number(history.bytesUsed())));
        // Polls faster than the resolution shorten the full-resolution part instead of growing it.
        LagHistory fast;
        fill(fast, kPartitionKey, 3 * 3600, 500);
        QVERIFY(fast.bytesUsed() <= fast.maxBytesPerKey());
        const QList<LagHistoryPoint> points = fast.series(kPartitionKey);
        QCOMPARE(std::count_if(points.cbegin(), points.cend(), [](const auto& p) { return !p.downsampled; }),
                 1800);
    }

    // The packed storage reads back every value a poll can carry, at irregular times, exactly.
    void extremeSamplesReadBackExactly() {
        const qint64 big = (qint64(1) << 32) + 5;
        const QList<LagSample> samples{
            {kStartMs, 0, 0.0f, 0.0f, 0.0f},
            {kStartMs + 1, big, kUnknownFigure, 1e30f, -0.0f},
            {kStartMs + 2000, -1, 3600.25f, kUnknownFigure, kUnknownFigure},
            {kStartMs + 3999, 0xFFFFFFFDll, std::numeric_limits<float>::infinity(), 1.0f, 2.0f},
            {kStartMs + 11'000, 0xFFFFFFFEll, 1e-30f, 3.0f, 4.0f},
            {kStartMs + 11'001, 0xFFFFFFFFll, 7.5f, 5.0f, 6.0f},
            {kStartMs + 20'000, std::numeric_limits<qint64>::max(), 0.5f, 7.0f, 8.0f},
            {kStartMs + 20'002, -7, 0.25f, 9.0f, 10.0f},
            {kStartMs + 3'500'000, 42, 1.0f, 11.0f, 12.0f},
        };
        LagHistory history;
        for (const LagSample& sample : samples) {
            history.record(kPartitionKey, sample);
        }
        const QList<LagHistoryPoint> points = history.series(kPartitionKey);
        QCOMPARE(points.size(), samples.size());
        for (int i = 0; i < samples.size(); ++i) {
            const LagHistoryPoint& p = points[i];
            QVERIFY(!p.downsampled);
            const LagSample back{p.timeMs, p.offsetLag, p.timeLagSeconds, p.produceRate, p.consumeRate};
            QVERIFY2(back == samples[i], qPrintable(QString("sample %1").arg(i)));
            QCOMPARE(p.offsetLagMax, samples[i].offsetLag);
            QCOMPARE(std::signbit(p.consumeRate), std::signbit(samples[i].consumeRate));
        }
    }

    // Minutes keep lags beyond 32 bits exactly, and a gap of 6 hours (then one of 60 days) leaves the
    // new samples exact while what is older than the span goes, side table included.
    void wideLagsAcrossMinutesAndGaps() {
        LagHistorySettings settings;
        settings.fullResolutionSpan = std::chrono::seconds(60);
        LagHistory history(settings);
        const qint64 big = (qint64(1) << 40) + 1;
        for (int i = 0; i < 30; ++i) {  // minute 0: all big; minute 1: one big spike among small
            history.record(kPartitionKey, sampleAt(kStartMs + i * 2000, big));
        }
        for (int i = 30; i < 60; ++i) {
            history.record(kPartitionKey, sampleAt(kStartMs + i * 2000, i == 40 ? big : 3));
        }
        for (int i = 60; i < 100; ++i) {
            history.record(kPartitionKey, sampleAt(kStartMs + i * 2000, 5));
        }
        QList<LagHistoryPoint> points = history.series(kPartitionKey);
        QVERIFY(points.size() >= 2);
        QCOMPARE(points[0].timeMs, kStartMs);
        QCOMPARE(points[0].offsetLag, big);
        QCOMPARE(points[0].offsetLagMax, big);
        QCOMPARE(points[1].timeMs, kStartMs + 60'000);
        QCOMPARE(points[1].offsetLag, qint64(std::llround((double(big) + 29.0 * 3.0) / 30.0)));
        QCOMPARE(points[1].offsetLagMax, big);

        const qint64 afterGapMs = kStartMs + 6 * 3600 * 1000 + 200'000 + 17;
        const LagSample afterGap{afterGapMs, big + 1, kUnknownFigure, 1.0f, 2.0f};
        history.record(kPartitionKey, afterGap);
        points = history.series(kPartitionKey);
        QVERIFY(!points.isEmpty());
        QVERIFY(points.front().timeMs >= afterGapMs - 6 * 3600 * 1000 - 60'000);
        const LagHistoryPoint& last = points.back();
        const LagSample lastSample{last.timeMs, last.offsetLag, last.timeLagSeconds, last.produceRate,
                                   last.consumeRate};
        QVERIFY(lastSample == afterGap);

        const qint64 farMs = afterGapMs + qint64(60) * 24 * 3600 * 1000;
        const LagSample far{farMs, 9, 2.0f, 3.0f, 4.0f};
        history.record(kPartitionKey, far);
        points = history.series(kPartitionKey);
        QCOMPARE(points.back().timeMs, farMs);
        QCOMPARE(points.back().offsetLag, 9);
        for (const LagHistoryPoint& p : points) {
            QVERIFY(p.timeMs >= farMs - 6 * 3600 * 1000 - 60'000);
        }
    }

    // The storage directly: an item older than its base moves the base, and the side table of wide
    // lags empties as the items that needed it go.
    void compactSeriesRebasesAndForgetsWideLags() {
        CompactLagSeries series(4, 3);
        const qint64 big = qint64(1) << 33;
        series.appendSample({kStartMs + 90'000, big, 1.0f, 2.0f, 3.0f});
        series.appendSample({kStartMs + 92'000, big + 1, 1.0f, 2.0f, 3.0f});
        series.appendMinute({kStartMs, big + 2, big + 3, 0.5f, 0.75f, 1.0f, 1.5f, 30});  // below the base
        QCOMPARE(series.wideLagCount(), 4);
        QCOMPARE(series.minute(0), (LagMinute{kStartMs, big + 2, big + 3, 0.5f, 0.75f, 1.0f, 1.5f, 30}));
        QCOMPARE(series.sample(0), (LagSample{kStartMs + 90'000, big, 1.0f, 2.0f, 3.0f}));
        QCOMPARE(series.sample(1).offsetLag, big + 1);
        series.replaceNewestMinute({kStartMs, 4, big + 3, 0.5f, 0.75f, 1.0f, 1.5f, 31});
        QCOMPARE(series.wideLagCount(), 3);
        QCOMPARE(series.minute(0).offsetLagMax, big + 3);
        for (int i = 0; i < 4; ++i) {  // pushes both wide samples out of the ring of four
            series.appendSample({kStartMs + 100'000 + i * 2000, i, kUnknownFigure, 0.0f, 0.0f});
        }
        QCOMPARE(series.sampleCount(), 4);
        QCOMPARE(series.wideLagCount(), 1);
        series.dropOldestMinute();
        QCOMPARE(series.wideLagCount(), 0);
        QCOMPARE(series.sample(3), (LagSample{kStartMs + 106'000, 3, kUnknownFigure, 0.0f, 0.0f}));
    }

    void samplesOutOfOrderAreIgnored() {
        LagHistory history;
        history.record(kPartitionKey, sampleAt(kStartMs + 2000, 5));
        history.record(kPartitionKey, sampleAt(kStartMs, 7));
        QCOMPARE(history.series(kPartitionKey).size(), 1);
    }

    void recordsReportsPerGroupAndPartitionAndForgetsGoneKeys() {
        LagHistory history;
        LagReport report;
        report.takenAt = QDateTime::fromMSecsSinceEpoch(kStartMs, QTimeZone::utc());
        GroupLagReport billing;
        billing.group = "billing";
        billing.offsetLag = 42;
        billing.timeLagSeconds = 3.0;
        PartitionLagReport committed;
        committed.topic = "orders";
        committed.partition = 0;
        committed.committed = 10;
        committed.offsetLag = 42;
        PartitionLagReport uncommitted;
        uncommitted.topic = "orders";
        uncommitted.partition = 1;
        billing.partitions = {committed, uncommitted};
        report.groups = {billing};
        history.record(report);
        QCOMPARE(history.keys(), (QList<LagHistoryKey>{kGroupKey, kPartitionKey}));
        QCOMPARE(history.series(kGroupKey).front().offsetLag, 42);
        QCOMPARE(history.series(kGroupKey).front().timeLagSeconds, 3.0f);
        QVERIFY(std::isnan(history.series(kPartitionKey).front().timeLagSeconds));

        LagReport later;
        later.takenAt = report.takenAt.addSecs(7 * 3600);
        history.record(later);
        QVERIFY(history.keys().isEmpty());
    }

    void partitionKeysOfOneGroup() {
        LagHistory history;
        for (const LagHistoryKey& key :
             {LagHistoryKey{"audit", "orders", 0}, kGroupKey, LagHistoryKey{"billing", "payments", 1},
              kPartitionKey, LagHistoryKey{"billing", "orders", 2}, LagHistoryKey{"billingx", "a", 0}}) {
            history.record(key, sampleAt(kStartMs, 1));
        }
        QCOMPARE(history.partitionKeys("billing"),
                 QList<LagHistoryKey>({kPartitionKey, {"billing", "orders", 2}, {"billing", "payments", 1}}));
        QVERIFY(history.partitionKeys("nobody").isEmpty());
    }

    void partitionsOfGroupsWithinTheBudgetOrFollowed() {
        LagHistorySettings settings;
        settings.unfollowedPartitionKeys = 7;  // each group of the report takes 3 + 1 keys' room
        LagHistory history(settings);
        history.record(reportOf(kStartMs, 3, 3));
        // g0 fits (4 of 7), g1 would not (8), g2 neither: their totals only.
        QVERIFY(history.recordsPartitionsOf("g0"));
        QVERIFY(!history.recordsPartitionsOf("g1"));
        QCOMPARE(history.partitionKeys("g0").size(), 3);
        QVERIFY(history.partitionKeys("g1").isEmpty());
        QCOMPARE(history.series({"g2", {}, -1}).size(), 1);

        // A followed group gets its partitions from the next report on, whatever the budget.
        history.followPartitions("g2");
        QVERIFY(history.followsPartitions("g2"));
        history.record(reportOf(kStartMs + 2000, 3, 3));
        QCOMPARE(history.partitionKeys("g2").size(), 3);
        QCOMPARE(history.series({"g2", "orders", 0}).size(), 1);
        QCOMPARE(history.series({"g0", "orders", 0}).size(), 2);
        QVERIFY(history.partitionKeys("g1").isEmpty());

        // A group that is no longer reported frees its room for the next one.
        LagReport withoutG0 = reportOf(kStartMs + 4000, 3, 3);
        withoutG0.groups.removeFirst();
        history.record(withoutG0);
        QVERIFY(!history.recordsPartitionsOf("g0"));
        QVERIFY(history.recordsPartitionsOf("g1"));
        QCOMPARE(history.partitionKeys("g1").size(), 3);

        history.unfollowPartitions("g2");
        QVERIFY(!history.followsPartitions("g2"));
        LagReport next = withoutG0;
        next.takenAt = next.takenAt.addSecs(2);
        history.record(next);
        // Recorded while followed (at 2 s and 4 s), not since: g1 took the room.
        QCOMPARE(history.series({"g2", "orders", 0}).size(), 2);
        QCOMPARE(history.series({"g1", "orders", 0}).size(), 2);
    }

    void memoryBoundDoesNotGrowWithTimeOrGroups() {
        // 40 groups of 10 partitions for two hours: what is kept is bounded by the group totals plus
        // the budget, not by the 440 keys reported.
        LagHistorySettings settings;
        settings.unfollowedPartitionKeys = 33;  // three groups of 10 + 1
        LagHistory history(settings);
        int keysAfterAnHour = 0;
        for (qint64 t = 0; t <= 2 * 3600 * 1000; t += 2000) {
            history.record(reportOf(kStartMs + t, 40, 10));
            if (t == 3600 * 1000) {
                keysAfterAnHour = int(history.keys().size());
            }
        }
        QCOMPARE(keysAfterAnHour, 40 + 3 * 10);
        QCOMPARE(history.keys().size(), 40 + 3 * 10);
        QVERIFY(history.partitionKeys("g3").isEmpty());
        QVERIFY(history.bytesUsed() <= qint64(history.keys().size()) * history.maxBytesPerKey());
    }

    void sqliteRoundTrip() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("history.sqlite");
        LagHistory history;
        fill(history, kPartitionKey, 2 * 3600 + 17);  // ends inside a minute: a half-done one is saved
        history.record(kGroupKey, {kStartMs, -1, kUnknownFigure, kUnknownFigure, kUnknownFigure});
        QString error;
        QVERIFY2(history.save(path, "production", &error), qPrintable(error));

        LagHistory other;
        other.record(kGroupKey, sampleAt(kStartMs, 1));
        QVERIFY2(other.save(path, "staging", &error), qPrintable(error));

        const qint64 nowMs = kStartMs + 2 * 3600 * 1000;
        LagHistory loaded;
        QVERIFY2(loaded.load(path, "production", nowMs, &error), qPrintable(error));
        QCOMPARE(loaded.keys(), history.keys());
        QVERIFY(samePoints(loaded.series(kPartitionKey), history.series(kPartitionKey)));
        QVERIFY(samePoints(loaded.series(kGroupKey), history.series(kGroupKey)));

        // Saving again replaces the profile's rows rather than adding to them.
        QVERIFY2(loaded.save(path, "production", &error), qPrintable(error));
        LagHistory again;
        QVERIFY2(again.load(path, "production", nowMs, &error), qPrintable(error));
        QVERIFY(samePoints(again.series(kPartitionKey), history.series(kPartitionKey)));

        // Recording on after a load continues the same minutes instead of duplicating them.
        loaded.record(kPartitionKey, sampleAt(kStartMs + 2 * 3600 * 1000 + 18'000, 1));
        const QList<LagHistoryPoint> points = loaded.series(kPartitionKey);
        for (int i = 1; i < points.size(); ++i) {
            QVERIFY(points[i - 1].timeMs < points[i].timeMs);
        }

        LagHistory staging;
        QVERIFY2(staging.load(path, "staging", nowMs, &error), qPrintable(error));
        QCOMPARE(staging.keys(), (QList<LagHistoryKey>{kGroupKey}));

        // Loaded much later, everything is past the span.
        LagHistory stale;
        QVERIFY2(stale.load(path, "production", nowMs + 24 * 3600 * 1000, &error), qPrintable(error));
        QVERIFY(stale.keys().isEmpty());
    }

    void newerSchemaIsRefused() {
        QTemporaryDir dir;
        const QString path = dir.filePath("history.sqlite");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "newer");
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec("PRAGMA user_version = 99"));
            db.close();
        }
        QSqlDatabase::removeDatabase("newer");
        LagHistory history;
        history.record(kPartitionKey, sampleAt(kStartMs, 3));
        QString error;
        QVERIFY(!history.load(path, "production", kStartMs, &error));
        QVERIFY2(error.contains("newer"), qPrintable(error));
        QCOMPARE(history.keys(), (QList<LagHistoryKey>{kPartitionKey}));  // a failed load changes nothing
        QVERIFY(!history.save(path, "production", &error));
    }
};

QTEST_GUILESS_MAIN(TestLagHistory)
#include "test_lag_history.moc"
