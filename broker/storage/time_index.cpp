#include "broker/storage/time_index.h"

#include <algorithm>
#include <limits>

namespace tideline::broker::storage {

Result<TimeIndex> TimeIndex::open(std::filesystem::path path, std::int64_t base_offset) {
    auto opened = IndexFile::open(std::move(path));
    if (!opened) return opened.error();
    TimeIndex index(std::move(opened->file), base_offset);
    const auto& content = opened->content;
    if (content.size() % kEntrySize != 0) {
        index.intact_ = false;
        return index;
    }
    index.entries_.reserve(content.size() / kEntrySize);
    for (std::size_t at = 0; at < content.size(); at += kEntrySize) {
        auto timestamp = static_cast<std::int64_t>(load_be64(content, at));
        auto relative = static_cast<std::int32_t>(load_be32(content, at + 8));
        TimeIndexEntry entry{timestamp, base_offset + relative};
        if (!index.accepts(entry)) {
            index.entries_.clear();
            index.intact_ = false;
            return index;
        }
        index.entries_.push_back(entry);
    }
    return index;
}

std::optional<TimeIndexEntry> TimeIndex::last() const {
    if (entries_.empty()) return std::nullopt;
    return entries_.back();
}

std::optional<TimeIndexEntry> TimeIndex::last_before(std::int64_t timestamp) const {
    auto at_or_after =
        std::lower_bound(entries_.begin(), entries_.end(), timestamp,
                         [](const TimeIndexEntry& e, std::int64_t target) { return e.timestamp < target; });
    if (at_or_after == entries_.begin()) return std::nullopt;
    return *std::prev(at_or_after);
}

bool TimeIndex::accepts(TimeIndexEntry entry) const {
    const std::int64_t relative = entry.offset - base_offset_;
    if (relative < 0 || relative > std::numeric_limits<std::int32_t>::max()) return false;
    // Kafka's "no timestamp" is -1, and an empty index behaves as if it ended with it.
    if (entries_.empty()) return entry.timestamp > kNoTimestamp;
    return entry.timestamp > entries_.back().timestamp && entry.offset >= entries_.back().offset;
}

std::vector<std::uint8_t> TimeIndex::encode(const TimeIndexEntry& entry) const {
    std::vector<std::uint8_t> bytes(kEntrySize);
    store_be64(bytes, 0, static_cast<std::uint64_t>(entry.timestamp));
    store_be32(bytes, 8, static_cast<std::uint32_t>(entry.offset - base_offset_));
    return bytes;
}

Status TimeIndex::maybe_append(TimeIndexEntry entry) {
    if (!accepts(entry)) return std::nullopt;
    if (auto error = file_.append(encode(entry))) return error;
    entries_.push_back(entry);
    return std::nullopt;
}

Status TimeIndex::replace(std::vector<TimeIndexEntry> entries) {
    std::vector<std::uint8_t> content;
    content.reserve(entries.size() * kEntrySize);
    for (const auto& entry : entries) {
        auto bytes = encode(entry);
        content.insert(content.end(), bytes.begin(), bytes.end());
    }
    if (auto error = file_.replace(content)) return error;
    entries_ = std::move(entries);
    intact_ = true;
    return std::nullopt;
}

}  // namespace tideline::broker::storage
