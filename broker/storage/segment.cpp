#include "broker/storage/segment.h"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <algorithm>
#include <cstdio>
#include <limits>

namespace tideline::broker::storage {

namespace layout = protocol::batch_layout;

namespace {

// A walk usually covers index.interval.bytes plus one batch, so this is one read for most lookups.
constexpr std::size_t kWalkChunk = 16 * 1024;
constexpr std::size_t kScanChunk = 1024 * 1024;
constexpr std::int64_t kMaxRelativeOffset = std::numeric_limits<std::int32_t>::max();

struct ScanOutcome {
    std::uint64_t valid_size = 0;
    std::string problem;  // empty when everything up to the end of the file was valid
};

// Checks every batch of a file (framing, CRC) in chunks and reports how far it is valid. `accept` may
// reject a well-formed batch with a reason, which ends the valid part there too.
template <typename Accept>
Result<ScanOutcome> scan_batches(int fd, const std::filesystem::path& path, std::uint64_t size,
                                 Accept&& accept) {
    std::uint64_t position = 0;
    std::size_t chunk = kScanChunk;
    std::vector<std::uint8_t> buffer;
    while (position < size) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, size - position));
        buffer.resize(want);
        auto read = read_at(fd, buffer, position, path);
        if (!read) return read.error();
        if (*read < want) return ScanOutcome{position, "the file is shorter than its size"};

        protocol::BatchSetReader reader(buffer);
        while (auto batch = reader.next()) {
            if (auto reason = accept(*batch, position + batch->position)) {
                return ScanOutcome{position + batch->position, *reason};
            }
        }
        const std::uint64_t consumed = reader.position();
        const auto& problem = reader.error();
        if (!problem) {
            position += consumed;
            continue;
        }
        const bool cut_by_chunk = problem->is_partial_batch() && position + want < size;
        if (!cut_by_chunk) {
            return ScanOutcome{position + consumed, std::string(protocol::to_string(problem->code)) +
                                                        " at byte " + std::to_string(position + consumed)};
        }
        if (consumed > 0) {
            position += consumed;  // the next read starts at the cut batch
            continue;
        }
        // A batch larger than the chunk: read it whole if the file holds it, else it is a torn tail.
        auto total =
            layout::kLogOverhead + static_cast<std::uint64_t>(load_be32(buffer, layout::kBatchLengthOffset));
        if (total > size - position)
            return ScanOutcome{position, "a batch of " + std::to_string(total) + " bytes at byte " +
                                             std::to_string(position) + " runs past the end of the file"};
        chunk = static_cast<std::size_t>(total);
    }
    return ScanOutcome{position, {}};
}

}  // namespace

BatchHeaderWalker::BatchHeaderWalker(int fd, const std::filesystem::path& path, std::uint64_t start,
                                     std::uint64_t end)
    : fd_(fd), path_(path), position_(start), end_(end) {}

bool BatchHeaderWalker::fill(std::uint64_t position) {
    buffer_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(kWalkChunk, end_ - position)));
    auto read = read_at(fd_, buffer_, position, path_);
    if (!read) {
        error_ = read.error();
        return false;
    }
    buffer_.resize(*read);
    buffer_start_ = position;
    return true;
}

std::optional<LocatedBatch> BatchHeaderWalker::next() {
    if (error_ || position_ >= end_) return std::nullopt;
    auto fail = [&](const std::string& what) {
        error_ = StorageError{ErrorCode::KafkaStorageError,
                              path_.string() + ": " + what + " at byte " + std::to_string(position_)};
        return std::nullopt;
    };
    if (end_ - position_ < layout::kHeaderSize) return fail("a batch header is cut off");
    const bool buffered =
        position_ >= buffer_start_ && position_ + layout::kHeaderSize <= buffer_start_ + buffer_.size();
    if (!buffered && !fill(position_)) return std::nullopt;
    if (buffer_.size() < layout::kHeaderSize) return fail("the file ended inside a batch header");

    auto header = protocol::parse_batch_header(
        std::span<const std::uint8_t>(buffer_).subspan(position_ - buffer_start_, layout::kHeaderSize));
    if (header->magic != protocol::kCurrentMagic) return fail("magic " + std::to_string(header->magic));
    if (header->batch_length < layout::kMinBatchLength || header->total_size() > end_ - position_)
        return fail("batch length " + std::to_string(header->batch_length) + " does not fit the file");
    LocatedBatch batch{*header, position_};
    position_ = batch.end();
    return batch;
}

std::string Segment::file_stem(std::int64_t base_offset) {
    char name[32];
    std::snprintf(name, sizeof name, "%020lld", static_cast<long long>(base_offset));
    return name;
}

std::filesystem::path Segment::log_path(const std::filesystem::path& dir, std::int64_t base_offset) {
    return dir / (file_stem(base_offset) + ".log");
}

