// A segment's `.timeindex`, in Kafka's layout: 12-byte entries of (int64 timestamp, int32 offset
// relative to the segment's base offset), big-endian. An entry (T, O) says that no record at an offset
// <= O has a timestamp above T. Entries are sparse and strictly increasing in timestamp: one is added
// with an offset index entry only when the largest timestamp seen so far has grown, plus a final one
// when the segment stops being the active segment, so its last entry carries the segment's largest
// timestamp.
#pragma once

#include "broker/storage/index_file.h"
#include "broker/storage/storage_error.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace tideline::broker::storage {

inline constexpr std::int64_t kNoTimestamp = -1;

struct TimeIndexEntry {
    std::int64_t timestamp = 0;
    std::int64_t offset = 0;  // absolute
    bool operator==(const TimeIndexEntry&) const = default;
};

class TimeIndex {
public:
    static constexpr std::size_t kEntrySize = 12;

    // As OffsetIndex::open: damaged content loads as empty with intact() false.
    static Result<TimeIndex> open(std::filesystem::path path, std::int64_t base_offset);

    TimeIndex() = default;

    bool intact() const { return intact_; }
    const std::vector<TimeIndexEntry>& entries() const { return entries_; }
    const std::filesystem::path& path() const { return file_.path(); }
    std::optional<TimeIndexEntry> last() const;

    // The last entry whose timestamp is strictly below `timestamp`: the first record at or after
    // `timestamp` must lie at a larger offset than the entry's. nullopt means: scan from the start.
    std::optional<TimeIndexEntry> last_before(std::int64_t timestamp) const;

    // True when `entry` would be appended: its timestamp exceeds the last one and its offset does not
    // go back. Anything else is silently not indexed, as in Kafka.
    bool accepts(TimeIndexEntry entry) const;
    [[nodiscard]] Status maybe_append(TimeIndexEntry entry);
    [[nodiscard]] Status replace(std::vector<TimeIndexEntry> entries);
    [[nodiscard]] Status sync() { return file_.sync(); }
    [[nodiscard]] Status remove() { return file_.remove(); }

private:
    TimeIndex(IndexFile file, std::int64_t base_offset) : file_(std::move(file)), base_offset_(base_offset) {}
    std::vector<std::uint8_t> encode(const TimeIndexEntry& entry) const;

    IndexFile file_;
    std::int64_t base_offset_ = 0;
    std::vector<TimeIndexEntry> entries_;
    bool intact_ = true;
};

}  // namespace tideline::broker::storage
