#include "broker/core/groups/offsets_topic.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <limits>

#include "broker/core/groups/group_errors.h"
#include "broker/core/replication.h"

namespace tideline::broker {
namespace {

constexpr std::size_t kLoadReadBytes = 1024 * 1024;

// Appends a UTF-8 sequence's code point, or U+FFFD for bytes that are not valid UTF-8 (as Java's
// decoder does). Returns the number of bytes consumed.
std::size_t next_code_point(const std::string& text, std::size_t at, std::uint32_t& code_point) {
    const auto byte = static_cast<unsigned char>(text[at]);
    std::size_t length = 1;
    std::uint32_t value = byte;
    if (byte >= 0xF0 && byte <= 0xF4) {
        length = 4;
        value = byte & 0x07;
    } else if (byte >= 0xE0) {
        length = byte <= 0xEF ? 3 : 1;
        value = byte & 0x0F;
    } else if (byte >= 0xC2) {
        length = 2;
        value = byte & 0x1F;
    } else if (byte >= 0x80) {
        code_point = 0xFFFD;
        return 1;
    }
    if (length == 1 && byte >= 0x80) {
        code_point = 0xFFFD;
        return 1;
    }
    if (at + length > text.size()) {
        code_point = 0xFFFD;
        return 1;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[at + i]);
        if ((next & 0xC0) != 0x80) {
            code_point = 0xFFFD;
            return 1;
        }
        value = (value << 6) | (next & 0x3F);
    }
    code_point = value;
    return length;
}

std::int16_t coordinator_write_error(std::int16_t append_error) {
    switch (append_error) {
        case 0:
            return group_errors::kNone;
        case 6:  // NOT_LEADER_OR_FOLLOWER
            return group_errors::kNotCoordinator;
        case 3:   // UNKNOWN_TOPIC_OR_PARTITION
        case 7:   // REQUEST_TIMED_OUT
        case 19:  // NOT_ENOUGH_REPLICAS
        case 20:  // NOT_ENOUGH_REPLICAS_AFTER_APPEND
            return group_errors::kCoordinatorNotAvailable;
        case 4:   // INVALID_FETCH_SIZE
        case 10:  // MESSAGE_TOO_LARGE
        case 18:  // RECORD_LIST_TOO_LARGE
            return group_errors::kInvalidCommitOffsetSize;
        default:
            return group_errors::kUnknownServerError;
    }
}

void visit_batches(protocol::ByteView bytes, std::int64_t& next_offset,
                   const OffsetsTopic::RecordVisitor& visit) {
    protocol::BatchSetReader reader(bytes, {.verify_crc = false});
    while (auto batch = reader.next()) {
        next_offset = batch->header.last_offset() + 1;
        if (batch->header.is_control() || batch->header.records_count == 0) continue;
        if (batch->header.compression() != protocol::Compression::None) {
            spdlog::warn("{}: skipping a compressed batch at offset {} (not written by this broker)",
                         kOffsetsTopic, batch->header.base_offset);
            continue;
        }
        auto decoded = protocol::decode_records(*batch);
        for (const auto& record : decoded.records) {
            if (record.key) visit(*record.key, record.value);
        }
    }
}

}  // namespace

std::int32_t java_string_hash(const std::string& text) {
    std::uint32_t hash = 0;
    for (std::size_t at = 0; at < text.size();) {
        std::uint32_t code_point = 0;
        at += next_code_point(text, at, code_point);
        if (code_point > 0xFFFF) {
            const auto offset = code_point - 0x10000;
            hash = hash * 31 + (0xD800 + (offset >> 10));
            hash = hash * 31 + (0xDC00 + (offset & 0x3FF));
        } else {
            hash = hash * 31 + code_point;
        }
    }
    return static_cast<std::int32_t>(hash);
}