std::filesystem::path Segment::offset_index_path(const std::filesystem::path& dir, std::int64_t base_offset) {
    return dir / (file_stem(base_offset) + ".index");
}

std::filesystem::path Segment::time_index_path(const std::filesystem::path& dir, std::int64_t base_offset) {
    return dir / (file_stem(base_offset) + ".timeindex");
}

Segment::Segment(std::filesystem::path dir, std::int64_t base_offset, std::uint32_t index_interval_bytes)
    : dir_(std::move(dir)),
      log_path_(log_path(dir_, base_offset)),
      base_offset_(base_offset),
      index_interval_bytes_(index_interval_bytes),
      next_offset_(base_offset) {}

Result<Segment> Segment::open_files(const std::filesystem::path& dir, std::int64_t base_offset,
                                    std::uint32_t index_interval_bytes, bool create) {
    Segment segment(dir, base_offset, index_interval_bytes);
    if (create) {
        for (const auto& stale : {offset_index_path(dir, base_offset), time_index_path(dir, base_offset)})
            if (auto error = remove_file(stale)) return *error;
    }
    auto log = open_file(segment.log_path_, O_RDWR | O_CREAT | (create ? O_TRUNC : 0));
    if (!log) return log.error();
    segment.log_ = std::move(log.value());
    auto size = file_size(segment.log_.get(), segment.log_path_);
    if (!size) return size.error();
    segment.size_ = *size;
    auto offset_index = OffsetIndex::open(offset_index_path(dir, base_offset), base_offset);
    if (!offset_index) return offset_index.error();
    segment.offset_index_ = std::move(offset_index.value());
    auto time_index = TimeIndex::open(time_index_path(dir, base_offset), base_offset);
    if (!time_index) return time_index.error();
    segment.time_index_ = std::move(time_index.value());
    return segment;
}

Result<Segment> Segment::create(const std::filesystem::path& dir, std::int64_t base_offset,
                                std::uint32_t index_interval_bytes) {
    return open_files(dir, base_offset, index_interval_bytes, true);
}

Result<Segment> Segment::reopen_active(const std::filesystem::path& dir, std::int64_t base_offset,
                                       std::uint32_t index_interval_bytes, const BatchObserver& observer) {
    {
        auto segment = open_files(dir, base_offset, index_interval_bytes, false);
        if (!segment) return segment;
        if (segment->resume_from_indexes()) return segment;
        spdlog::warn("{}: indexes do not match the log after a clean shutdown; checking it in full",
                     segment->log_path_.string());
    }
    return recover(dir, base_offset, index_interval_bytes, observer);
}

// Restores what appending needs (next offset, index state, first batch timestamp) from the indexes
// and the batches after the last offset index entry, the same state a full rebuild would reach.
bool Segment::resume_from_indexes() {
    if (!offset_index_.intact() || !time_index_.intact()) return false;
    const auto& entries = offset_index_.entries();
    const std::uint64_t start = entries.empty() ? 0 : entries.back().position;
    if (!entries.empty() && start >= size_) return false;

    const auto last_time = time_index_.last();
    IndexState state;
    state.max_timestamp = last_time ? last_time->timestamp : kNoTimestamp;
    state.offset_of_max_timestamp = last_time ? last_time->offset : -1;
    state.last_indexed_timestamp = state.max_timestamp;
    std::int64_t next_offset = entries.empty() ? base_offset_ : entries.back().offset;
    bool first = true;
    BatchHeaderWalker walker = walk_from(start);
    while (auto batch = walker.next()) {
        const auto& header = batch->header;
        if (first && !entries.empty() && header.last_offset() != entries.back().offset) return false;
        if (header.base_offset < next_offset && !(first && !entries.empty())) return false;
        first = false;
        next_offset = header.last_offset() + 1;
        if (header.max_timestamp > state.max_timestamp) {
            state.max_timestamp = header.max_timestamp;
            state.offset_of_max_timestamp = header.last_offset();
        }
        state.bytes_since_last_entry += header.total_size();
    }
    if (walker.error()) return false;
    if (last_time && last_time->offset >= next_offset) return false;
    if (size_ > 0) {
        auto head = walk_from(0).next();
        if (!head) return false;
        first_batch_max_timestamp_ = head->header.max_timestamp;
    }
    next_offset_ = next_offset;
    index_state_ = state;
    return true;
}

Segment Segment::placeholder(const std::filesystem::path& dir, std::int64_t base_offset,
                             std::uint32_t index_interval_bytes) {
    return Segment(dir, base_offset, index_interval_bytes);
}

