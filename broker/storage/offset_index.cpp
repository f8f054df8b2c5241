#include "broker/storage/offset_index.h"

#include <algorithm>
#include <limits>

namespace tideline::broker::storage {

Result<OffsetIndex> OffsetIndex::open(std::filesystem::path path, std::int64_t base_offset) {
    auto opened = IndexFile::open(std::move(path));
    if (!opened) return opened.error();
    OffsetIndex index(std::move(opened->file), base_offset);
    const auto& content = opened->content;
    if (content.size() % kEntrySize != 0) {
        index.intact_ = false;
        return index;
    }
    index.entries_.reserve(content.size() / kEntrySize);
    for (std::size_t at = 0; at < content.size(); at += kEntrySize) {
        auto relative = static_cast<std::int32_t>(load_be32(content, at));
        OffsetIndexEntry entry{base_offset + relative, load_be32(content, at + 4)};
        if (!index.accepts(entry)) {
            index.entries_.clear();
            index.intact_ = false;
            return index;
        }
        index.entries_.push_back(entry);
    }
    return index;
}

OffsetIndexEntry OffsetIndex::lookup(std::int64_t offset) const {
    auto after =
        std::upper_bound(entries_.begin(), entries_.end(), offset,
                         [](std::int64_t target, const OffsetIndexEntry& e) { return target < e.offset; });
    if (after == entries_.begin()) return {base_offset_, 0};
    return *std::prev(after);
}

bool OffsetIndex::accepts(OffsetIndexEntry entry) const {
    const std::int64_t relative = entry.offset - base_offset_;
    if (relative < 0 || relative > std::numeric_limits<std::int32_t>::max()) return false;
    if (entry.position > std::uint32_t(std::numeric_limits<std::int32_t>::max())) return false;
    if (entries_.empty()) return true;
    return entry.offset > entries_.back().offset && entry.position > entries_.back().position;
}

std::vector<std::uint8_t> OffsetIndex::encode(const OffsetIndexEntry& entry) const {
    std::vector<std::uint8_t> bytes(kEntrySize);
    store_be32(bytes, 0, static_cast<std::uint32_t>(entry.offset - base_offset_));
    store_be32(bytes, 4, entry.position);
    return bytes;
}

Status OffsetIndex::append(OffsetIndexEntry entry) {
    if (!accepts(entry))
        return StorageError{ErrorCode::KafkaStorageError,
                            "offset index entry " + std::to_string(entry.offset) + "@" +
                                std::to_string(entry.position) + " does not follow the last one in " +
                                path().string()};
    if (auto error = file_.append(encode(entry))) return error;
    entries_.push_back(entry);
    return std::nullopt;
}

Status OffsetIndex::replace(std::vector<OffsetIndexEntry> entries) {
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
