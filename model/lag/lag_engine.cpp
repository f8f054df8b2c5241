#include "model/lag/lag_engine.h"

#include <QMap>
#include <algorithm>
#include <set>

namespace tideline::model {
namespace {

// Window samples are kept per poll; this caps them should snapshots come far faster than expected.
constexpr size_t kMaxWindowSamples = 4096;

qint64 toMs(std::chrono::seconds seconds) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(seconds).count();
}

double secondsBetween(double fromMs, qint64 toMs) { return std::max(0.0, (double(toMs) - fromMs) / 1000.0); }

qint64 lagOf(qint64 highWatermark, qint64 committed) {
    return std::max<qint64>(0, highWatermark - committed);
}

}  // namespace

LagEngine::LagEngine(LagEngineSettings settings) : settings_(std::move(settings)) {
    settings_.thresholds.holdEvaluations = std::max(settings_.thresholds.holdEvaluations, 1);
    settings_.thresholds.leaveEvaluations = std::max(settings_.thresholds.leaveEvaluations, 1);
}

bool LagEngine::observe(const ClusterSnapshot& snapshot) {
    if (!snapshot.takenAt.isValid() || (takenAt_.isValid() && snapshot.takenAt <= takenAt_)) {
        return false;
    }
    takenAt_ = snapshot.takenAt;
    nowMs_ = snapshot.takenAt.toMSecsSinceEpoch();
    requestId_ = snapshot.requestId;
    report_.reset();

    observed_.clear();
    for (const ConsumerGroupInfo& group : snapshot.groups) {
        if (!group.error.isEmpty() && group.committedOffsets.isEmpty()) {
            continue;  // offsets unread this round: keep what is known, report nothing new
        }
        ObservedGroup observed{group.id, groupLag(snapshot, group)};
        for (const PartitionLag& row : std::as_const(observed.partitions)) {
            observePartition(group.id, row);
        }
        observed_.append(std::move(observed));
    }
    forgetStale();
    return true;
}

void LagEngine::observePartition(const QString& group, const PartitionLag& row) {
    const LagKey key{group, {row.topic, row.partition}};
    if (!row.committed) {
        states_.erase(key);  // commits expired or were deleted: whatever follows starts afresh
        return;
    }
    auto [it, inserted] = states_.try_emplace(key);
    PartitionState& state = it->second;
    state.lastObservedMs = nowMs_;
    state.rewoundNow = !inserted && *row.committed < state.committed;
    if (inserted || *row.committed != state.committed) {
        state.committedMovedAtMs = nowMs_;
    }
    if (state.rewoundNow) {
        state.window.clear();  // rates and trends across a rewind describe neither side of it
        state.lastJudged.reset();
        state.riseStart.reset();
    }
    state.committed = *row.committed;
    if (row.lag) {
        if (*row.lag == 0) {
            state.waitingSinceMs.reset();
        } else if (!state.waitingSinceMs) {
            state.waitingSinceMs = nowMs_;
        }
    }
    state.judgedNow = false;
    state.risingNow = false;
    if (row.highWatermark) {
        // Trails only where a group has committed: only a committed offset's time lag reads one, and
        // a trail for each of a large cluster's partitions would cost tens of MB. A group that starts
        // on a partition gets "at least" time lags from its trail until the watermark moves on.
        // Several groups on one partition record the same point, which the trail keeps once.
        trails_[key.partition].record(nowMs_, *row.highWatermark);
        const WindowSample sample{nowMs_, *row.highWatermark, *row.committed};
        state.window.push_back(sample);
        judgeRise(state, sample);
    }
    const qint64 windowStartMs = nowMs_ - toMs(settings_.thresholds.window);
    while (!state.window.empty() &&
           (state.window.front().timeMs < windowStartMs || state.window.size() > kMaxWindowSamples)) {
        state.window.pop_front();
    }
}

void LagEngine::judgeRise(PartitionState& state, const WindowSample& sample) const {
    const qint64 sinceCommitMovedMs = nowMs_ - state.committedMovedAtMs;
    const bool committedNow = sinceCommitMovedMs == 0;
    state.judgedNow = committedNow || sinceCommitMovedMs >= toMs(settings_.thresholds.betweenCommits);
    if (!state.judgedNow) {
        return;
    }
    const qint64 lag = lagOf(sample.highWatermark, sample.committed);
    state.risingNow =
        state.lastJudged && lag > lagOf(state.lastJudged->highWatermark, state.lastJudged->committed);
    if (!state.risingNow) {
        state.riseStart.reset();
    } else if (!state.riseStart) {
        state.riseStart = state.lastJudged;
    }
    state.lastJudged = sample;
}