std::int32_t OffsetsTopic::partition_for(const std::string& group) const {
    const auto* topic = state_.topics.contains(kOffsetsTopic) ? &state_.topics.at(kOffsetsTopic) : nullptr;
    const auto count = topic && !topic->partitions.empty()
                           ? static_cast<std::int32_t>(topic->partitions.size())
                           : state_.config.offsets_topic_num_partitions();
    const auto hash = java_string_hash(group);
    // Kafka's Utils.abs: Integer.MIN_VALUE maps to 0 rather than overflowing.
    const auto positive = hash == std::numeric_limits<std::int32_t>::min() ? 0 : std::abs(hash);
    return positive % std::max(1, count);
}

std::int32_t OffsetsTopic::coordinator_for(const std::string& group) const {
    auto it = state_.topics.find(kOffsetsTopic);
    if (it == state_.topics.end()) return -1;
    const auto index = static_cast<std::size_t>(partition_for(group));
    if (index >= it->second.partitions.size()) return -1;
    return it->second.partitions[index].leader;
}

std::int16_t OffsetsTopic::create() {
    NewTopic topic;
    topic.name = kOffsetsTopic;
    topic.partitions = state_.config.offsets_topic_num_partitions();
    topic.replication_factor =
        static_cast<std::int16_t>(std::min<std::size_t>(3, std::max<std::size_t>(1, state_.brokers.size())));
    topic.configs = {
        {"cleanup.policy", "compact"}, {"compression.type", "producer"}, {"segment.bytes", "104857600"}};
    topic.internal = true;
    const auto result = admin_.create_topic(topic, false);
    if (result.ok() || result.error_code == errors::kTopicAlreadyExists) return group_errors::kNone;
    spdlog::warn("cannot create {} yet: {}", kOffsetsTopic, result.message);
    return group_errors::kCoordinatorNotAvailable;
}

std::int16_t OffsetsTopic::append(const std::string& group,
                                  const std::vector<protocol::RecordInput>& records) {
    auto* topic = state_.topic(kOffsetsTopic);
    const auto index = partition_for(group);
    auto* partition = topic ? topic->partition(index) : nullptr;
    if (!partition) return group_errors::kNotCoordinator;
    if (records.empty()) return group_errors::kNone;
    protocol::Bytes batch;
    try {
        batch = protocol::write_batch({}, records);
    } catch (const protocol::EncodeFailure& failure) {
        spdlog::error("{}: cannot encode the coordinator's records: {}", kOffsetsTopic, failure.what());
        return group_errors::kUnknownServerError;
    }
    const auto result = append_as_leader(*partition, batch, -1, state_.config.min_insync_replicas());
    if (result.error_code != 0) {
        spdlog::warn("{}-{}: append failed: {}", kOffsetsTopic, index, result.message);
        return coordinator_write_error(result.error_code);
    }
    // Followers copy the commit and the high watermark moves, as for any produce.
    const FreshBatches fresh{result.base_offset, batch};
    replicas_.leader_appended(kOffsetsTopic, *partition, &fresh);
    fetches_.notify(kOffsetsTopic, index);
    return group_errors::kNone;
}

void OffsetsTopic::read_all(const RecordVisitor& visit) const {
    auto it = state_.topics.find(kOffsetsTopic);
    if (it == state_.topics.end()) return;
    for (const auto& partition : it->second.partitions) {
        const storage::PartitionLog* log = partition.leader_log();
        if (!log && !partition.logs.empty()) log = partition.logs.begin()->second.get();
        if (!log) continue;
        auto offset = log->log_start_offset();
        while (offset < log->log_end_offset()) {
            auto slice = log->read(offset, kLoadReadBytes);
            if (!slice || slice->records.empty()) {
                spdlog::error("{}-{}: cannot read at offset {}", kOffsetsTopic, partition.index, offset);
                break;
            }
            const auto before = offset;
            visit_batches(slice->records, offset, visit);
            if (offset <= before) break;
        }
    }
}

}  // namespace tideline::broker
