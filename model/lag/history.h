// Lag over the last hours, per group and per partition, for charts: full resolution for the recent
// past, one point per minute before it, in bounded memory, and optionally kept in SQLite so the charts
// survive a restart.
#pragma once

#include <QList>
#include <QSet>
#include <QString>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "model/lag/compact_lag_series.h"
#include "model/lag/lag_report.h"
#include "model/lag/lag_sample.h"

namespace tideline::model {

struct LagHistoryKey {
    QString group;
    QString topic;  // empty, with partition -1: the group as a whole
    qint32 partition = -1;

    bool operator==(const LagHistoryKey&) const = default;
    bool operator<(const LagHistoryKey& other) const {
        if (group != other.group) {
            return group < other.group;
        }
        return topic != other.topic ? topic < other.topic : partition < other.partition;
    }
};

// What a chart reads, oldest first: downsampled minutes, then the full-resolution samples.
struct LagHistoryPoint {
    qint64 timeMs = 0;
    qint64 offsetLag = -1;
    qint64 offsetLagMax = -1;
    float timeLagSeconds = kUnknownFigure;
    float timeLagSecondsMax = kUnknownFigure;
    float produceRate = kUnknownFigure;
    float consumeRate = kUnknownFigure;
    bool downsampled = false;
    qint32 samples = 1;  // polls the point stands for
};

struct LagHistorySettings {
    std::chrono::milliseconds resolution{2000};  // the offsets poll interval
    std::chrono::seconds fullResolutionSpan{3600};
    std::chrono::seconds span{6 * 3600};
    std::chrono::seconds downsampledStep{60};
    // record(LagReport) keeps per-partition history for followed groups (the ones a chart shows), and
    // for as many other groups, in report order, as fit in this many partition keys. A key costs up to
    // maxBytesPerKey(), 47 KB by default: without a bound, the 10,000 committed partitions of a large
    // cluster would take 470 MB within the hour. Group totals are always kept.
    int unfollowedPartitionKeys = 500;
};

class LagHistory {
public:
    // Per key, at most fullResolutionSpan / resolution samples and span / downsampledStep minutes,
    // in ring buffers that never grow beyond that. With the defaults (2 s, 1 h, 6 h, 1 min):
    // 1800 x 20 + 361 x 32 bytes + the fixed part, about 47 KB per key, plus the key's strings.
    explicit LagHistory(LagHistorySettings settings = {});

    // Samples of one key must come in time order; older ones are ignored.
    void record(const LagHistoryKey& key, const LagSample& sample);
    // A sample for every group and for every partition the group has committed to.
    void record(const LagReport& report);
    QList<LagHistoryPoint> series(const LagHistoryKey& key) const;
    QList<LagHistoryKey> keys() const;
    // The per-partition keys of one group, by topic then partition, without walking other groups.
    QList<LagHistoryKey> partitionKeys(const QString& group) const;
    void clear() { histories_.clear(); }

    // From the next record(LagReport) on, the group's partitions are recorded whatever the budget.
    // Following starts their lines then: what came before is there only if the budget admitted the group.
    void followPartitions(const QString& group) { followed_.insert(group); }
    void unfollowPartitions(const QString& group) { followed_.remove(group); }
    bool followsPartitions(const QString& group) const { return followed_.contains(group); }
    // Whether record(LagReport) keeps the group's per-partition samples (as of the last report).
    bool recordsPartitionsOf(const QString& group) const;

    qint64 maxBytesPerKey() const;
    // Bytes held by the buffers and their fixed parts, without the keys' strings.
    qint64 bytesUsed() const;
    int fullResolutionCapacity() const { return fineCapacity_; }
    int downsampledCapacity() const { return coarseCapacity_; }

    // Replaces what the file holds for `profile` with this history. Points older than the span,
    // counted back from `nowMs`, are not loaded. Both return false and say why on failure.
    bool save(const QString& path, const QString& profile, QString* error) const;
    bool load(const QString& path, const QString& profile, qint64 nowMs, QString* error);
    static constexpr int kSchemaVersion = 1;

private:
    // The minute being downsampled, kept as sums until it is complete.
    struct MinuteAccumulator {
        qint64 startMs = -1;
        double offsetLagSum = 0, timeLagSum = 0, produceSum = 0, consumeSum = 0;
        int offsetLagCount = 0, timeLagCount = 0, produceCount = 0, consumeCount = 0, samples = 0;
        qint64 offsetLagMax = -1;
        float timeLagMax = kUnknownFigure;

        void add(const LagSample& sample);
        void add(const LagMinute& minute);
        LagMinute toMinute() const;
    };

    struct KeyHistory {
        KeyHistory(int fineCapacity, int coarseCapacity) : stored(fineCapacity, coarseCapacity) {}
        CompactLagSeries stored;  // full-resolution samples and finished minutes
        MinuteAccumulator open;
    };

    void fold(KeyHistory& history, const LagSample& sample) const;
    void pushMinute(KeyHistory& history, const LagMinute& minute) const;
    void trim(KeyHistory& history, qint64 nowMs) const;
    KeyHistory& historyOf(const LagHistoryKey& key);
    qint64 minuteOf(qint64 timeMs) const;
    static qint64 lastTimeMs(const KeyHistory& history);

    LagHistorySettings settings_;
    int fineCapacity_;
    int coarseCapacity_;
    void admitPartitionGroups(const LagReport& report);

    std::map<LagHistoryKey, KeyHistory> histories_;
    QSet<QString> followed_;
    QSet<QString> admitted_;  // unfollowed groups whose partitions fit in the budget, kept while reported
};

}  // namespace tideline::model
