#include "model/lag/watermark_trail.h"

#include <algorithm>

namespace tideline::model {

WatermarkTrail::WatermarkTrail(int maxPoints) : maxPoints_(std::max(maxPoints, 4)) {}

void WatermarkTrail::record(qint64 timeMs, qint64 highWatermark) {
    if (!points_.empty()) {
        Point& last = points_.back();
        if (highWatermark == last.highWatermark) {
            last.lastSeenMs = std::max(last.lastSeenMs, timeMs);
            return;
        }
        if (highWatermark < last.highWatermark) {
            points_.clear();
        }
    }
    if (points_.size() == points_.capacity()) {
        // Grown by hand so that a full trail holds maxPoints + 1 slots, not the next power of two.
        points_.reserve(std::min<size_t>(size_t(maxPoints_) + 1, std::max<size_t>(4, 2 * points_.size())));
    }
    points_.push_back({highWatermark, timeMs, timeMs});
    if (size() > maxPoints_) {
        thinOlderHalf();
    }
}

void WatermarkTrail::thinOlderHalf() {
    // Dropping every other point of the older half keeps the oldest point, and so the reach back in
    // time, while the interpolation over the wider gaps stays correct, only coarser.
    const size_t olderHalf = points_.size() / 2;
    size_t kept = 0;
    for (size_t i = 0; i < points_.size(); ++i) {
        if (i >= olderHalf || i % 2 == 0) {
            points_[kept++] = points_[i];
        }
    }
    points_.resize(kept);
}

std::optional<AppendTime> WatermarkTrail::appendTimeOf(qint64 offset) const {
    const auto above = std::upper_bound(points_.cbegin(), points_.cend(), offset,
                                        [](qint64 value, const Point& p) { return value < p.highWatermark; });
    if (above == points_.cend()) {
        return std::nullopt;
    }
    if (above == points_.cbegin()) {
        return AppendTime{static_cast<double>(above->firstSeenMs), true};
    }
    const Point& below = *std::prev(above);
    // The record at `offset` arrived when the watermark reached offset + 1.
    const double fraction = static_cast<double>(offset + 1 - below.highWatermark) /
                            static_cast<double>(above->highWatermark - below.highWatermark);
    const double span = static_cast<double>(above->firstSeenMs - below.lastSeenMs);
    return AppendTime{static_cast<double>(below.lastSeenMs) + fraction * span, false};
}

}  // namespace tideline::model
