// PartitionLog operations that remove data or search it: truncation, DeleteRecords, retention, and
// the lookup by timestamp.
#include "broker/storage/atomic_file.h"
#include "broker/storage/partition_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace tideline::broker::storage {

namespace {

// Where a record at or after `timestamp` (and at or after `log_start`) sits in one batch whose
// maxTimestamp reached it; nullopt when the batch's only such records lie below the log start.
Result<std::optional<TimestampOffset>> find_in_batch(const Segment& segment, const LocatedBatch& batch,
                                                     std::int64_t timestamp, std::int64_t log_start) {
    const auto& header = batch.header;
    const std::int64_t first_offset = std::max(header.base_offset, log_start);
    const std::int32_t epoch = header.partition_leader_epoch;
    if (header.timestamp_type() == protocol::TimestampType::LogAppendTime)
        return std::optional(TimestampOffset{first_offset, header.max_timestamp, epoch});
    if (header.compression() != protocol::Compression::None) {
        // baseTimestamp is the first record's timestamp; beyond that the records are out of reach.
        if (header.base_timestamp >= timestamp && first_offset == header.base_offset)
            return std::optional(TimestampOffset{first_offset, header.base_timestamp, epoch});
        return std::optional(TimestampOffset{first_offset, header.max_timestamp, epoch});
    }
    auto bytes = segment.read(batch.position, header.total_size());
    if (!bytes) return bytes.error();
    protocol::BatchSetReader batches(*bytes, {.verify_crc = false});
    auto view = batches.next();
    if (!view)
        return StorageError{
            ErrorCode::KafkaStorageError,
            segment.log_path().string() + ": unreadable batch at " + std::to_string(batch.position)};
    protocol::RecordReader records(*view);
    while (auto record = records.next()) {
        const std::int64_t offset = record->offset(view->header);
        const std::int64_t record_timestamp = record->timestamp(view->header);
        if (offset >= log_start && record_timestamp >= timestamp)
            return std::optional(TimestampOffset{offset, record_timestamp, epoch});
    }
    if (records.error())
        return StorageError{ErrorCode::KafkaStorageError,
                            segment.log_path().string() + ": " + records.error()->message};
    return std::optional<TimestampOffset>();
}

}  // namespace

Status PartitionLog::persist_log_start_offset(std::int64_t offset) {
    const std::string checkpoint = "0\n" + std::to_string(offset) + "\n";
    if (auto error = write_file_atomically(dir_ / kLogStartOffsetFileName, checkpoint)) return error;
    log_start_offset_ = offset;
    return std::nullopt;
}

Status PartitionLog::set_log_start_offset(std::int64_t offset) {
    if (offset == log_start_offset_) return std::nullopt;
    if (auto error = persist_log_start_offset(offset)) return error;
    return epochs_.truncate_from_start(offset);
}

// The start moves first and is persisted; only then do the files go, so a crash in between leaves files
// that open() recognises as below the start and deletes.
Status PartitionLog::delete_oldest_segment() {
    if (segments_.size() < 2) return std::nullopt;
    if (auto error = set_log_start_offset(std::max(log_start_offset_, segments_[1].base_offset())))
        return error;
    Segment doomed = std::move(segments_.front());
    segments_.erase(segments_.begin());
    spdlog::debug("{}: deleting segment {}", dir_.string(), doomed.log_path().string());
    return doomed.remove_files();
}

Status PartitionLog::start_over_at(std::int64_t offset) {
    if (auto error = materialize()) return error;
    while (!segments_.empty()) {
        if (auto error = segments_.back().remove_files()) return error;
        segments_.pop_back();
    }
    auto segment = Segment::create(dir_, offset, static_cast<std::uint32_t>(config_.index_interval_bytes));
    if (!segment) return segment.error();
    segments_.push_back(std::move(segment.value()));
    if (auto error = sync_directory(dir_)) return error;
    active_segment_since_ms_ = now_ms();
    if (auto error = epochs_.replace({})) return error;
    // Written even when unchanged: the files that justified the old value are gone.
    return persist_log_start_offset(offset);
}

Status PartitionLog::truncate_to(std::int64_t offset) {
    if (offset >= log_end_offset()) return std::nullopt;
    if (auto error = materialize()) return error;
    if (offset < log_start_offset_) return start_over_at(std::max<std::int64_t>(offset, 0));
    while (segments_.size() > 1 && segments_.back().base_offset() > offset) {
        if (auto error = segments_.back().remove_files()) return error;
        segments_.pop_back();
    }
    if (auto error = segments_.back().truncate_to(offset)) return error;
    active_segment_since_ms_ = now_ms();
    // Truncation is by whole batches, so it can cut below a log start that sat inside a batch.
    if (log_end_offset() < log_start_offset_)
        if (auto error = set_log_start_offset(log_end_offset())) return error;
    return epochs_.truncate_from_end(log_end_offset());
}

Status PartitionLog::delete_records_before(std::int64_t offset) {
    if (offset > log_end_offset())
        return StorageError{ErrorCode::OffsetOutOfRange,
                            "cannot delete records before " + std::to_string(offset) +
                                ", beyond the log end offset " + std::to_string(log_end_offset())};
    if (offset <= log_start_offset_) return std::nullopt;
    if (auto error = materialize()) return error;
    if (auto error = set_log_start_offset(offset)) return error;
    while (segments_.size() > 1 && segments_[1].base_offset() <= log_start_offset_)
        if (auto error = delete_oldest_segment()) return error;
    return std::nullopt;
}

Result<std::size_t> PartitionLog::apply_retention(std::int64_t now_ms, std::int64_t retention_ms,
                                                  std::int64_t retention_bytes) {
    std::size_t deleted = 0;
    while (retention_ms >= 0 && segments_.size() > 1) {
        std::int64_t newest = segments_.front().max_timestamp();
        if (newest < 0) {  // no record timestamps: fall back to the file's age, as Kafka does
            auto modified = segments_.front().last_modified_ms();
            if (!modified) return modified.error();
            newest = *modified;
        }
        if (now_ms - newest <= retention_ms) break;
        if (auto error = delete_oldest_segment()) return *error;
        ++deleted;
    }
    std::uint64_t total = size_bytes();
    while (retention_bytes >= 0 && segments_.size() > 1 &&
           total - segments_.front().size() >= static_cast<std::uint64_t>(retention_bytes)) {
        total -= segments_.front().size();
        if (auto error = delete_oldest_segment()) return *error;
        ++deleted;
    }
    return deleted;
}

Result<TimestampOffset> PartitionLog::offset_for_timestamp(std::int64_t timestamp) const {
    for (const Segment& segment : segments_) {
        // Segments are searched in order and the first one holding a late enough record has the answer.
        if (segment.max_timestamp() < timestamp || segment.next_offset() <= log_start_offset_) continue;
        auto walker = segment.walk_from(segment.scan_start_for_timestamp(timestamp));
        while (auto batch = walker.next()) {
            if (batch->header.last_offset() < log_start_offset_ || batch->header.max_timestamp < timestamp)
                continue;
            auto found = find_in_batch(segment, *batch, timestamp, log_start_offset_);
            if (!found) return found.error();
            if (*found) return **found;
        }
        if (walker.error()) return *walker.error();
    }
    return TimestampOffset{};
}

}  // namespace tideline::broker::storage