Result<Segment> Segment::open_sealed(const std::filesystem::path& dir, std::int64_t base_offset,
                                     std::uint32_t index_interval_bytes) {
    // Opening creates missing index files empty, and an empty index is consistent with any log.
    std::error_code ec;
    const bool indexes_missing = !std::filesystem::exists(offset_index_path(dir, base_offset), ec) ||
                                 !std::filesystem::exists(time_index_path(dir, base_offset), ec);
    auto segment = open_files(dir, base_offset, index_interval_bytes, false);
    if (!segment) return segment;
    if (indexes_missing || !segment->indexes_match_log()) {
        spdlog::warn("rebuilding the indexes of {}: they are missing or do not match the log",
                     segment->log_path_.string());
        if (auto error = segment->rebuild(true, {})) return *error;
    }
    return segment;
}

Result<Segment> Segment::recover(const std::filesystem::path& dir, std::int64_t base_offset,
                                 std::uint32_t index_interval_bytes, const BatchObserver& observer) {
    auto segment = open_files(dir, base_offset, index_interval_bytes, false);
    if (!segment) return segment;
    if (auto error = segment->rebuild(false, observer)) return *error;
    return segment;
}

// Cheap checks for a sealed segment: the last offset index entry points at the batch it names, the
// batches after it walk cleanly to the end of the file, the time index stays below the end offset.
bool Segment::indexes_match_log() {
    if (!offset_index_.intact() || !time_index_.intact()) return false;
    const auto& entries = offset_index_.entries();
    std::optional<OffsetIndexEntry> last_entry;
    if (!entries.empty()) last_entry = entries.back();
    if (last_entry && last_entry->position >= size_) return false;

    BatchHeaderWalker walker(log_.get(), log_path_, last_entry ? last_entry->position : 0, size_);
    std::int64_t next_offset = base_offset_;
    bool first = true;
    while (auto batch = walker.next()) {
        if (first && last_entry && batch->header.last_offset() != last_entry->offset) return false;
        if (batch->header.base_offset < next_offset && !first) return false;
        first = false;
        next_offset = batch->header.last_offset() + 1;
    }
    if (walker.error() || (first && last_entry)) return false;
    auto last_time = time_index_.last();
    if (last_time && last_time->offset >= next_offset) return false;

    next_offset_ = next_offset;
    index_state_.max_timestamp = last_time ? last_time->timestamp : kNoTimestamp;
    index_state_.offset_of_max_timestamp = last_time ? last_time->offset : -1;
    index_state_.last_indexed_timestamp = index_state_.max_timestamp;
    return true;
}

Segment::IndexEntries Segment::note_batch(const protocol::BatchHeader& header, std::uint64_t position) {
    IndexEntries entries;
    if (header.max_timestamp > index_state_.max_timestamp) {
        index_state_.max_timestamp = header.max_timestamp;
        index_state_.offset_of_max_timestamp = header.last_offset();
    }
    if (index_state_.bytes_since_last_entry > index_interval_bytes_ &&
        position <= static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max())) {
        entries.offset = OffsetIndexEntry{header.last_offset(), static_cast<std::uint32_t>(position)};
        if (index_state_.max_timestamp > index_state_.last_indexed_timestamp) {
            entries.time = TimeIndexEntry{index_state_.max_timestamp, index_state_.offset_of_max_timestamp};
            index_state_.last_indexed_timestamp = index_state_.max_timestamp;
        }
        index_state_.bytes_since_last_entry = 0;
    }
    index_state_.bytes_since_last_entry += header.total_size();
    return entries;
}

Status Segment::rebuild(bool sealed, const BatchObserver& observer) {
    index_state_ = {};
    first_batch_max_timestamp_.reset();
    std::vector<OffsetIndexEntry> offset_entries;
    std::vector<TimeIndexEntry> time_entries;
    std::int64_t next_offset = base_offset_;

    auto accept = [&](const protocol::BatchView& batch,
                      std::uint64_t position) -> std::optional<std::string> {
        const auto& header = batch.header;
        if (header.base_offset < next_offset)
            return "offset " + std::to_string(header.base_offset) + " goes back (expected at least " +
                   std::to_string(next_offset) + ")";
        if (header.last_offset_delta < 0 || header.last_offset() < header.base_offset ||
            header.last_offset() - base_offset_ > kMaxRelativeOffset)
            return "offsets " + std::to_string(header.base_offset) + "+" +
                   std::to_string(header.last_offset_delta) + " do not fit the segment";
        next_offset = header.last_offset() + 1;
        if (!first_batch_max_timestamp_) first_batch_max_timestamp_ = header.max_timestamp;
        auto entries = note_batch(header, position);
        if (entries.offset) offset_entries.push_back(*entries.offset);
        if (entries.time) time_entries.push_back(*entries.time);
        if (observer) observer(header);
        return std::nullopt;
    };
    auto outcome = scan_batches(log_.get(), log_path_, size_, accept);
    if (!outcome) return outcome.error();
    if (outcome->valid_size < size_) {
        spdlog::warn("{}: {}; truncating {} bytes after the last valid batch at byte {}", log_path_.string(),
                     outcome->problem, size_ - outcome->valid_size, outcome->valid_size);
        if (auto error = truncate_file(log_.get(), outcome->valid_size, log_path_)) return error;
        if (auto error = sync_file(log_.get(), log_path_)) return error;
        size_ = outcome->valid_size;
    }
    next_offset_ = next_offset;
    if (sealed && index_state_.max_timestamp > index_state_.last_indexed_timestamp) {
        time_entries.push_back({index_state_.max_timestamp, index_state_.offset_of_max_timestamp});
        index_state_.last_indexed_timestamp = index_state_.max_timestamp;
    }
    if (!offset_index_.intact() || offset_entries != offset_index_.entries())
        if (auto error = offset_index_.replace(std::move(offset_entries))) return error;
    if (!time_index_.intact() || time_entries != time_index_.entries())
        if (auto error = time_index_.replace(std::move(time_entries))) return error;
    return std::nullopt;
}

