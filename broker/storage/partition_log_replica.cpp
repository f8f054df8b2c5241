// PartitionLog::append_replicated: the follower side of replication. Kept apart from append()
// because nothing is patched or validated record by record: a follower stores its leader's bytes.
#include "broker/storage/partition_log.h"

namespace tideline::broker::storage {

Status PartitionLog::append_replicated(std::span<const std::uint8_t> batches) {
    std::vector<protocol::BatchHeader> headers;
    protocol::BatchSetReader reader(batches, {.verify_crc = false});
    std::int64_t expected = log_end_offset();
    while (auto batch = reader.next()) {
        if (batch->header.base_offset != expected)
            return StorageError{ErrorCode::InvalidRecord,
                                "replicated batch starts at " + std::to_string(batch->header.base_offset) +
                                    ", the log ends at " + std::to_string(expected)};
        expected = batch->header.last_offset() + 1;
        headers.push_back(batch->header);
    }
    if (reader.error()) return StorageError{ErrorCode::CorruptMessage, reader.error()->message};
    if (headers.empty()) return std::nullopt;
    // A follower created lazily (see create_deferred) gets its directory with its first records.
    if (auto error = materialize()) return error;

    // Groups of consecutive batches that share a segment; a new epoch is checkpointed before its data,
    // as in append().
    std::size_t first = 0;
    std::size_t position = 0;
    while (first < headers.size()) {
        const auto& head = headers[first];
        if (should_roll(head.total_size(), head.last_offset(), head.max_timestamp, now_ms()))
            if (auto error = roll()) return error;
        std::size_t bytes = 0;
        std::size_t last = first;
        while (last < headers.size()) {
            const auto size = headers[last].total_size();
            const bool fits = segments_.back().size() + bytes + size <= std::uint64_t(config_.segment_bytes);
            if (last > first &&
                (!fits || headers[last].partition_leader_epoch != head.partition_leader_epoch))
                break;
            bytes += size;
            ++last;
        }
        if (auto error = epochs_.assign(headers[first].partition_leader_epoch, headers[first].base_offset))
            return error;
        const auto group = std::span<const protocol::BatchHeader>(headers).subspan(first, last - first);
        if (auto error = segments_.back().append(batches.subspan(position, bytes), group)) {
            (void)epochs_.truncate_from_end(headers[first].base_offset);
            return error;
        }
        position += bytes;
        first = last;
    }
    return std::nullopt;
}

}  // namespace tideline::broker::storage
