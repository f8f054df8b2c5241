// One segment of a partition log: `<base offset, 20 digits>.log` with its `.index` and `.timeindex`.
// The .log holds record batches exactly as they were appended (offsets and leader epoch patched in,
// nothing re-encoded), so a read is a byte range of the file.
#pragma once

#include "broker/storage/file_io.h"
#include "broker/storage/offset_index.h"
#include "broker/storage/storage_error.h"
#include "broker/storage/time_index.h"
#include "record_batch.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tideline::broker::storage {

struct LocatedBatch {
    protocol::BatchHeader header;
    std::uint64_t position = 0;  // in the segment's .log
    std::uint64_t end() const { return position + header.total_size(); }
};

// Steps through the batch headers of a segment file, reading it in chunks so that walking over many
// small batches costs few system calls. It checks only what it needs to step safely (magic, a
// plausible batchLength that stays inside the file), not CRCs: those are checked when a segment is
// recovered, and everything after that was validated on append.
class BatchHeaderWalker {
public:
    BatchHeaderWalker(int fd, const std::filesystem::path& path, std::uint64_t start, std::uint64_t end);

    std::optional<LocatedBatch> next();
    const Status& error() const { return error_; }

private:
    bool fill(std::uint64_t position);

    int fd_;
    std::filesystem::path path_;
    std::uint64_t position_;
    std::uint64_t end_;
    std::vector<std::uint8_t> buffer_;
    std::uint64_t buffer_start_ = 0;
    Status error_;
};

// Called for every valid batch a recovery or rebuild finds, in log order.
using BatchObserver = std::function<void(const protocol::BatchHeader&)>;

class Segment {
public:
    static std::string file_stem(std::int64_t base_offset);  // 20 digits, zero-padded
    static std::filesystem::path log_path(const std::filesystem::path& dir, std::int64_t base_offset);
    static std::filesystem::path offset_index_path(const std::filesystem::path& dir,
                                                   std::int64_t base_offset);
    static std::filesystem::path time_index_path(const std::filesystem::path& dir, std::int64_t base_offset);

    // A new, empty segment; existing files of that name are emptied.
    static Result<Segment> create(const std::filesystem::path& dir, std::int64_t base_offset,
                                  std::uint32_t index_interval_bytes);
    // A segment that is no longer appended to. Its log is trusted; its indexes are checked against the
    // log cheaply and rebuilt from a full scan when they do not match.
    static Result<Segment> open_sealed(const std::filesystem::path& dir, std::int64_t base_offset,
                                       std::uint32_t index_interval_bytes);
    // The active segment after a restart: every batch is checked (framing, CRC, increasing offsets), a
    // torn or corrupt tail is cut off at the last valid batch, and the indexes are rebuilt.
    static Result<Segment> recover(const std::filesystem::path& dir, std::int64_t base_offset,
                                   std::uint32_t index_interval_bytes, const BatchObserver& observer);
    // The active segment after a clean shutdown, which synced it: trusted like a sealed segment, so
    // only the batches after its last index entry are read to resume appending. Falls back to
    // recover() when the indexes do not match the log.
    static Result<Segment> reopen_active(const std::filesystem::path& dir, std::int64_t base_offset,
                                         std::uint32_t index_interval_bytes, const BatchObserver& observer);
    // An empty segment whose files do not exist yet: it answers every query as empty and must be
    // replaced by create() before anything is written (see PartitionLog::create_deferred).
    static Segment placeholder(const std::filesystem::path& dir, std::int64_t base_offset,
                               std::uint32_t index_interval_bytes);

    Segment(Segment&&) noexcept = default;
    Segment& operator=(Segment&&) noexcept = default;

    std::int64_t base_offset() const { return base_offset_; }
    std::int64_t next_offset() const { return next_offset_; }
    std::uint64_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // Largest batch maxTimestamp in the segment; -1 when no batch has a timestamp.
    std::int64_t max_timestamp() const { return index_state_.max_timestamp; }
    // maxTimestamp of the first batch, on which segment.ms rolling is based (as in Kafka).
    std::optional<std::int64_t> first_batch_max_timestamp() const { return first_batch_max_timestamp_; }
    const OffsetIndex& offset_index() const { return offset_index_; }
    const TimeIndex& time_index() const { return time_index_; }
    std::filesystem::path log_path() const { return log_path_; }
    Result<std::int64_t> last_modified_ms() const { return modification_time_ms(log_path_); }

    // Appends whole batches that already carry their final offsets; `headers` describes them in order.
    [[nodiscard]] Status append(std::span<const std::uint8_t> batches,
                                std::span<const protocol::BatchHeader> headers);
    // The segment stops being active: a final time index entry records its largest timestamp, and
    // everything is synced so that recovery never needs to look at it again.
    [[nodiscard]] Status seal();
    [[nodiscard]] Status sync();
    // Removes the batch holding `offset` and everything after it, then rescans what is left.
    [[nodiscard]] Status truncate_to(std::int64_t offset);
    [[nodiscard]] Status remove_files();

    // The first batch holding offsets >= `offset`; nullopt when the segment ends before that.
    Result<std::optional<LocatedBatch>> find_batch(std::int64_t offset) const;
    // Where a scan for the first record with a timestamp >= `timestamp` may start.
    std::uint64_t scan_start_for_timestamp(std::int64_t timestamp) const;
    BatchHeaderWalker walk_from(std::uint64_t position) const;
    Result<std::vector<std::uint8_t>> read(std::uint64_t position, std::uint64_t size) const;

private:
    // What index building remembers between batches, so that appending and rebuilding from the file
    // produce the same entries.
    struct IndexState {
        std::uint64_t bytes_since_last_entry = 0;
        std::int64_t max_timestamp = kNoTimestamp;
        std::int64_t offset_of_max_timestamp = -1;
        std::int64_t last_indexed_timestamp = kNoTimestamp;
    };
    struct IndexEntries {
        std::optional<OffsetIndexEntry> offset;
        std::optional<TimeIndexEntry> time;
    };

    Segment(std::filesystem::path dir, std::int64_t base_offset, std::uint32_t index_interval_bytes);
    static Result<Segment> open_files(const std::filesystem::path& dir, std::int64_t base_offset,
                                      std::uint32_t index_interval_bytes, bool create);
    IndexEntries note_batch(const protocol::BatchHeader& header, std::uint64_t position);
    Status rebuild(bool sealed, const BatchObserver& observer);
    bool indexes_match_log();
    bool resume_from_indexes();

    std::filesystem::path dir_;
    std::filesystem::path log_path_;
    std::int64_t base_offset_ = 0;
    std::uint32_t index_interval_bytes_ = 4096;
    UniqueFd log_;
    std::uint64_t size_ = 0;
    std::int64_t next_offset_ = 0;
    std::optional<std::int64_t> first_batch_max_timestamp_;
    IndexState index_state_;
    OffsetIndex offset_index_;
    TimeIndex time_index_;
};

}  // namespace tideline::broker::storage
