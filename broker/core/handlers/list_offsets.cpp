// ListOffsets: latest (-1, the high watermark), earliest (-2, the log start), max timestamp (-3)
// or the first offset at or after a timestamp.
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::ListOffsetsResponse;
using Request = protocol::ListOffsetsRequest;

constexpr std::int64_t kLatest = -1;
constexpr std::int64_t kEarliest = -2;
constexpr std::int64_t kMaxTimestamp = -3;
constexpr std::int16_t kUnknownTopicOrPartition = 3;
constexpr std::int16_t kNotLeaderOrFollower = 6;
constexpr std::int16_t kFencedLeaderEpoch = 74;
constexpr std::int16_t kUnknownLeaderEpoch = 76;

// The record with the largest timestamp: found in the segment holding it, by timestamp lookup.
storage::Result<storage::TimestampOffset> max_timestamp_offset(const storage::PartitionLog& log) {
    std::int64_t largest = -1;
    for (const auto& segment : log.segments()) largest = std::max(largest, segment.max_timestamp());
    if (largest < 0) return storage::TimestampOffset{};
    return log.offset_for_timestamp(largest);
}

Response::ListOffsetsPartitionResponse list_one(RequestContext& ctx, TopicState* topic,
                                                const Request::ListOffsetsPartition& wanted) {
    Response::ListOffsetsPartitionResponse out;
    out.partition_index = wanted.partition_index;
    auto* partition = topic ? topic->partition(wanted.partition_index) : nullptr;
    if (!partition) {
        out.error_code = kUnknownTopicOrPartition;
        return out;
    }
    auto* log = partition->leader_log();
    if (partition->leader != ctx.broker.id || !log) {
        out.error_code = kNotLeaderOrFollower;
        return out;
    }
    if (wanted.current_leader_epoch >= 0 && wanted.current_leader_epoch != partition->leader_epoch) {
        out.error_code =
            wanted.current_leader_epoch < partition->leader_epoch ? kFencedLeaderEpoch : kUnknownLeaderEpoch;
        return out;
    }
    storage::TimestampOffset found;
    if (wanted.timestamp == kLatest) {
        found = {partition->high_watermark, -1, partition->leader_epoch};
    } else if (wanted.timestamp == kEarliest) {
        found = {log->log_start_offset(), -1, partition->leader_epoch};
    } else {
        auto lookup = wanted.timestamp == kMaxTimestamp ? max_timestamp_offset(*log)
                                                        : log->offset_for_timestamp(wanted.timestamp);
        if (!lookup) {
            out.error_code = static_cast<std::int16_t>(lookup.error().code);
            return out;
        }
        // Consumers must not learn of records above the high watermark.
        if (lookup->offset >= partition->high_watermark) lookup.value() = storage::TimestampOffset{};
        found = lookup.value();
    }
    if (ctx.version() == 0) {
        if (found.offset >= 0 && wanted.max_num_offsets > 0) out.old_style_offsets.push_back(found.offset);
        return out;
    }
    out.offset = found.offset;
    out.timestamp = found.timestamp;
    if (ctx.version() >= 4) out.leader_epoch = found.offset >= 0 ? found.leader_epoch : -1;
    return out;
}

}  // namespace

void list_offsets(RequestContext& ctx, const Request& request) {
    Response response;
    for (const auto& topic : request.topics) {
        Response::ListOffsetsTopicResponse topic_out;
        topic_out.name = topic.name;
        auto* state_topic = ctx.state().topic(topic.name);
        for (const auto& wanted : topic.partitions)
            topic_out.partitions.push_back(list_one(ctx, state_topic, wanted));
        response.topics.push_back(std::move(topic_out));
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
