#include "broker/storage/leader_epoch_cache.h"

#include "broker/storage/atomic_file.h"

#include <algorithm>
#include <charconv>

namespace tideline::broker::storage {

namespace {

constexpr std::string_view kCheckpointVersion = "0";

// Splits on '\n'; a final newline does not make an extra empty line.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

template <typename Integer>
std::optional<Integer> parse_integer(std::string_view text) {
    Integer value{};
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

bool increasing(const std::vector<EpochEntry>& entries) {
    for (std::size_t i = 1; i < entries.size(); ++i)
        if (entries[i].epoch <= entries[i - 1].epoch || entries[i].start_offset < entries[i - 1].start_offset)
            return false;
    return true;
}

}  // namespace

std::string format_leader_epoch_checkpoint(const std::vector<EpochEntry>& entries) {
    std::string text = std::string(kCheckpointVersion) + "\n" + std::to_string(entries.size()) + "\n";
    for (const auto& entry : entries)
        text += std::to_string(entry.epoch) + " " + std::to_string(entry.start_offset) + "\n";
    return text;
}

std::optional<std::vector<EpochEntry>> parse_leader_epoch_checkpoint(std::string_view text) {
    auto lines = split_lines(text);
    if (lines.size() < 2 || lines[0] != kCheckpointVersion) return std::nullopt;
    auto count = parse_integer<std::size_t>(lines[1]);
    if (!count || *count != lines.size() - 2) return std::nullopt;
    std::vector<EpochEntry> entries;
    for (std::size_t i = 2; i < lines.size(); ++i) {
        auto space = lines[i].find(' ');
        if (space == std::string_view::npos) return std::nullopt;
        auto epoch = parse_integer<std::int32_t>(lines[i].substr(0, space));
        auto start = parse_integer<std::int64_t>(lines[i].substr(space + 1));
        if (!epoch || !start || *epoch < 0 || *start < 0) return std::nullopt;
        entries.push_back({*epoch, *start});
    }
    if (!increasing(entries)) return std::nullopt;
    return entries;
}

Result<LeaderEpochCache> LeaderEpochCache::load(std::filesystem::path file) {
    auto text = read_small_file(file);
    if (!text) return text.error();
    LeaderEpochCache cache(std::move(file));
    if (!text->has_value()) return cache;
    auto entries = parse_leader_epoch_checkpoint(**text);
    if (!entries)
        return StorageError{ErrorCode::CorruptMessage,
                            cache.file_.string() + " is not a leader epoch checkpoint"};
    cache.entries_ = std::move(*entries);
    return cache;
}

std::optional<EpochEntry> LeaderEpochCache::latest() const {
    if (entries_.empty()) return std::nullopt;
    return entries_.back();
}

Status LeaderEpochCache::assign(std::int32_t epoch, std::int64_t start_offset) {
    if (epoch < 0 || start_offset < 0) return std::nullopt;
    if (!entries_.empty() && entries_.back().epoch == epoch && entries_.back().start_offset <= start_offset)
        return std::nullopt;
    std::erase_if(entries_,
                  [&](const EpochEntry& e) { return e.epoch >= epoch || e.start_offset >= start_offset; });
    entries_.push_back({epoch, start_offset});
    return persist();
}

EpochEndOffset LeaderEpochCache::end_offset_for(std::int32_t requested, std::int64_t log_end_offset) const {
    if (requested < 0 || entries_.empty()) return {};
    if (requested == entries_.back().epoch) return {requested, log_end_offset};
    auto higher = std::upper_bound(entries_.begin(), entries_.end(), requested,
                                   [](std::int32_t wanted, const EpochEntry& e) { return wanted < e.epoch; });
    if (higher == entries_.end()) return {};
    if (higher == entries_.begin()) return {requested, higher->start_offset};
    return {std::prev(higher)->epoch, higher->start_offset};
}

Status LeaderEpochCache::truncate_from_end(std::int64_t end_offset) {
    if (end_offset < 0 || entries_.empty() || entries_.back().start_offset < end_offset) return std::nullopt;
    std::erase_if(entries_, [&](const EpochEntry& e) { return e.start_offset >= end_offset; });
    return persist();
}

Status LeaderEpochCache::truncate_from_start(std::int64_t start_offset) {
    if (entries_.empty() || entries_.front().start_offset >= start_offset) return std::nullopt;
    // The last epoch starting at or before the new start still owns the records from there on.
    auto first_kept =
        std::upper_bound(entries_.begin(), entries_.end(), start_offset,
                         [](std::int64_t start, const EpochEntry& e) { return start < e.start_offset; });
    EpochEntry spanning = *std::prev(first_kept);
    entries_.erase(entries_.begin(), first_kept);
    entries_.insert(entries_.begin(), {spanning.epoch, start_offset});
    return persist();
}

Status LeaderEpochCache::replace(std::vector<EpochEntry> entries) {
    if (!increasing(entries))
        return StorageError{ErrorCode::InvalidRecord, "leader epochs must increase with their start offsets"};
    entries_ = std::move(entries);
    return persist();
}

Status LeaderEpochCache::persist() {
    return write_file_atomically(file_, format_leader_epoch_checkpoint(entries_));
}

}  // namespace tideline::broker::storage
