// Prints how much memory the lag history holds as simulated hours of polls go by: 1,000 groups of
// 10 committed partitions each, one report every 2 s, timestamps advanced without waiting. Figures
// for docs/performance.md ("Memory over time"); it fails only if the history reads back wrong.
// Usage: bench_lag_history [hours, default 6]
#include <malloc.h>
#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>
#include <cmath>
#include <cstdio>

#include "model/lag/history.h"

using namespace tideline::model;

namespace {

constexpr int kGroups = 1000;
constexpr int kPartitionsPerGroup = 10;
constexpr qint64 kPollMs = 2000;

qint64 heapBytes() { return qint64(mallinfo2().uordblks); }

LagReport reportTemplate() {
    LagReport report;
    for (int g = 0; g < kGroups; ++g) {
        GroupLagReport group;
        group.group = QStringLiteral("group-%1").arg(g, 4, 10, QLatin1Char('0'));
        for (int p = 0; p < kPartitionsPerGroup; ++p) {
            PartitionLagReport partition;
            partition.topic = QStringLiteral("topic-%1").arg(g * 7 % 10000, 5, 10, QLatin1Char('0'));
            partition.partition = p;
            partition.committed = 0;
            group.partitions.append(partition);
        }
        report.groups.append(group);
    }
    return report;
}

// Lags that drift slowly, rates that wobble, and now and then an unknown figure, as a real cluster.
void advance(LagReport& report, qint64 step, qint64 timeMs) {
    report.takenAt = QDateTime::fromMSecsSinceEpoch(timeMs, QTimeZone::utc());
    for (int g = 0; g < report.groups.size(); ++g) {
        GroupLagReport& group = report.groups[g];
        group.offsetLag = 0;
        for (int p = 0; p < group.partitions.size(); ++p) {
            PartitionLagReport& partition = group.partitions[p];
            const qint64 lag = qint64(1000 + 900 * std::sin(double(step + 37 * g + p) / 300.0));
            partition.committed = step * 50 + p;
            partition.offsetLag = (step + g + p) % 997 == 0 ? std::nullopt : std::optional<qint64>(lag);
            partition.timeLagSeconds = double(lag) / 50.0;
            partition.produceRate = 50.0 + double((step + p) % 7);
            partition.consumeRate = 49.0 + double((step + g) % 5);
            group.offsetLag += partition.offsetLag.value_or(0);
        }
        group.timeLagSeconds = double(group.offsetLag) / 500.0;
        group.produceRate = 500.0;
        group.consumeRate = 499.5;
    }
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const double hours = argc > 1 ? std::atof(argv[1]) : 6.0;
    const qint64 steps = qint64(hours * 3600.0 * 1000.0 / double(kPollMs));
    const qint64 checkpoints[] = {1, 5 * 60 * 1000 / kPollMs, 3600 * 1000 / kPollMs, steps};

    LagReport report = reportTemplate();
    LagHistory history;
    const qint64 startMs = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    const qint64 heapBefore = heapBytes();
    std::printf("lag history: %d groups x %d partitions, a report every %lld ms, %.1f h simulated\n", kGroups,
                kPartitionsPerGroup, static_cast<long long>(kPollMs), hours);
    std::printf("max bytes per key %lld\n", static_cast<long long>(history.maxBytesPerKey()));
    std::printf("%10s %8s %14s %14s\n", "simulated", "keys", "bytesUsed MB", "heap growth MB");
    size_t next = 0;
    for (qint64 step = 1; step <= steps && next < std::size(checkpoints); ++step) {
        advance(report, step, startMs + step * kPollMs);
        history.record(report);
        if (step == checkpoints[next]) {
            while (next < std::size(checkpoints) && checkpoints[next] <= step) {
                ++next;
            }
            std::printf("%9.2fh %8lld %14.1f %14.1f\n", double(step * kPollMs) / 3600000.0,
                        static_cast<long long>(history.keys().size()), double(history.bytesUsed()) / 1e6,
                        double(heapBytes() - heapBefore) / 1e6);
            std::fflush(stdout);
        }
    }
    // A check that the figures come from a history that works: the last poll reads back exactly.
    const QList<LagHistoryPoint> points = history.series(LagHistoryKey{report.groups[0].group, {}, -1});
    if (points.isEmpty() || points.last().offsetLag != report.groups[0].offsetLag ||
        points.last().timeMs != report.takenAt.toMSecsSinceEpoch()) {
        std::fprintf(stderr, "the history does not read back the last poll\n");
        return 1;
    }
    return 0;
}
