#include "broker/storage/partition_log.h"

#include "broker/storage/append_validation.h"
#include "broker/storage/atomic_file.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>
#include <set>

namespace tideline::broker::storage {

namespace layout = protocol::batch_layout;

namespace {

constexpr std::size_t kSegmentStemDigits = 20;

std::optional<std::int64_t> parse_offset(std::string_view text) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

// Lists the segments in `dir`, removing what interrupted operations left behind: temporary files of
// atomic writes, and indexes whose log was already deleted.
Result<std::vector<std::int64_t>> clean_and_list_segments(const std::filesystem::path& dir) {
    std::set<std::int64_t> logs;
    std::vector<std::filesystem::path> indexes;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto& path = entry.path();
        const std::string name = path.filename().string();
        if (name.ends_with(kTemporaryFileSuffix)) {
            if (auto error = remove_file(path)) return *error;
            continue;
        }
        const std::string stem = path.stem().string();
        const std::string extension = path.extension().string();
        if (stem.size() != kSegmentStemDigits) continue;
        auto base = parse_offset(stem);
        if (!base) continue;
        if (extension == ".log") logs.insert(*base);
        if (extension == ".index" || extension == ".timeindex") indexes.push_back(path);
    }
    if (ec)
        return StorageError{ErrorCode::KafkaStorageError,
                            "cannot list " + dir.string() + ": " + ec.message()};
    for (const auto& index : indexes) {
        if (logs.count(*parse_offset(index.stem().string()))) continue;
        if (auto error = remove_file(index)) return *error;
    }
    return std::vector<std::int64_t>(logs.begin(), logs.end());
}

Result<std::optional<std::int64_t>> read_log_start_offset(const std::filesystem::path& dir) {
    const auto path = dir / kLogStartOffsetFileName;
    auto text = read_small_file(path);
    if (!text) return text.error();
    if (!text->has_value()) return std::optional<std::int64_t>();
    std::string_view content = **text;
    if (content.starts_with("0\n") && content.ends_with('\n')) {
        if (auto offset = parse_offset(content.substr(2, content.size() - 3))) return std::optional(*offset);
    }
    // Only an optimisation over the first segment's base offset; losing it re-exposes deleted records
    // of the first segment, which is better than refusing to start.
    spdlog::warn("ignoring {}: not a log start offset checkpoint", path.string());
    return std::optional<std::int64_t>();
}

void store_be16(std::span<std::uint8_t> out, std::size_t at, std::uint16_t value) {
    out[at] = static_cast<std::uint8_t>(value >> 8);
    out[at + 1] = static_cast<std::uint8_t>(value);
}

// LogAppendTime: the broker's clock replaces the producer's timestamps. Attributes and maxTimestamp
// are covered by the CRC, so it is recomputed; the records themselves stay as they are.
void stamp_log_append_time(std::span<std::uint8_t> batch, protocol::BatchHeader& header, std::int64_t now) {
    header.attributes =
        static_cast<std::int16_t>(header.attributes | protocol::batch_attributes::kTimestampType);
    header.max_timestamp = now;
    store_be16(batch, layout::kAttributesOffset, static_cast<std::uint16_t>(header.attributes));
    store_be64(batch, layout::kMaxTimestampOffset, static_cast<std::uint64_t>(now));
    header.crc = protocol::compute_batch_crc(batch);
    store_be32(batch, layout::kCrcOffset, header.crc);
}

bool valid_config(const LogConfig& config) {
    return config.segment_bytes > 0 && config.index_interval_bytes >= 0 && config.max_message_bytes > 0 &&
           config.segment_ms > 0;
}

}  // namespace

Result<PartitionLog> PartitionLog::create_deferred(std::filesystem::path dir, LogConfig config) {
    if (!valid_config(config))
        return StorageError{ErrorCode::KafkaStorageError, "invalid log config for " + dir.string()};
    PartitionLog log(dir, std::move(config));
    log.on_disk_ = false;
    log.epochs_ = LeaderEpochCache(dir / kLeaderEpochCheckpointName);
    log.segments_.push_back(
        Segment::placeholder(dir, 0, static_cast<std::uint32_t>(log.config_.index_interval_bytes)));
    log.active_segment_since_ms_ = log.now_ms();
    return log;
}

