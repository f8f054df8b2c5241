#include "model/lag/compact_lag_series.h"

namespace tideline::model {
namespace {

constexpr qint64 kMaxTimeOffset = qint64(std::numeric_limits<quint32>::max());
constexpr quint32 kUnknownLag = 0xFFFFFFFFu;
constexpr quint32 kWideLag = 0xFFFFFFFEu;  // the value is in the side table

}  // namespace

LagSample CompactLagSeries::sample(int i) const {
    const PackedSample& s = samples_.at(i);
    const qint64 timeMs = timeOf(s.timeOffset);
    return {timeMs, unpackLag(LagField::Sample, timeMs, s.offsetLag), s.timeLagSeconds, s.produceRate,
            s.consumeRate};
}

void CompactLagSeries::appendSample(const LagSample& sample) {
    if (samples_.isFull()) {
        dropOldestSample();
    }
    const quint32 offset = packTime(sample.timeMs);
    samples_.push({offset, packLag(LagField::Sample, sample.timeMs, sample.offsetLag), sample.timeLagSeconds,
                   sample.produceRate, sample.consumeRate});
}

void CompactLagSeries::dropOldestSample() {
    const PackedSample& s = samples_.at(0);
    forgetLag(LagField::Sample, timeOf(s.timeOffset), s.offsetLag);
    samples_.popFront();
}

LagMinute CompactLagSeries::minute(int i) const {
    const PackedMinute& m = minutes_.at(i);
    const qint64 startMs = timeOf(m.startOffset);
    return {startMs,
            unpackLag(LagField::Minute, startMs, m.offsetLag),
            unpackLag(LagField::MinuteMax, startMs, m.offsetLagMax),
            m.timeLagSeconds,
            m.timeLagSecondsMax,
            m.produceRate,
            m.consumeRate,
            m.samples};
}

void CompactLagSeries::appendMinute(const LagMinute& minute) {
    if (minutes_.isFull()) {
        dropOldestMinute();
    }
    const quint32 offset = packTime(minute.startMs);
    minutes_.push({offset, packLag(LagField::Minute, minute.startMs, minute.offsetLag),
                   packLag(LagField::MinuteMax, minute.startMs, minute.offsetLagMax), minute.timeLagSeconds,
                   minute.timeLagSecondsMax, minute.produceRate, minute.consumeRate, minute.samples});
}

void CompactLagSeries::replaceNewestMinute(const LagMinute& minute) {
    dropNewestMinute();
    appendMinute(minute);
}

void CompactLagSeries::dropOldestMinute() {
    forgetLags(minutes_.at(0));
    minutes_.popFront();
}

void CompactLagSeries::dropNewestMinute() {
    forgetLags(minutes_.at(minutes_.size() - 1));
    minutes_.popBack();
}

void CompactLagSeries::forgetLags(const PackedMinute& minute) {
    const qint64 startMs = timeOf(minute.startOffset);
    forgetLag(LagField::Minute, startMs, minute.offsetLag);
    forgetLag(LagField::MinuteMax, startMs, minute.offsetLagMax);
}

qint64 CompactLagSeries::bytes() const {
    // A map node holds its value and about four words of tree links and colour.
    const qint64 wide = wideLags_ ? qint64(sizeof(WideLags)) +
                                        qint64(wideLags_->size()) * qint64(sizeof(WideLags::value_type) + 32)
                                  : 0;
    return samples_.bytes() + minutes_.bytes() + wide;
}

quint32 CompactLagSeries::packTime(qint64 timeMs) {
    if (isEmpty()) {
        baseMs_ = timeMs;
    } else if (timeMs < baseMs_ || timeMs - baseMs_ > kMaxTimeOffset) {
        rebase(timeMs);
    }
    return quint32(timeMs - baseMs_);
}

void CompactLagSeries::rebase(qint64 timeMs) {
    // Whatever lies more than 49 days from the new time cannot share its base: it is older than any
    // span the history keeps, and goes first, oldest first.
    auto oldest = [this] {
        const qint64 sampleMs = samples_.size() > 0 ? sampleTimeMs(0) : std::numeric_limits<qint64>::max();
        const qint64 minuteMs = minutes_.size() > 0 ? minuteStartMs(0) : std::numeric_limits<qint64>::max();
        return std::min(sampleMs, minuteMs);
    };
    auto newest = [this] {
        const qint64 sampleMs = samples_.size() > 0 ? sampleTimeMs(samples_.size() - 1) : 0;
        const qint64 minuteMs = minutes_.size() > 0 ? minuteStartMs(minutes_.size() - 1) : 0;
        return samples_.size() == 0   ? minuteMs
               : minutes_.size() == 0 ? sampleMs
                                      : std::max(sampleMs, minuteMs);
    };
    while (!isEmpty() && std::max(newest(), timeMs) - std::min(oldest(), timeMs) > kMaxTimeOffset) {
        const bool sampleIsOldest =
            minutes_.size() == 0 || (samples_.size() > 0 && sampleTimeMs(0) < minuteStartMs(0));
        sampleIsOldest ? dropOldestSample() : dropOldestMinute();
    }
    if (isEmpty()) {
        baseMs_ = timeMs;
        return;
    }
    const qint64 newBaseMs = std::min(oldest(), timeMs);
    const quint32 shift = quint32(baseMs_ - newBaseMs);
    for (int i = 0; i < samples_.size(); ++i) {
        samples_.at(i).timeOffset += shift;
    }
    for (int i = 0; i < minutes_.size(); ++i) {
        minutes_.at(i).startOffset += shift;
    }
    baseMs_ = newBaseMs;
}

quint32 CompactLagSeries::packLag(LagField field, qint64 timeMs, qint64 lag) {
    if (lag == -1) {
        return kUnknownLag;
    }
    if (lag >= 0 && lag < qint64(kWideLag)) {
        return quint32(lag);
    }
    if (!wideLags_) {
        wideLags_ = std::make_unique<WideLags>();
    }
    (*wideLags_)[{field, timeMs}] = lag;
    return kWideLag;
}

qint64 CompactLagSeries::unpackLag(LagField field, qint64 timeMs, quint32 code) const {
    if (code == kUnknownLag) {
        return -1;
    }
    if (code != kWideLag) {
        return qint64(code);
    }
    const auto it = wideLags_ ? wideLags_->find({field, timeMs}) : WideLags::const_iterator{};
    return wideLags_ && it != wideLags_->end() ? it->second : -1;
}

void CompactLagSeries::forgetLag(LagField field, qint64 timeMs, quint32 code) {
    if (code != kWideLag || !wideLags_) {
        return;
    }
    wideLags_->erase({field, timeMs});
    if (wideLags_->empty()) {
        wideLags_.reset();
    }
}

}  // namespace tideline::model
