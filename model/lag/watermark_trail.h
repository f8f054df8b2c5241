// When a partition's high watermark took its values, so the time a given offset was appended can be
// estimated when the record itself cannot be read (deleted, unreadable, or not asked for yet).
#pragma once

#include <QtGlobal>
#include <optional>
#include <vector>

namespace tideline::model {

struct AppendTime {
    double timeMs = 0;     // milliseconds since the epoch
    bool atLeast = false;  // the offset predates the trail: it was appended at or before timeMs
};

class WatermarkTrail {
public:
    // Each point takes 24 bytes; once maxPoints is reached the older half is thinned out rather than
    // dropped, so the trail keeps reaching back in time at a coarser resolution.
    static constexpr int kDefaultMaxPoints = 1024;
    explicit WatermarkTrail(int maxPoints = kDefaultMaxPoints);

    // Observations must come in time order. A watermark that went back (topic recreated, or data
    // truncated) makes the older points meaningless, so they are forgotten.
    void record(qint64 timeMs, qint64 highWatermark);
    // When the record at `offset` was appended, that is when the watermark first exceeded it:
    // interpolated linearly between the last observation below and the first one above. Never
    // extrapolated: before the first point it is an "at least" answer, beyond the last it is empty.
    std::optional<AppendTime> appendTimeOf(qint64 offset) const;

    bool isEmpty() const { return points_.empty(); }
    int size() const { return static_cast<int>(points_.size()); }
    qint64 lastSeenMs() const { return points_.empty() ? 0 : points_.back().lastSeenMs; }

private:
    struct Point {
        qint64 highWatermark;
        qint64 firstSeenMs;  // the watermark moved to this value between the previous point's
        qint64 lastSeenMs;   // lastSeenMs and this firstSeenMs
    };
    void thinOlderHalf();

    int maxPoints_;
    // A vector, not a deque: a trail is kept per partition, and an empty libstdc++ deque already
    // allocates 576 bytes, 57 MB for the 100,000 partitions of a large cluster.
    std::vector<Point> points_;  // watermarks strictly increasing
};

}  // namespace tideline::model
