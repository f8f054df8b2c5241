#include "model/lag/history.h"

namespace tideline::model {
namespace {

bool sameFigure(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

float figure(const std::optional<double>& value) { return value ? float(*value) : kUnknownFigure; }

float averageOf(double sum, int count) { return count > 0 ? float(sum / count) : kUnknownFigure; }

qint64 ms(std::chrono::milliseconds duration) { return duration.count(); }

// The per-key memory bound stated in history.h rests on these sizes.
static_assert(sizeof(LagSample) == 32);
static_assert(sizeof(LagMinute) == 48);

}  // namespace

bool LagSample::operator==(const LagSample& other) const {
    return timeMs == other.timeMs && offsetLag == other.offsetLag &&
           sameFigure(timeLagSeconds, other.timeLagSeconds) && sameFigure(produceRate, other.produceRate) &&
           sameFigure(consumeRate, other.consumeRate);
}

bool LagMinute::operator==(const LagMinute& other) const {
    return startMs == other.startMs && offsetLag == other.offsetLag && offsetLagMax == other.offsetLagMax &&
           sameFigure(timeLagSeconds, other.timeLagSeconds) &&
           sameFigure(timeLagSecondsMax, other.timeLagSecondsMax) &&
           sameFigure(produceRate, other.produceRate) && sameFigure(consumeRate, other.consumeRate) &&
           samples == other.samples;
}

void LagHistory::MinuteAccumulator::add(const LagSample& sample) {
    ++samples;
    if (sample.offsetLag >= 0) {
        offsetLagSum += double(sample.offsetLag);
        ++offsetLagCount;
        offsetLagMax = std::max(offsetLagMax, sample.offsetLag);
    }
    if (!std::isnan(sample.timeLagSeconds)) {
        timeLagSum += sample.timeLagSeconds;
        ++timeLagCount;
        timeLagMax =
            std::isnan(timeLagMax) ? sample.timeLagSeconds : std::max(timeLagMax, sample.timeLagSeconds);
    }
    if (!std::isnan(sample.produceRate)) {
        produceSum += sample.produceRate;
        ++produceCount;
    }
    if (!std::isnan(sample.consumeRate)) {
        consumeSum += sample.consumeRate;
        ++consumeCount;
    }
}

void LagHistory::MinuteAccumulator::add(const LagMinute& minute) {
    // A stored minute stands for its samples: weighted by their count, its extremes kept.
    const int weight = std::max(minute.samples, 1);
    samples += weight;
    if (minute.offsetLag >= 0) {
        offsetLagSum += double(minute.offsetLag) * weight;
        offsetLagCount += weight;
        offsetLagMax = std::max(offsetLagMax, minute.offsetLagMax);
    }
    if (!std::isnan(minute.timeLagSeconds)) {
        timeLagSum += double(minute.timeLagSeconds) * weight;
        timeLagCount += weight;
        timeLagMax = std::isnan(timeLagMax) ? minute.timeLagSecondsMax
                                            : std::max(timeLagMax, minute.timeLagSecondsMax);
    }
    if (!std::isnan(minute.produceRate)) {
        produceSum += double(minute.produceRate) * weight;
        produceCount += weight;
    }
    if (!std::isnan(minute.consumeRate)) {
        consumeSum += double(minute.consumeRate) * weight;
        consumeCount += weight;
    }
}

LagMinute LagHistory::MinuteAccumulator::toMinute() const {
    LagMinute minute;
    minute.startMs = startMs;
    minute.offsetLag = offsetLagCount > 0 ? qint64(std::llround(offsetLagSum / offsetLagCount)) : -1;
    minute.offsetLagMax = offsetLagMax;
    minute.timeLagSeconds = averageOf(timeLagSum, timeLagCount);
    minute.timeLagSecondsMax = timeLagMax;
    minute.produceRate = averageOf(produceSum, produceCount);
    minute.consumeRate = averageOf(consumeSum, consumeCount);
    minute.samples = samples;
    return minute;
}

LagHistory::LagHistory(LagHistorySettings settings) : settings_(settings) {
    const qint64 resolutionMs = std::max<qint64>(ms(settings_.resolution), 1);
    const qint64 stepMs = std::max<qint64>(ms(settings_.downsampledStep), 1);
    fineCapacity_ = int((ms(settings_.fullResolutionSpan) + resolutionMs - 1) / resolutionMs);
    // The whole span, not only the part beyond full resolution: when polls come faster than
    // `resolution`, minutes take over earlier. Plus the minute that straddles the span's start.
    coarseCapacity_ = int((ms(settings_.span) + stepMs - 1) / stepMs) + 1;
}

qint64 LagHistory::minuteOf(qint64 timeMs) const {
    const qint64 stepMs = std::max<qint64>(ms(settings_.downsampledStep), 1);
    return timeMs - ((timeMs % stepMs) + stepMs) % stepMs;
}

LagHistory::KeyHistory& LagHistory::historyOf(const LagHistoryKey& key) {
    auto it = histories_.find(key);
    if (it == histories_.end()) {
        it = histories_.try_emplace(key, fineCapacity_, coarseCapacity_).first;
    }
    return it->second;
}

void LagHistory::record(const LagHistoryKey& key, const LagSample& sample) {
    KeyHistory& history = historyOf(key);
    if (history.fine.size() > 0 && sample.timeMs <= history.fine.back().timeMs) {
        return;
    }
    const qint64 fineStartMs = sample.timeMs - ms(settings_.fullResolutionSpan);
    while (history.fine.size() > 0 && (history.fine.front().timeMs < fineStartMs || history.fine.isFull())) {
        fold(history, history.fine.front());
        history.fine.popFront();
    }
    history.fine.push(sample);
    trim(history, sample.timeMs);
}

bool LagHistory::recordsPartitionsOf(const QString& group) const {
    return followed_.contains(group) || admitted_.contains(group);
}

void LagHistory::admitPartitionGroups(const LagReport& report) {
    // Admitted groups stay admitted while they are reported, so their lines never break off; the
    // room of groups that went is given to the next ones in report order.
    QSet<QString> reported;
    int used = 0;
    for (const GroupLagReport& group : report.groups) {
        reported.insert(group.group);
        if (admitted_.contains(group.group)) {
            used += int(group.partitions.size());
        }
    }
    admitted_.intersect(reported);
    for (const GroupLagReport& group : report.groups) {
        if (admitted_.contains(group.group) || followed_.contains(group.group)) {
            continue;
        }
        if (used + group.partitions.size() <= settings_.unfollowedPartitionKeys) {
            admitted_.insert(group.group);
            used += int(group.partitions.size());
        }
    }
}

void LagHistory::record(const LagReport& report) {
    const qint64 timeMs = report.takenAt.toMSecsSinceEpoch();
    admitPartitionGroups(report);
    for (const GroupLagReport& group : report.groups) {
        LagSample total{timeMs, group.offsetLag, figure(group.timeLagSeconds), figure(group.produceRate),
                        figure(group.consumeRate)};
        record(LagHistoryKey{group.group, {}, -1}, total);
        if (!recordsPartitionsOf(group.group)) {
            continue;
        }
        for (const PartitionLagReport& partition : group.partitions) {
            if (!partition.hasCommit()) {
                continue;
            }
            LagSample sample{timeMs, partition.offsetLag.value_or(-1), figure(partition.timeLagSeconds),
                             figure(partition.produceRate), figure(partition.consumeRate)};
            record(LagHistoryKey{group.group, partition.topic, partition.partition}, sample);
        }
    }
    // Keys that stopped receiving samples (group deleted, partition reassigned) go once their span ends.
    const qint64 spanStartMs = timeMs - ms(settings_.span);
    std::erase_if(histories_,
                  [spanStartMs](const auto& entry) { return lastTimeMs(entry.second) < spanStartMs; });
}

qint64 LagHistory::lastTimeMs(const KeyHistory& history) {
    if (history.fine.size() > 0) {
        return history.fine.back().timeMs;
    }
    if (history.open.samples > 0) {
        return history.open.startMs;
    }
    return history.coarse.size() > 0 ? history.coarse.back().startMs : 0;
}

void LagHistory::fold(KeyHistory& history, const LagSample& sample) const {
    const qint64 minute = minuteOf(sample.timeMs);
    if (history.open.samples > 0 && history.open.startMs != minute) {
        pushMinute(history, history.open.toMinute());
        history.open = {};
    }
    if (history.open.samples == 0 && history.coarse.size() > 0 && history.coarse.back().startMs == minute) {
        // The minute was stored half-done (saved, then loaded): it is reopened, never duplicated.
        history.open.startMs = minute;
        history.open.add(history.coarse.back());
        history.coarse.popBack();
    }
    history.open.startMs = minute;
    history.open.add(sample);
}

void LagHistory::pushMinute(KeyHistory& history, const LagMinute& minute) const {
    if (history.coarse.size() > 0 && history.coarse.back().startMs == minute.startMs) {
        // The same minute again, e.g. the one a save wrote half-done: merged, never duplicated.
        MinuteAccumulator merged;
        merged.startMs = minute.startMs;
        merged.add(history.coarse.back());
        merged.add(minute);
        history.coarse.back() = merged.toMinute();
        return;
    }
    history.coarse.push(minute);
}

void LagHistory::trim(KeyHistory& history, qint64 nowMs) const {
    const qint64 spanStartMs = nowMs - ms(settings_.span);
    while (history.coarse.size() > 0 && history.coarse.front().startMs < minuteOf(spanStartMs)) {
        history.coarse.popFront();
    }
}

QList<LagHistoryPoint> LagHistory::series(const LagHistoryKey& key) const {
    QList<LagHistoryPoint> points;
    const auto it = histories_.find(key);
    if (it == histories_.end()) {
        return points;
    }
    const KeyHistory& history = it->second;
    auto addMinute = [&points](const LagMinute& m) {
        points.append({m.startMs, m.offsetLag, m.offsetLagMax, m.timeLagSeconds, m.timeLagSecondsMax,
                       m.produceRate, m.consumeRate, true, m.samples});
    };
    points.reserve(history.coarse.size() + history.fine.size() + 1);
    for (int i = 0; i < history.coarse.size(); ++i) {
        addMinute(history.coarse.at(i));
    }
    if (history.open.samples > 0) {
        addMinute(history.open.toMinute());
    }
    for (int i = 0; i < history.fine.size(); ++i) {
        const LagSample& s = history.fine.at(i);
        points.append({s.timeMs, s.offsetLag, s.offsetLag, s.timeLagSeconds, s.timeLagSeconds, s.produceRate,
                       s.consumeRate, false, 1});
    }
    return points;
}

QList<LagHistoryKey> LagHistory::keys() const {
    QList<LagHistoryKey> result;
    for (const auto& entry : histories_) {
        result.append(entry.first);
    }
    return result;
}

QList<LagHistoryKey> LagHistory::partitionKeys(const QString& group) const {
    QList<LagHistoryKey> result;
    // The group-wide key (empty topic) sorts first among the group's keys.
    for (auto it = histories_.lower_bound(LagHistoryKey{group, {}, -1});
         it != histories_.end() && it->first.group == group; ++it) {
        if (!it->first.topic.isEmpty()) {
            result.append(it->first);
        }
    }
    return result;
}

qint64 LagHistory::maxBytesPerKey() const {
    return qint64(sizeof(KeyHistory)) + qint64(fineCapacity_) * qint64(sizeof(LagSample)) +
           qint64(coarseCapacity_) * qint64(sizeof(LagMinute));
}

qint64 LagHistory::bytesUsed() const {
    qint64 bytes = 0;
    for (const auto& entry : histories_) {
        bytes += qint64(sizeof(KeyHistory)) + entry.second.fine.bytes() + entry.second.coarse.bytes();
    }
    return bytes;
}

}  // namespace tideline::model
