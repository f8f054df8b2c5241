// The log of one partition replica, in Kafka's on-disk layout:
//
//     <broker-dir>/<topic>-<partition>/
//         00000000000000000000.log          record batches, as appended
//         00000000000000000000.index        offset -> position, sparse
//         00000000000000000000.timeindex    timestamp -> offset, sparse
//         00000000000000004711.log ...      later segments, named after their first offset
//         leader-epoch-checkpoint           which leader epoch started where
//         log-start-offset                  "0\n<offset>\n": where DeleteRecords moved the start to
//
// Threads: a PartitionLog belongs to the broker's event-loop thread, which does every call on it; it
// has no locks. Other threads post work to the event loop instead of calling in (see
// docs/architecture.md).
//
// The high watermark is not the log's business: the replication layer tracks it and passes it to
// read() as the upper bound where consumers must not see further.
//
// Nothing is synced on every append (as in Kafka, durability comes from replication): flush() syncs,
// a segment is synced when it is rolled, and the destructor does not sync. After a crash, open()
// recovers the active segment.
#pragma once

#include "broker/storage/leader_epoch_cache.h"
#include "broker/storage/segment.h"
#include "broker/storage/storage_error.h"
#include "record_batch.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace tideline::broker::storage {

// The topic configs the log obeys, named after them, with Kafka's defaults.
struct LogConfig {
    std::int32_t segment_bytes = 1 << 30;                                          // segment.bytes
    std::int64_t segment_ms = 7LL * 24 * 60 * 60 * 1000;                           // segment.ms
    std::int32_t index_interval_bytes = 4096;                                      // index.interval.bytes
    std::int32_t max_message_bytes = 1048588;                                      // max.message.bytes
    protocol::TimestampType timestamp_type = protocol::TimestampType::CreateTime;  // message.timestamp.type
    // Milliseconds since the epoch; the system clock when empty. Tests pass their own.
    std::function<std::int64_t()> clock;
};

enum class AppendOrigin { Client, Coordinator };

struct AppendInfo {
    std::int64_t base_offset = 0;
    std::int64_t last_offset = 0;
    std::int64_t log_append_time =
        -1;  // the broker's time with LogAppendTime, else -1 (as in ProduceResponse)
    std::int64_t log_start_offset = 0;
};

// Whole batches read from one segment. A read never spans two segments (as in Kafka): a consumer
// reading on from the next offset continues in the next segment.
struct LogSlice {
    std::vector<std::uint8_t> records;  // empty at the end of the log
    std::int64_t segment_base_offset = 0;
    std::uint64_t file_position = 0;  // where `records` start in that segment's .log
};

// ListOffsets' answer for a timestamp: all -1 when no record is that recent.
struct TimestampOffset {
    std::int64_t offset = -1;
    std::int64_t timestamp = -1;
    std::int32_t leader_epoch = -1;
    bool operator==(const TimestampOffset&) const = default;
};

inline constexpr std::string_view kLogStartOffsetFileName = "log-start-offset";

struct OpenOptions {
    // The broker shut down cleanly and synced every log: the active segment is trusted like a sealed
    // one instead of being checked batch by batch (as Kafka does with its clean shutdown marker).
    bool after_clean_shutdown = false;
};

class PartitionLog {
public:
    // Opens the replica directory (creating it if needed) and recovers it: leftovers of interrupted
    // writes are removed, the active segment is checked batch by batch and a torn or corrupt tail is
    // cut off, indexes that do not match their log are rebuilt.
    static Result<PartitionLog> open(std::filesystem::path dir, LogConfig config, OpenOptions options = {});
    // An empty log that creates its directory and files only when something is first written to it,
    // so that creating many partitions costs no file system work until they get records. Whatever is
    // in `dir` by then is taken for leftovers of a deleted topic and removed.
    static Result<PartitionLog> create_deferred(std::filesystem::path dir, LogConfig config);
    // open() when `dir` exists, else create_deferred(): a restart does not create the directories of
    // partitions that never got a record.
    static Result<PartitionLog> open_or_defer(std::filesystem::path dir, LogConfig config,
                                              OpenOptions options = {});

    PartitionLog(PartitionLog&&) noexcept = default;
    PartitionLog& operator=(PartitionLog&&) noexcept = default;

