// What the lag engine concludes about consumer groups at one snapshot: plain values, so a report can
// be built on a session's thread and handed to the GUI thread through a queued signal.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <chrono>
#include <optional>

namespace tideline::model {

// Declared from least to most severe, so a group's verdict is the maximum of its partitions'.
// REWOUND ranks below the stall verdicts: a consumer that rewound is alive and reading (reprocessing
// is news), while a stalled or stopped one reads nothing at all.
enum class LagVerdict {
    Ok,
    Lagging,  // the lag keeps rising (or is over a threshold and grew): the consumer falls behind
    Rewound,  // the committed offset went backwards (reset, or a consumer replaying)
    Stalled,  // records are waiting and the committed offset has not moved for a whole window
    Stopped,  // records are waiting and the committed offset has not moved for longer than stopAfter
};

QString lagVerdictName(LagVerdict verdict);

// How a time lag was obtained, because an exact figure and an estimate deserve different display.
enum class TimeLagKind {
    Unknown,       // no commit, no watermark, or no history covering the committed offset yet
    CaughtUp,      // nothing waiting: 0 s
    Exact,         // from the timestamp of the first unconsumed record
    Interpolated,  // from the recorded times at which the high watermark passed the committed offset
    AtLeast,       // the committed offset predates the recorded history: the lag is at least this
};

enum class CatchUp {
    Unknown,        // no rates yet (fewer than two samples in the window)
    CaughtUp,       // no lag
    Catching,       // consuming faster than producing: see catchUpSeconds
    NotCatchingUp,  // consuming no faster than producing: the lag will not shrink
};

struct LagThresholds {
    // The rules these settings feed are written out in model/README.md, "When each verdict is given".

    // Falling behind (the quick LAGGING rule): the lag rose at every judged poll of a run, by at least
    // growthMessages records and by at least growthSeconds of production (the records added to the
    // lag divided by the produce rate over the run: how many seconds further behind the consumer fell).
    qint64 growthMessages = 10;
    double growthSeconds = 2.0;
    // Between two commits a consumer's lag always rises: it has read records but not committed them
    // yet. A poll at which the commit did not move, less than this after the commit last moved, is no
    // evidence either way; after this long without a commit, every poll is judged again.
    std::chrono::seconds betweenCommits{10};
    // A backlog at or below both figures is acceptable; above either, a partition whose lag grew over
    // the window is LAGGING (the slow rule) and one already in trouble stays LAGGING.
    double timeLagSeconds = 60.0;
    qint64 offsetLagMessages = 1000;
    // Span over which the slow rule judges growth and rates are averaged, and how long records may
    // wait with no commit progress before the partition is STALLED.
    std::chrono::seconds window{300};
    // Records waiting and no commit progress for this long: the consumer is presumed gone.
    std::chrono::seconds stopAfter{900};
    // A verdict other than OK is shown only after it held for holdEvaluations consecutive judged polls
    // (REWOUND is shown at once); OK comes back only after leaveEvaluations. A partition near a limit
    // therefore does not flicker.
    int holdEvaluations = 3;
    int leaveEvaluations = 3;
};

struct PartitionLagReport {
    QString topic;
    qint32 partition = -1;
    std::optional<qint64> committed;  // empty: the group never committed this partition
    std::optional<qint64> highWatermark;
    std::optional<qint64> offsetLag;  // empty without a commit or a watermark, never a lag from 0
    std::optional<double> timeLagSeconds;
    TimeLagKind timeLagKind = TimeLagKind::Unknown;
    std::optional<double> produceRate;  // records per second appended, over the window
    std::optional<double> consumeRate;  // records per second committed past, over the window
    CatchUp catchUp = CatchUp::Unknown;
    std::optional<double> catchUpSeconds;  // only when catchUp is Catching
    LagVerdict verdict = LagVerdict::Ok;

    bool hasCommit() const { return committed.has_value(); }
    bool operator==(const PartitionLagReport&) const = default;
};

struct GroupLagReport {
    QString group;
    LagVerdict verdict = LagVerdict::Ok;   // the worst of its partitions'
    qint64 offsetLag = 0;                  // over partitions whose lag is known
    std::optional<double> timeLagSeconds;  // the largest of its partitions'
    bool timeLagIsLowerBound = false;      // that largest one is an "at least" figure
    std::optional<double> produceRate;     // summed over its partitions with known rates
    std::optional<double> consumeRate;
    CatchUp catchUp = CatchUp::Unknown;
    std::optional<double> catchUpSeconds;
    QList<PartitionLagReport> partitions;  // sorted by topic, then partition

    bool operator==(const GroupLagReport&) const = default;
};

struct LagReport {
    quint64 requestId = 0;  // of the snapshot it was computed from
    QDateTime takenAt;
    QList<GroupLagReport> groups;  // sorted by id

    bool operator==(const LagReport&) const = default;
};

// Lag over the consumption rate's advantage; empty rates or no advantage say why instead of a number.
CatchUp catchUpOf(std::optional<qint64> offsetLag, std::optional<double> produceRate,
                  std::optional<double> consumeRate, std::optional<double>* seconds);

void registerLagMetaTypes();

}  // namespace tideline::model

Q_DECLARE_METATYPE(tideline::model::LagReport)