void LagEngine::forgetStale() {
    const qint64 cutoffMs = nowMs_ - toMs(settings_.forgetAfter);
    std::erase_if(states_, [cutoffMs](const auto& entry) { return entry.second.lastObservedMs < cutoffMs; });
    std::erase_if(trails_, [cutoffMs](const auto& entry) { return entry.second.lastSeenMs() < cutoffMs; });
}

QList<RecordTimestampRequest> LagEngine::recordTimestampsWanted(int maxCount) const {
    const qint64 retryMs = toMs(settings_.retryUnreadTimestampAfter);
    QMap<RecordTimestampRequest, qint64> largestLag;
    for (const ObservedGroup& group : observed_) {
        for (const PartitionLag& row : group.partitions) {
            if (!row.committed || !row.lag || *row.lag == 0) {
                continue;
            }
            const auto it = states_.find({group.id, {row.topic, row.partition}});
            if (it == states_.end()) {
                continue;
            }
            const PartitionState& state = it->second;
            const bool known = state.exactOffset == state.committed;
            const bool recentlyUnread =
                state.unreadOffset == state.committed && nowMs_ - state.unreadAtMs < retryMs;
            if (known || recentlyUnread) {
                continue;
            }
            qint64& lag = largestLag[{row.topic, row.partition, state.committed}];
            lag = std::max(lag, *row.lag);
        }
    }
    QList<RecordTimestampRequest> wanted = largestLag.keys();
    std::stable_sort(wanted.begin(), wanted.end(),
                     [&largestLag](const auto& a, const auto& b) { return largestLag[a] > largestLag[b]; });
    if (wanted.size() > maxCount) {
        wanted.resize(std::max(maxCount, 0));
    }
    return wanted;
}

void LagEngine::acceptRecordTimestamps(const QList<RecordTimestampRequest>& asked,
                                       const QList<RecordTimestamp>& answers) {
    QMap<RecordTimestampRequest, qint64> timestamps;
    for (const RecordTimestamp& answer : answers) {
        if (answer.timestampMs >= 0) {
            timestamps.insert({answer.topic, answer.partition, answer.requestedOffset}, answer.timestampMs);
        }
    }
    const std::set<RecordTimestampRequest> askedSet(asked.cbegin(), asked.cend());
    for (auto& [key, state] : states_) {
        const RecordTimestampRequest request{key.partition.topic, key.partition.partition, state.committed};
        if (!askedSet.contains(request)) {
            continue;
        }
        if (const auto it = timestamps.constFind(request); it != timestamps.cend()) {
            state.exactOffset = state.committed;
            state.exactTimestampMs = *it;
        } else {
            state.unreadOffset = state.committed;
            state.unreadAtMs = nowMs_;
        }
    }
}

LagReport LagEngine::evaluate() {
    if (report_) {
        return *report_;
    }
    LagReport report{requestId_, takenAt_, {}};
    for (const ObservedGroup& group : std::as_const(observed_)) {
        QList<PartitionLagReport> partitions;
        partitions.reserve(group.partitions.size());
        for (const PartitionLag& row : group.partitions) {
            partitions.append(evaluatePartition(group.id, row));
        }
        report.groups.append(summarize(group.id, std::move(partitions)));
    }
    report_ = report;
    return report;
}

PartitionLagReport LagEngine::evaluatePartition(const QString& group, const PartitionLag& row) {
    PartitionLagReport report;
    report.topic = row.topic;
    report.partition = row.partition;
    report.committed = row.committed;
    report.highWatermark = row.highWatermark;
    report.offsetLag = row.lag;
    const auto it = row.committed ? states_.find({group, {row.topic, row.partition}}) : states_.end();
    PartitionState* state = it == states_.end() ? nullptr : &it->second;
    timeLagOf(row, state, report);
    if (state == nullptr) {
        return report;
    }
    ratesOf(*state, report);
    report.catchUp =
        catchUpOf(report.offsetLag, report.produceRate, report.consumeRate, &report.catchUpSeconds);
    advanceVerdict(*state, rawVerdict(*state, report));
    state->rewoundNow = false;
    report.verdict = state->shown;
    return report;
}

