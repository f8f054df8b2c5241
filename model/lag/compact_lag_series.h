// The storage behind one lag history key: its full-resolution samples and its downsampled minutes,
// packed to 20 and 32 bytes (from 32 and 48), read back exactly.
//
// Times are kept as 32-bit millisecond offsets from a base of the key's own (49 days of range, far
// beyond the span); the base moves, and the offsets with it, when a time falls outside that range.
// Offset lags are kept in 32 bits; the rare one that does not fit (above 4,294,967,293, or a
// negative other than the -1 of "unknown") goes to a side table by time, so it is still exact.
#pragma once

#include <QtGlobal>
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "model/lag/lag_sample.h"

namespace tideline::model {

// A ring buffer whose storage grows on demand, never beyond its capacity.
template <typename T>
class LagRing {
public:
    explicit LagRing(int capacity) : capacity_(std::max(capacity, 1)) {}
    int size() const { return count_; }
    bool isFull() const { return count_ == capacity_; }
    const T& at(int i) const { return items_[slot(i)]; }
    T& at(int i) { return items_[slot(i)]; }
    void popBack() { --count_; }
    void popFront() {
        first_ = int(slot(1));
        --count_;
    }
    // Drops the oldest item when full.
    void push(const T& item) {
        if (count_ == capacity_) {
            popFront();
        }
        if (count_ == int(items_.size())) {
            std::rotate(items_.begin(), items_.begin() + first_, items_.end());
            first_ = 0;
            if (items_.size() == items_.capacity()) {
                items_.reserve(size_t(std::min(capacity_, std::max(16, 2 * count_))));
            }
            items_.push_back(item);
        } else {
            items_[slot(count_)] = item;
        }
        ++count_;
    }
    qint64 bytes() const { return qint64(items_.capacity() * sizeof(T)); }

private:
    size_t slot(int i) const { return size_t(first_ + i) % items_.size(); }

    std::vector<T> items_;
    int capacity_;
    int first_ = 0;
    int count_ = 0;
};

class CompactLagSeries {
public:
    CompactLagSeries(int sampleCapacity, int minuteCapacity)
        : samples_(sampleCapacity), minutes_(minuteCapacity) {}

    int sampleCount() const { return samples_.size(); }
    bool samplesFull() const { return samples_.isFull(); }
    LagSample sample(int i) const;
    qint64 sampleTimeMs(int i) const { return timeOf(samples_.at(i).timeOffset); }
    // Drops the oldest sample when full.
    void appendSample(const LagSample& sample);
    void dropOldestSample();

    int minuteCount() const { return minutes_.size(); }
    LagMinute minute(int i) const;
    qint64 minuteStartMs(int i) const { return timeOf(minutes_.at(i).startOffset); }
    // Drops the oldest minute when full.
    void appendMinute(const LagMinute& minute);
    void replaceNewestMinute(const LagMinute& minute);
    void dropOldestMinute();
    void dropNewestMinute();

    qint64 bytes() const;
    static constexpr qint64 kSampleBytes = 20;
    static constexpr qint64 kMinuteBytes = 32;
    // Lags kept beside the packed items because they do not fit in 32 bits.
    int wideLagCount() const { return wideLags_ ? int(wideLags_->size()) : 0; }

private:
    struct PackedSample {
        quint32 timeOffset;
        quint32 offsetLag;
        float timeLagSeconds;
        float produceRate;
        float consumeRate;
    };
    struct PackedMinute {
        quint32 startOffset;
        quint32 offsetLag;
        quint32 offsetLagMax;
        float timeLagSeconds;
        float timeLagSecondsMax;
        float produceRate;
        float consumeRate;
        qint32 samples;
    };
    // The bound of LagHistory::maxBytesPerKey() rests on these sizes.
    static_assert(sizeof(PackedSample) == kSampleBytes);
    static_assert(sizeof(PackedMinute) == kMinuteBytes);

    enum class LagField : quint8 { Sample, Minute, MinuteMax };
    using WideLags = std::map<std::pair<LagField, qint64>, qint64>;

    qint64 timeOf(quint32 offset) const { return baseMs_ + qint64(offset); }
    quint32 packTime(qint64 timeMs);
    void rebase(qint64 timeMs);
    quint32 packLag(LagField field, qint64 timeMs, qint64 lag);
    qint64 unpackLag(LagField field, qint64 timeMs, quint32 code) const;
    void forgetLag(LagField field, qint64 timeMs, quint32 code);
    void forgetLags(const PackedMinute& minute);
    bool isEmpty() const { return samples_.size() == 0 && minutes_.size() == 0; }

    LagRing<PackedSample> samples_;
    LagRing<PackedMinute> minutes_;
    qint64 baseMs_ = 0;
    std::unique_ptr<WideLags> wideLags_;  // allocated for the first wide lag only
};

}  // namespace tideline::model
