// Consumer lag over time: fed successive snapshots, it tells for every (group, topic, partition) how
// far behind the group is in records and in seconds, how fast records arrive and are consumed, when
// the group will catch up, and a verdict that does not flicker. Pure logic on one thread: it reads no
// records itself but asks for the timestamps it needs (see recordTimestampsWanted()).
//
// Per snapshot, in this order:
//     engine.observe(snapshot);
//     const auto wanted = engine.recordTimestampsWanted(limit);
//     engine.acceptRecordTimestamps(wanted, reader.read(wanted));  // optional
//     const LagReport report = engine.evaluate();
#pragma once

#include <QHash>
#include <QList>
#include <deque>
#include <map>
#include <optional>

#include "model/lag/lag_report.h"
#include "model/lag/record_timestamp.h"
#include "model/lag/watermark_trail.h"
#include "model/snapshot.h"
#include "model/snapshot_facts.h"

namespace tideline::model {

struct LagEngineSettings {
    LagThresholds thresholds;
    // A record timestamp that could not be read is not asked for again, at the same offset, sooner.
    std::chrono::seconds retryUnreadTimestampAfter{60};
    // State of partitions and groups absent from snapshots for this long is dropped.
    std::chrono::seconds forgetAfter{3600};
};

class LagEngine {
public:
    explicit LagEngine(LagEngineSettings settings = {});

    // Records the watermarks and committed offsets. Returns false, ignoring it, for a snapshot without
    // a time or not later than the last one. A group whose offsets could not be read is left out of
    // this round rather than taken for a group that lost its commits.
    bool observe(const ClusterSnapshot& snapshot);
    // Committed offsets with records waiting behind them whose timestamp is not known yet, the most
    // lagging first, at most `maxCount`; each (topic, partition, offset) once, whatever the groups.
    QList<RecordTimestampRequest> recordTimestampsWanted(int maxCount) const;
    // `asked` without an answer in `answers` are remembered as unreadable for a while.
    void acceptRecordTimestamps(const QList<RecordTimestampRequest>& asked,
                                const QList<RecordTimestamp>& answers);
    // The report for the last observed snapshot. Verdicts advance once per observed snapshot: calling
    // this again before the next observe() returns the same report.
    LagReport evaluate();

    const LagEngineSettings& settings() const { return settings_; }

private:
    struct LagKey {
        QString group;
        TopicPartition partition;
        bool operator<(const LagKey& other) const {
            return group != other.group ? group < other.group : partition < other.partition;
        }
    };
    struct WindowSample {
        qint64 timeMs;
        qint64 highWatermark;
        qint64 committed;
    };
    struct PartitionState {
        qint64 committed = -1;
        qint64 committedMovedAtMs = 0;
        std::optional<qint64> waitingSinceMs;  // since when records wait behind the commit
        bool rewoundNow = false;
        std::optional<qint64> exactOffset;  // the record timestamp below is for this offset
        qint64 exactTimestampMs = 0;
        std::optional<qint64> unreadOffset;  // asked and not answered, at unreadAtMs
        qint64 unreadAtMs = 0;
        std::deque<WindowSample> window;
        // The quick LAGGING rule's evidence: the last judged poll, where the current run of rises
        // began, and what this poll showed.
        std::optional<WindowSample> lastJudged;
        std::optional<WindowSample> riseStart;
        bool judgedNow = false;
        bool risingNow = false;
        LagVerdict shown = LagVerdict::Ok;
        LagVerdict candidate = LagVerdict::Ok;
        int candidateRuns = 0;
        qint64 lastObservedMs = 0;
    };
    struct ObservedGroup {
        QString id;
        QList<PartitionLag> partitions;
    };

    void observePartition(const QString& group, const PartitionLag& row);
    void forgetStale();
    PartitionLagReport evaluatePartition(const QString& group, const PartitionLag& row);
    void timeLagOf(const PartitionLag& row, const PartitionState* state, PartitionLagReport& report) const;
    void ratesOf(const PartitionState& state, PartitionLagReport& report) const;
    void judgeRise(PartitionState& state, const WindowSample& sample) const;
    // Empty when the poll is no evidence either way (between two commits): the verdict and its hold
    // count stay as they are.
    std::optional<LagVerdict> rawVerdict(const PartitionState& state, const PartitionLagReport& report) const;
    bool lagGrewOverWindow(const PartitionState& state) const;
    bool fallingBehind(const PartitionState& state) const;
    bool isMeaningfulRise(qint64 growth, qint64 produced, qint64 fromMs, qint64 toMs,
                          qint64 minimumRecords) const;
    void advanceVerdict(PartitionState& state, std::optional<LagVerdict> raw) const;
    static GroupLagReport summarize(const QString& group, QList<PartitionLagReport> partitions);

    LagEngineSettings settings_;
    std::map<LagKey, PartitionState> states_;
    std::map<TopicPartition, WatermarkTrail> trails_;
    QList<ObservedGroup> observed_;
    quint64 requestId_ = 0;
    QDateTime takenAt_;
    qint64 nowMs_ = 0;
    std::optional<LagReport> report_;  // of the current round, once evaluated
};

}  // namespace tideline::model