void LagEngine::timeLagOf(const PartitionLag& row, const PartitionState* state,
                          PartitionLagReport& report) const {
    if (!row.lag || state == nullptr) {
        return;
    }
    if (*row.lag == 0) {
        report.timeLagKind = TimeLagKind::CaughtUp;
        report.timeLagSeconds = 0.0;
        return;
    }
    if (state->exactOffset == state->committed) {
        // Producer clocks can run ahead of ours: a record "from the future" is simply not late.
        report.timeLagKind = TimeLagKind::Exact;
        report.timeLagSeconds = secondsBetween(double(state->exactTimestampMs), nowMs_);
        return;
    }
    const auto trail = trails_.find({row.topic, row.partition});
    if (trail == trails_.end()) {
        return;
    }
    if (const std::optional<AppendTime> appended = trail->second.appendTimeOf(state->committed)) {
        report.timeLagKind = appended->atLeast ? TimeLagKind::AtLeast : TimeLagKind::Interpolated;
        report.timeLagSeconds = secondsBetween(appended->timeMs, nowMs_);
    }
}

void LagEngine::ratesOf(const PartitionState& state, PartitionLagReport& report) const {
    if (state.window.size() < 2) {
        return;
    }
    const double seconds = double(state.window.back().timeMs - state.window.front().timeMs) / 1000.0;
    if (seconds <= 0.0) {
        return;
    }
    // Forward steps only: a watermark that went back (topic recreated) is no production.
    qint64 produced = 0;
    qint64 consumed = 0;
    for (size_t i = 1; i < state.window.size(); ++i) {
        produced += std::max<qint64>(0, state.window[i].highWatermark - state.window[i - 1].highWatermark);
        consumed += std::max<qint64>(0, state.window[i].committed - state.window[i - 1].committed);
    }
    report.produceRate = double(produced) / seconds;
    report.consumeRate = double(consumed) / seconds;
}

std::optional<LagVerdict> LagEngine::rawVerdict(const PartitionState& state,
                                                const PartitionLagReport& report) const {
    const LagThresholds& limits = settings_.thresholds;
    if (state.rewoundNow) {
        return LagVerdict::Rewound;
    }
    if (!report.offsetLag) {
        return state.shown;  // nothing new to judge by
    }
    if (*report.offsetLag == 0) {
        return LagVerdict::Ok;
    }
    // Stuck since the commit last moved, or since records started waiting, whichever is later: a
    // group idle on an idle topic is not stalled the moment a record arrives.
    const qint64 stuckMs = nowMs_ - std::max(state.committedMovedAtMs, state.waitingSinceMs.value_or(nowMs_));
    if (stuckMs >= toMs(limits.stopAfter)) {
        return LagVerdict::Stopped;
    }
    if (stuckMs >= toMs(limits.window)) {
        return LagVerdict::Stalled;
    }
    // The slow rule: a backlog over a threshold that grew over the window. Once a partition is in
    // trouble it stays LAGGING until it is back under the thresholds (a level hysteresis).
    const bool overThreshold = *report.offsetLag > limits.offsetLagMessages ||
                               report.timeLagSeconds.value_or(0.0) > limits.timeLagSeconds;
    if (overThreshold && (lagGrewOverWindow(state) || state.shown != LagVerdict::Ok)) {
        return LagVerdict::Lagging;
    }
    if (!state.judgedNow) {
        return std::nullopt;
    }
    // The quick rule, and its own hysteresis: LAGGING lasts while the lag keeps rising at all.
    if (fallingBehind(state) || (state.shown == LagVerdict::Lagging && state.risingNow)) {
        return LagVerdict::Lagging;
    }
    return LagVerdict::Ok;
}

bool LagEngine::fallingBehind(const PartitionState& state) const {
    if (!state.risingNow || !state.riseStart || !state.lastJudged) {
        return false;
    }
    const WindowSample& from = *state.riseStart;
    const WindowSample& to = *state.lastJudged;
    return isMeaningfulRise(lagOf(to.highWatermark, to.committed) - lagOf(from.highWatermark, from.committed),
                            to.highWatermark - from.highWatermark, from.timeMs, to.timeMs,
                            settings_.thresholds.growthMessages);
}

