#include "model/lag/history.h"

namespace tideline::model {
namespace {

bool sameFigure(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

float figure(const std::optional<double>& value) { return value ? float(*value) : kUnknownFigure; }

float averageOf(double sum, int count) { return count > 0 ? float(sum / count) : kUnknownFigure; }

qint64 ms(std::chrono::milliseconds duration) { return duration.count(); }

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
    CompactLagSeries& stored = history.stored;
    if (stored.sampleCount() > 0 && sample.timeMs <= stored.sampleTimeMs(stored.sampleCount() - 1)) {
        return;
    }
    const qint64 fineStartMs = sample.timeMs - ms(settings_.fullResolutionSpan);
    while (stored.sampleCount() > 0 && (stored.sampleTimeMs(0) < fineStartMs || stored.samplesFull())) {
        fold(history, stored.sample(0));
        stored.dropOldestSample();
    }
    // Trimmed before the sample goes in, so that what is kept never spans more than the span.
    trim(history, sample.timeMs);
    stored.appendSample(sample);
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
    const CompactLagSeries& stored = history.stored;
    if (stored.sampleCount() > 0) {
        return stored.sampleTimeMs(stored.sampleCount() - 1);
    }
    if (history.open.samples > 0) {
        return history.open.startMs;
    }
    return stored.minuteCount() > 0 ? stored.minuteStartMs(stored.minuteCount() - 1) : 0;
}

void LagHistory::fold(KeyHistory& history, const LagSample& sample) const {
    const qint64 minute = minuteOf(sample.timeMs);
    if (history.open.samples > 0 && history.open.startMs != minute) {
        pushMinute(history, history.open.toMinute());
        history.open = {};
    }
    CompactLagSeries& stored = history.stored;
    const int minutes = stored.minuteCount();
    if (history.open.samples == 0 && minutes > 0 && stored.minuteStartMs(minutes - 1) == minute) {
        // The minute was stored half-done (saved, then loaded): it is reopened, never duplicated.
        history.open.startMs = minute;
        history.open.add(stored.minute(minutes - 1));
        stored.dropNewestMinute();
    }
    history.open.startMs = minute;
    history.open.add(sample);
}

void LagHistory::pushMinute(KeyHistory& history, const LagMinute& minute) const {
    CompactLagSeries& stored = history.stored;
    const int minutes = stored.minuteCount();
    if (minutes > 0 && stored.minuteStartMs(minutes - 1) == minute.startMs) {
        // The same minute again, e.g. the one a save wrote half-done: merged, never duplicated.
        MinuteAccumulator merged;
        merged.startMs = minute.startMs;
        merged.add(stored.minute(minutes - 1));
        merged.add(minute);
        stored.replaceNewestMinute(merged.toMinute());
        return;
    }
    stored.appendMinute(minute);
}

void LagHistory::trim(KeyHistory& history, qint64 nowMs) const {
    const qint64 spanStartMs = nowMs - ms(settings_.span);
    CompactLagSeries& stored = history.stored;
    while (stored.minuteCount() > 0 && stored.minuteStartMs(0) < minuteOf(spanStartMs)) {
        stored.dropOldestMinute();
    }
    if (history.open.samples > 0 && history.open.startMs < minuteOf(spanStartMs)) {
        history.open = {};  // after a gap longer than the span, the minute left open is as old
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
    const CompactLagSeries& stored = history.stored;
    points.reserve(stored.minuteCount() + stored.sampleCount() + 1);
    for (int i = 0; i < stored.minuteCount(); ++i) {
        addMinute(stored.minute(i));
    }
    if (history.open.samples > 0) {
        addMinute(history.open.toMinute());
    }
    for (int i = 0; i < stored.sampleCount(); ++i) {
        const LagSample s = stored.sample(i);
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
    return qint64(sizeof(KeyHistory)) + qint64(fineCapacity_) * CompactLagSeries::kSampleBytes +
           qint64(coarseCapacity_) * CompactLagSeries::kMinuteBytes;
}

qint64 LagHistory::bytesUsed() const {
    qint64 bytes = 0;
    for (const auto& entry : histories_) {
        bytes += qint64(sizeof(KeyHistory)) + entry.second.stored.bytes();
    }
    return bytes;
}

}  // namespace tideline::model