    // Appends the batches of one produce (or coordinator) request as the leader of `leader_epoch`.
    // Offsets and the leader epoch are patched into `batches` in place (and with LogAppendTime the
    // timestamp, with a new CRC); nothing is re-encoded. Nothing is written when an error comes back.
    Result<AppendInfo> append(std::span<std::uint8_t> batches, std::int32_t leader_epoch,
                              AppendOrigin origin = AppendOrigin::Client);

    // A follower's copy of batches its leader already appended: offsets, leader epochs and bytes stay
    // exactly as the leader wrote them, and only batch headers are read (the leader checked the rest).
    // The first batch must start at log_end_offset(); the copy rolls segments like append() does.
    [[nodiscard]] Status append_replicated(std::span<const std::uint8_t> batches);

    // Whole batches starting with the one that holds `offset`, up to `max_bytes` in total but always at
    // least one batch, and only batches that end below `upper_bound` (the high watermark; the log end
    // offset by default). OffsetOutOfRange outside [log start, log end].
    Result<LogSlice> read(std::int64_t offset, std::size_t max_bytes,
                          std::optional<std::int64_t> upper_bound = std::nullopt) const;

    std::int64_t log_start_offset() const { return log_start_offset_; }
    std::int64_t log_end_offset() const { return segments_.back().next_offset(); }
    std::uint64_t size_bytes() const;
    std::size_t segment_count() const { return segments_.size(); }
    const std::vector<Segment>& segments() const { return segments_; }
    const LeaderEpochCache& leader_epochs() const { return epochs_; }
    EpochEndOffset end_offset_for_epoch(std::int32_t epoch) const {
        return epochs_.end_offset_for(epoch, log_end_offset());
    }
    const std::filesystem::path& dir() const { return dir_; }
    // False for a deferred log that has not been written to yet: it has no directory or files.
    bool on_disk() const { return on_disk_; }
    // New topic configs (AlterConfigs): they apply from the next append or roll on.
    void reconfigure(LogConfig config) { config_ = std::move(config); }

    // Removes everything from the batch holding `offset` on (a follower whose log diverged from its
    // leader's). Truncation is by whole batches; below the log start the log is emptied and starts over
    // at `offset`.
    [[nodiscard]] Status truncate_to(std::int64_t offset);
    // DeleteRecords: moves the log start to `offset` (at most the log end) and deletes the segments that
    // lie entirely below it. The active segment is never deleted.
    [[nodiscard]] Status delete_records_before(std::int64_t offset);
    // Deletes the oldest segments, never the active one, while they are older than retention_ms (by
    // their largest timestamp) or while the log stays at least retention_bytes without them. -1
    // disables either limit. Returns the number of segments deleted.
    Result<std::size_t> apply_retention(std::int64_t now_ms, std::int64_t retention_ms,
                                        std::int64_t retention_bytes);
    // The first offset at or after the log start whose record timestamp is >= `timestamp`. Exact for
    // uncompressed batches and LogAppendTime; in a compressed CreateTime batch, whose records are not
    // decompressed here, the batch's first offset. The special ListOffsets timestamps (-1 latest, -2
    // earliest, -3 max timestamp) are for the caller to map to log_end_offset() and log_start_offset().
    Result<TimestampOffset> offset_for_timestamp(std::int64_t timestamp) const;

    [[nodiscard]] Status flush();

private:
    PartitionLog(std::filesystem::path dir, LogConfig config)
        : dir_(std::move(dir)), config_(std::move(config)) {}

    std::int64_t now_ms() const;
    Status load_segments(const std::vector<std::int64_t>& base_offsets, std::optional<std::int64_t> start,
                         bool rebuild_epochs, bool trust_active = false);
    bool should_roll(std::size_t incoming_bytes, std::int64_t incoming_last_offset,
                     std::int64_t incoming_max_timestamp, std::int64_t now) const;
    Status roll();
    Status persist_log_start_offset(std::int64_t offset);
    Status set_log_start_offset(std::int64_t offset);
    Status delete_oldest_segment();
    Status start_over_at(std::int64_t offset);
    Status learn_epoch(const protocol::BatchHeader& header);
    Status materialize();

    std::filesystem::path dir_;
    LogConfig config_;
    std::vector<Segment> segments_;  // by base offset; never empty once opened, the last one is active
    LeaderEpochCache epochs_;
    std::int64_t log_start_offset_ = 0;
    std::int64_t active_segment_since_ms_ = 0;
    bool on_disk_ = true;
};

}  // namespace tideline::broker::storage