bool LagEngine::lagGrewOverWindow(const PartitionState& state) const {
    if (state.window.size() < 2) {
        return false;
    }
    // Compares the lowest lag of each half of the window: consumers that commit periodically make the
    // lag a sawtooth, and its troughs, right after commits, are what grows when they fall behind.
    const qint64 middleMs = (state.window.front().timeMs + state.window.back().timeMs) / 2;
    std::optional<qint64> olderLowest;
    std::optional<qint64> recentLowest;
    for (const WindowSample& sample : state.window) {
        const qint64 lag = lagOf(sample.highWatermark, sample.committed);
        std::optional<qint64>& lowest = sample.timeMs < middleMs ? olderLowest : recentLowest;
        lowest = std::min(lowest.value_or(lag), lag);
    }
    if (!olderLowest || !recentLowest || *recentLowest <= *olderLowest) {
        return false;
    }
    // Only by a meaningful amount: a consumer keeping up still wobbles by a batch or a commit
    // interval's worth, and one burst in the window must not read as a trend. No record minimum
    // here: this rule already needs a backlog over the thresholds.
    return isMeaningfulRise(*recentLowest - *olderLowest,
                            state.window.back().highWatermark - state.window.front().highWatermark,
                            state.window.front().timeMs, state.window.back().timeMs, 0);
}

bool LagEngine::isMeaningfulRise(qint64 growth, qint64 produced, qint64 fromMs, qint64 toMs,
                                 qint64 minimumRecords) const {
    const double seconds = double(toMs - fromMs) / 1000.0;
    if (growth <= 0 || growth < minimumRecords || produced <= 0 || seconds <= 0.0) {
        return false;
    }
    // Records added to the lag over the produce rate: how many seconds of production the consumer
    // fell further behind. Record timestamps are not used for this: producers set them, and a
    // backfill or a skewed clock would fake a trend; the watermarks' own pace cannot.
    return double(growth) * seconds / double(produced) >= settings_.thresholds.growthSeconds;
}

void LagEngine::advanceVerdict(PartitionState& state, std::optional<LagVerdict> raw) const {
    if (!raw) {
        return;
    }
    if (*raw == LagVerdict::Rewound) {
        state.shown = state.candidate = LagVerdict::Rewound;
        state.candidateRuns = 0;
        return;
    }
    if (*raw == state.shown) {
        state.candidate = *raw;
        state.candidateRuns = 0;
        return;
    }
    state.candidateRuns = *raw == state.candidate ? state.candidateRuns + 1 : 1;
    state.candidate = *raw;
    const int needed =
        *raw == LagVerdict::Ok ? settings_.thresholds.leaveEvaluations : settings_.thresholds.holdEvaluations;
    if (state.candidateRuns >= needed) {
        state.shown = *raw;
        state.candidateRuns = 0;
    }
}

GroupLagReport LagEngine::summarize(const QString& group, QList<PartitionLagReport> partitions) {
    GroupLagReport report;
    report.group = group;
    for (const PartitionLagReport& partition : std::as_const(partitions)) {
        if (!partition.hasCommit()) {
            continue;
        }
        report.verdict = std::max(report.verdict, partition.verdict);
        report.offsetLag += partition.offsetLag.value_or(0);
        if (partition.timeLagSeconds &&
            (!report.timeLagSeconds || *partition.timeLagSeconds > *report.timeLagSeconds)) {
            report.timeLagSeconds = partition.timeLagSeconds;
            report.timeLagIsLowerBound = partition.timeLagKind == TimeLagKind::AtLeast;
        }
        if (partition.produceRate) {
            report.produceRate = report.produceRate.value_or(0.0) + *partition.produceRate;
        }
        if (partition.consumeRate) {
            report.consumeRate = report.consumeRate.value_or(0.0) + *partition.consumeRate;
        }
    }
    const bool anyCommit = std::any_of(partitions.cbegin(), partitions.cend(),
                                       [](const PartitionLagReport& p) { return p.hasCommit(); });
    report.catchUp = catchUpOf(anyCommit ? std::optional<qint64>(report.offsetLag) : std::nullopt,
                               report.produceRate, report.consumeRate, &report.catchUpSeconds);
    report.partitions = std::move(partitions);
    return report;
}

}  // namespace tideline::model