Status Segment::append(std::span<const std::uint8_t> batches,
                       std::span<const protocol::BatchHeader> headers) {
    if (auto error = write_at(log_.get(), batches, size_, log_path_)) {
        // Never leave half a batch behind for the next append to build on.
        (void)truncate_file(log_.get(), size_, log_path_);
        return error;
    }
    std::uint64_t position = size_;
    for (const auto& header : headers) {
        if (!first_batch_max_timestamp_) first_batch_max_timestamp_ = header.max_timestamp;
        auto entries = note_batch(header, position);
        // The batches are in the log already; a missing index entry only makes lookups scan further,
        // and the index is rebuilt when the segment is next recovered.
        if (entries.offset)
            if (auto error = offset_index_.append(*entries.offset)) spdlog::warn("{}", error->message);
        if (entries.time)
            if (auto error = time_index_.maybe_append(*entries.time)) spdlog::warn("{}", error->message);
        position += header.total_size();
        next_offset_ = header.last_offset() + 1;
    }
    size_ = position;
    return std::nullopt;
}

Status Segment::seal() {
    if (auto error =
            time_index_.maybe_append({index_state_.max_timestamp, index_state_.offset_of_max_timestamp}))
        return error;
    return sync();
}

Status Segment::sync() {
    if (auto error = sync_file(log_.get(), log_path_)) return error;
    if (auto error = offset_index_.sync()) return error;
    return time_index_.sync();
}

Status Segment::truncate_to(std::int64_t offset) {
    auto found = find_batch(offset);
    if (!found) return found.error();
    if (*found) {
        if (auto error = truncate_file(log_.get(), (*found)->position, log_path_)) return error;
        size_ = (*found)->position;
    }
    // Also when nothing was cut: a sealed segment becoming active again needs its append state back.
    return rebuild(false, {});
}

Status Segment::remove_files() {
    log_.reset();
    if (auto error = offset_index_.remove()) return error;
    if (auto error = time_index_.remove()) return error;
    return remove_file(log_path_);
}

Result<std::optional<LocatedBatch>> Segment::find_batch(std::int64_t offset) const {
    BatchHeaderWalker walker = walk_from(offset_index_.lookup(offset).position);
    while (auto batch = walker.next())
        if (batch->header.last_offset() >= offset) return std::optional<LocatedBatch>(*batch);
    if (walker.error()) return *walker.error();
    return std::optional<LocatedBatch>();
}

std::uint64_t Segment::scan_start_for_timestamp(std::int64_t timestamp) const {
    auto below = time_index_.last_before(timestamp);
    if (!below) return 0;
    // No record at or before below->offset reaches `timestamp`, so the batch holding the next offset
    // (or any earlier position) is a safe place to start.
    return offset_index_.lookup(below->offset + 1).position;
}

BatchHeaderWalker Segment::walk_from(std::uint64_t position) const {
    return BatchHeaderWalker(log_.get(), log_path_, position, size_);
}

Result<std::vector<std::uint8_t>> Segment::read(std::uint64_t position, std::uint64_t size) const {
    if (position > size_ || size > size_ - position)
        return StorageError{ErrorCode::KafkaStorageError, log_path_.string() + ": read of " +
                                                              std::to_string(size) + " bytes at " +
                                                              std::to_string(position) + " beyond the end"};
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    auto read = read_at(log_.get(), bytes, position, log_path_);
    if (!read) return read.error();
    if (*read != bytes.size())
        return StorageError{ErrorCode::KafkaStorageError, log_path_.string() + " ended early"};
    return bytes;
}

}  // namespace tideline::broker::storage
