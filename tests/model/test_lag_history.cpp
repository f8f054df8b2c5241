// LagHistory: ring bounds, downsampling, the memory bound, and the SQLite round trip.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

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
        // The figure history.h states: 1800 x 32 + 361 x 48 bytes plus a fixed part, about 76 KB.
        QVERIFY(history.maxBytesPerKey() >= 1800 * 32 + 361 * 48);
        QVERIFY(history.maxBytesPerKey() < 76 * 1024);
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