Result<PartitionLog> PartitionLog::open_or_defer(std::filesystem::path dir, LogConfig config,
                                                 OpenOptions options) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(dir, ec);
    if (ec)
        return StorageError{ErrorCode::KafkaStorageError,
                            "cannot stat " + dir.string() + ": " + ec.message()};
    return exists ? open(std::move(dir), std::move(config), options)
                  : create_deferred(std::move(dir), std::move(config));
}

Status PartitionLog::materialize() {
    if (on_disk_) return std::nullopt;
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    if (!ec) std::filesystem::create_directories(dir_, ec);
    if (ec)
        return StorageError{ErrorCode::KafkaStorageError,
                            "cannot create " + dir_.string() + ": " + ec.message()};
    auto segment =
        Segment::create(dir_, log_start_offset_, static_cast<std::uint32_t>(config_.index_interval_bytes));
    if (!segment) return segment.error();
    segments_.back() = std::move(segment.value());
    if (auto error = sync_directory(dir_)) return error;
    on_disk_ = true;
    return std::nullopt;
}

Result<PartitionLog> PartitionLog::open(std::filesystem::path dir, LogConfig config, OpenOptions options) {
    if (!valid_config(config))
        return StorageError{ErrorCode::KafkaStorageError, "invalid log config for " + dir.string()};
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return StorageError{ErrorCode::KafkaStorageError,
                            "cannot create " + dir.string() + ": " + ec.message()};
    auto base_offsets = clean_and_list_segments(dir);
    if (!base_offsets) return base_offsets.error();

    PartitionLog log(dir, std::move(config));
    // Without a checkpoint the active segment's batches alone would give a partial history.
    bool rebuild_epochs =
        !std::filesystem::exists(dir / kLeaderEpochCheckpointName, ec) && base_offsets->size() > 1;
    auto epochs = LeaderEpochCache::load(dir / kLeaderEpochCheckpointName);
    if (epochs) {
        log.epochs_ = std::move(*epochs);
    } else if (epochs.error().code == ErrorCode::CorruptMessage) {
        spdlog::warn("{}; rebuilding it from the log", epochs.error().message);
        log.epochs_ = LeaderEpochCache(dir / kLeaderEpochCheckpointName);
        rebuild_epochs = true;
    } else {
        return epochs.error();
    }
    auto start = read_log_start_offset(dir);
    if (!start) return start.error();
    if (auto error = log.load_segments(*base_offsets, *start, rebuild_epochs,
                                       options.after_clean_shutdown && !rebuild_epochs))
        return *error;
    return log;
}

Status PartitionLog::load_segments(const std::vector<std::int64_t>& base_offsets,
                                   std::optional<std::int64_t> start, bool rebuild_epochs,
                                   bool trust_active) {
    const auto interval = static_cast<std::uint32_t>(config_.index_interval_bytes);
    Status epoch_error;
    auto observe = [&](const protocol::BatchHeader& header) {
        if (!epoch_error) epoch_error = learn_epoch(header);
    };
    if (base_offsets.empty()) {
        auto created = Segment::create(dir_, start.value_or(0), interval);
        if (!created) return created.error();
        segments_.push_back(std::move(created.value()));
        if (auto error = sync_directory(dir_)) return error;
    }
    for (std::size_t i = 0; i < base_offsets.size(); ++i) {
        const bool active = i + 1 == base_offsets.size();
        auto segment = !active        ? Segment::open_sealed(dir_, base_offsets[i], interval)
                       : trust_active ? Segment::reopen_active(dir_, base_offsets[i], interval, observe)
                                      : Segment::recover(dir_, base_offsets[i], interval, observe);
        if (!segment) return segment.error();
        if (!active && rebuild_epochs) {
            auto walker = segment->walk_from(0);
            while (auto batch = walker.next()) observe(batch->header);
            if (walker.error()) return walker.error();
        }
        segments_.push_back(std::move(segment.value()));
    }
    if (epoch_error) return epoch_error;
    for (std::size_t i = 0; i + 1 < segments_.size(); ++i) {
        if (segments_[i].next_offset() > segments_[i + 1].base_offset())
            return StorageError{ErrorCode::KafkaStorageError,
                                segments_[i].log_path().string() + " ends at offset " +
                                    std::to_string(segments_[i].next_offset()) + ", beyond the start of " +
                                    segments_[i + 1].log_path().string()};
    }

    log_start_offset_ = std::max(start.value_or(0), segments_.front().base_offset());
    if (log_start_offset_ > log_end_offset()) {
        // Everything the log holds lies below its start, so all of it was deleted already.
        spdlog::warn("{}: log start offset {} is beyond the log end offset {}; starting empty there",
                     dir_.string(), log_start_offset_, log_end_offset());
        if (auto error = start_over_at(log_start_offset_)) return error;
    }
    // DeleteRecords may have been interrupted between moving the start and deleting segments.
    while (segments_.size() > 1 && segments_[1].base_offset() <= log_start_offset_)
        if (auto error = delete_oldest_segment()) return error;
    if (auto error = epochs_.truncate_from_end(log_end_offset())) return error;
    if (auto error = epochs_.truncate_from_start(log_start_offset_)) return error;
    active_segment_since_ms_ = now_ms();
    return std::nullopt;
}

