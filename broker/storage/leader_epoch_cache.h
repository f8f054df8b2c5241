// Which leader epoch started at which offset of a partition, kept in the partition directory as
// `leader-epoch-checkpoint` in Kafka's checkpoint format:
//
//     0                  version
//     2                  number of entries
//     0 0                epoch startOffset
//     3 1540
//
// It answers OffsetForLeaderEpoch and lets a follower find where its log diverged from the leader's.
// Every change is written through at once (atomically) so the epochs survive restarts; changes are rare,
// one per leader election.
#pragma once

#include "broker/storage/storage_error.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tideline::broker::storage {

struct EpochEntry {
    std::int32_t epoch = 0;
    std::int64_t start_offset = 0;
    bool operator==(const EpochEntry&) const = default;
};

// OffsetForLeaderEpoch's answer; -1/-1 (Kafka's UNDEFINED_EPOCH/UNDEFINED_EPOCH_OFFSET) when unknown.
struct EpochEndOffset {
    std::int32_t epoch = -1;
    std::int64_t end_offset = -1;
    bool operator==(const EpochEndOffset&) const = default;
};

inline constexpr std::string_view kLeaderEpochCheckpointName = "leader-epoch-checkpoint";

std::string format_leader_epoch_checkpoint(const std::vector<EpochEntry>& entries);
// nullopt when the text is not a version 0 checkpoint with increasing epochs and start offsets.
std::optional<std::vector<EpochEntry>> parse_leader_epoch_checkpoint(std::string_view text);

class LeaderEpochCache {
public:
    // A missing file is an empty cache. An unreadable one is reported as CorruptMessage so that the
    // owner can choose to rebuild it from the log's batches instead.
    static Result<LeaderEpochCache> load(std::filesystem::path file);

    LeaderEpochCache() = default;
    // An empty cache that writes to `file` on its first change.
    explicit LeaderEpochCache(std::filesystem::path file) : file_(std::move(file)) {}

    const std::vector<EpochEntry>& entries() const { return entries_; }
    std::optional<EpochEntry> latest() const;

    // Records that `epoch` starts at `start_offset`. A no-op for the current epoch at a later offset.
    // Entries that would break monotonicity (an epoch >= the new one or a start >= the new start) are
    // dropped first, as Kafka does. Negative epochs (batches from before leader epochs existed) are
    // ignored.
    [[nodiscard]] Status assign(std::int32_t epoch, std::int64_t start_offset);

    // The largest known epoch <= `requested` and the offset where the epoch after it starts (the log end
    // offset for the latest epoch). For a requested epoch older than every known one: that epoch with
    // the first known start offset. Unknown (-1, -1) for a requested epoch beyond the latest.
    EpochEndOffset end_offset_for(std::int32_t requested, std::int64_t log_end_offset) const;

    // After the log was truncated to `end_offset`: forget epochs that start at or after it.
    [[nodiscard]] Status truncate_from_end(std::int64_t end_offset);
    // After the log start moved to `start_offset`: epochs entirely below it go, the one spanning it is
    // clamped to start there.
    [[nodiscard]] Status truncate_from_start(std::int64_t start_offset);
    [[nodiscard]] Status replace(std::vector<EpochEntry> entries);

private:
    [[nodiscard]] Status persist();

    std::filesystem::path file_;
    std::vector<EpochEntry> entries_;
};

}  // namespace tideline::broker::storage
