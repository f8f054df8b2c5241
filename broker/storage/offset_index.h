// A segment's `.index`, in Kafka's layout: 8-byte entries of (int32 offset relative to the segment's
// base offset, int32 byte position in the `.log`), both big-endian. An entry maps the last offset of a
// batch to the position where that batch starts. The index is sparse (an entry per
// index.interval.bytes of log), so a lookup only says where a short forward scan can begin.
#pragma once

#include "broker/storage/index_file.h"
#include "broker/storage/storage_error.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace tideline::broker::storage {

struct OffsetIndexEntry {
    std::int64_t offset = 0;     // absolute
    std::uint32_t position = 0;  // in the segment's .log
    bool operator==(const OffsetIndexEntry&) const = default;
};

class OffsetIndex {
public:
    static constexpr std::size_t kEntrySize = 8;

    // Opens the file (creating an empty one if missing) and loads it. A file that is not a whole number
    // of entries, or whose entries do not strictly increase, loads as empty with intact() false, so
    // that the owner rebuilds it from the log.
    static Result<OffsetIndex> open(std::filesystem::path path, std::int64_t base_offset);

    OffsetIndex() = default;

    bool intact() const { return intact_; }
    std::int64_t base_offset() const { return base_offset_; }
    const std::vector<OffsetIndexEntry>& entries() const { return entries_; }
    const std::filesystem::path& path() const { return file_.path(); }

    // The entry with the largest offset <= `offset`, or (base offset, position 0) if there is none:
    // every batch holding an offset >= `offset` starts at or after the returned position.
    OffsetIndexEntry lookup(std::int64_t offset) const;

    // Entries must increase in both offset and position and stay within int32 of the base offset.
    [[nodiscard]] Status append(OffsetIndexEntry entry);
    [[nodiscard]] Status replace(std::vector<OffsetIndexEntry> entries);
    [[nodiscard]] Status sync() { return file_.sync(); }
    [[nodiscard]] Status remove() { return file_.remove(); }

    // Whether `entry` could follow the current last entry; false also when it does not fit 32 bits.
    bool accepts(OffsetIndexEntry entry) const;

private:
    OffsetIndex(IndexFile file, std::int64_t base_offset)
        : file_(std::move(file)), base_offset_(base_offset) {}
    std::vector<std::uint8_t> encode(const OffsetIndexEntry& entry) const;

    IndexFile file_;
    std::int64_t base_offset_ = 0;
    std::vector<OffsetIndexEntry> entries_;
    bool intact_ = true;
};

}  // namespace tideline::broker::storage