// During recovery only newer epochs are learnt: an older epoch at a later offset would otherwise wipe
// the newer entries (the same rule as Kafka's segment recovery).
Status PartitionLog::learn_epoch(const protocol::BatchHeader& header) {
    const auto latest = epochs_.latest();
    if (header.partition_leader_epoch < 0 || (latest && header.partition_leader_epoch <= latest->epoch))
        return std::nullopt;
    return epochs_.assign(header.partition_leader_epoch, header.base_offset);
}

std::int64_t PartitionLog::now_ms() const {
    if (config_.clock) return config_.clock();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::uint64_t PartitionLog::size_bytes() const {
    std::uint64_t total = 0;
    for (const auto& segment : segments_) total += segment.size();
    return total;
}

Result<AppendInfo> PartitionLog::append(std::span<std::uint8_t> batches, std::int32_t leader_epoch,
                                        AppendOrigin origin) {
    if (batches.size() > static_cast<std::size_t>(config_.segment_bytes))
        return StorageError{ErrorCode::RecordListTooLarge, std::to_string(batches.size()) +
                                                               " bytes exceed segment.bytes " +
                                                               std::to_string(config_.segment_bytes)};
    auto validated = validate_for_append(
        batches, {static_cast<std::size_t>(config_.max_message_bytes), origin == AppendOrigin::Coordinator});
    if (!validated) return validated.error();
    const auto latest = epochs_.latest();
    if (leader_epoch >= 0 && latest && leader_epoch < latest->epoch)
        return StorageError{ErrorCode::FencedLeaderEpoch, "leader epoch " + std::to_string(leader_epoch) +
                                                              " is older than the log's epoch " +
                                                              std::to_string(latest->epoch)};
    if (auto error = materialize()) return *error;

    const std::int64_t now = now_ms();
    const bool log_append_time = config_.timestamp_type == protocol::TimestampType::LogAppendTime;
    std::int64_t record_span = 0;
    std::int64_t incoming_max_timestamp = log_append_time ? now : kNoTimestamp;
    for (const auto& batch : *validated) {
        record_span += std::int64_t(batch.header.last_offset_delta) + 1;
        if (!log_append_time)
            incoming_max_timestamp = std::max(incoming_max_timestamp, batch.header.max_timestamp);
    }
    if (should_roll(batches.size(), log_end_offset() + record_span - 1, incoming_max_timestamp, now))
        if (auto error = roll()) return *error;

    const std::int64_t base_offset = log_end_offset();
    std::int64_t next_offset = base_offset;
    std::vector<protocol::BatchHeader> headers;
    headers.reserve(validated->size());
    for (auto& batch : *validated) {
        auto bytes = batches.subspan(batch.position, batch.header.total_size());
        // Cannot fail: validation proved every batch is at least a header long.
        (void)protocol::set_base_offset(bytes, next_offset);
        (void)protocol::set_partition_leader_epoch(bytes, leader_epoch);
        batch.header.base_offset = next_offset;
        batch.header.partition_leader_epoch = leader_epoch;
        if (log_append_time) stamp_log_append_time(bytes, batch.header, now);
        next_offset = batch.header.last_offset() + 1;
        headers.push_back(batch.header);
    }

    // The epoch goes to its checkpoint before the data: a crash in between leaves an epoch starting at
    // the log end, which open() trims away.
    if (leader_epoch >= 0)
        if (auto error = epochs_.assign(leader_epoch, base_offset)) return *error;
    if (auto error = segments_.back().append(batches, headers)) {
        (void)epochs_.truncate_from_end(base_offset);
        return *error;
    }
    return AppendInfo{base_offset, next_offset - 1, log_append_time ? now : -1, log_start_offset_};
}

bool PartitionLog::should_roll(std::size_t incoming_bytes, std::int64_t incoming_last_offset,
                               std::int64_t incoming_max_timestamp, std::int64_t now) const {
    const Segment& active = segments_.back();
    if (active.empty()) return false;
    if (active.size() + incoming_bytes > static_cast<std::uint64_t>(config_.segment_bytes)) return true;
    // Index entries store offsets relative to the segment's base in 32 bits.
    if (incoming_last_offset - active.base_offset() > std::numeric_limits<std::int32_t>::max()) return true;
    // segment.ms as Kafka measures it: from the first batch's timestamp to the new batches' timestamp,
    // or by the wall clock when the segment has no timestamps.
    const auto first_timestamp = active.first_batch_max_timestamp();
    const std::int64_t waited = first_timestamp && *first_timestamp >= 0
                                    ? incoming_max_timestamp - *first_timestamp
                                    : now - active_segment_since_ms_;
    return waited > config_.segment_ms;
}

Status PartitionLog::roll() {
    Segment& active = segments_.back();
    if (auto error = active.seal()) return error;
    auto segment =
        Segment::create(dir_, active.next_offset(), static_cast<std::uint32_t>(config_.index_interval_bytes));
    if (!segment) return segment.error();
    segments_.push_back(std::move(segment.value()));
    active_segment_since_ms_ = now_ms();
    spdlog::debug("{}: rolled a new segment at offset {}", dir_.string(), segments_.back().base_offset());
    return sync_directory(dir_);
}

Result<LogSlice> PartitionLog::read(std::int64_t offset, std::size_t max_bytes,
                                    std::optional<std::int64_t> upper_bound) const {
    if (offset < log_start_offset_ || offset > log_end_offset())
        return StorageError{ErrorCode::OffsetOutOfRange, "offset " + std::to_string(offset) +
                                                             " is outside [" +
                                                             std::to_string(log_start_offset_) + ", " +
                                                             std::to_string(log_end_offset()) + "]"};
    const std::int64_t limit = std::min(upper_bound.value_or(log_end_offset()), log_end_offset());
    const LogSlice nothing{{}, segments_.back().base_offset(), segments_.back().size()};
    if (offset >= limit) return nothing;

    auto segment = std::upper_bound(segments_.begin(), segments_.end(), offset,
                                    [](std::int64_t o, const Segment& s) { return o < s.base_offset(); });
    for (--segment; segment != segments_.end(); ++segment) {
        auto first = segment->find_batch(offset);
        if (!first) return first.error();
        if (!*first) continue;  // `offset` falls in a gap after this segment's last batch
        const LocatedBatch start = **first;
        if (start.header.last_offset() >= limit) return nothing;

        // One read of all that may be returned, cut to whole batches in memory: walking the headers
        // on the file first would read every byte twice.
        const std::uint64_t first_size = start.header.total_size();
        const std::uint64_t want = std::min<std::uint64_t>(segment->size() - start.position,
                                                           std::max<std::uint64_t>(max_bytes, first_size));
        auto records = segment->read(start.position, want);
        if (!records) return records.error();
        std::uint64_t end = first_size;
        while (end + layout::kHeaderSize <= records->size()) {
            const auto header = protocol::parse_batch_header(
                std::span<const std::uint8_t>(*records).subspan(end, layout::kHeaderSize));
            if (!header || header->magic != protocol::kCurrentMagic ||
                header->batch_length < layout::kMinBatchLength || header->last_offset() >= limit ||
                header->total_size() > records->size() - end)
                break;
            end += header->total_size();
        }
        records->resize(static_cast<std::size_t>(end));
        return LogSlice{std::move(records.value()), segment->base_offset(), start.position};
    }
    return nothing;
}

Status PartitionLog::flush() {
    if (!on_disk_) return std::nullopt;
    return segments_.back().sync();
}

}  // namespace tideline::broker::storage
