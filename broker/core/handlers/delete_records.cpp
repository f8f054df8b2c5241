// DeleteRecords: moves the log start of partitions forward (offset -1: up to the high watermark).
// Every replica moves its own log start, as followers do in Kafka when they see the leader's.
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::DeleteRecordsResponse;

constexpr std::int16_t kOffsetOutOfRange = 1;
constexpr std::int16_t kUnknownTopicOrPartition = 3;
constexpr std::int16_t kNotLeaderOrFollower = 6;
constexpr std::int64_t kToHighWatermark = -1;

Response::DeleteRecordsPartitionResult delete_before(
    RequestContext& ctx, TopicState* topic,
    const protocol::DeleteRecordsRequest::DeleteRecordsPartition& wanted) {
    Response::DeleteRecordsPartitionResult out;
    out.partition_index = wanted.partition_index;
    out.low_watermark = -1;
    auto* partition = topic ? topic->partition(wanted.partition_index) : nullptr;
    if (!partition) {
        out.error_code = kUnknownTopicOrPartition;
        return out;
    }
    auto* leader = partition->leader_log();
    if (partition->leader != ctx.broker.id || !leader) {
        out.error_code = kNotLeaderOrFollower;
        return out;
    }
    const auto offset = wanted.offset == kToHighWatermark ? partition->high_watermark : wanted.offset;
    if (offset < 0 || offset > partition->high_watermark) {
        out.error_code = kOffsetOutOfRange;
        return out;
    }
    for (auto& [broker_id, log] : partition->logs) {
        if (auto error = log->delete_records_before(offset)) {
            out.error_code = static_cast<std::int16_t>(error->code);
            return out;
        }
    }
    out.low_watermark = leader->log_start_offset();
    return out;
}

}  // namespace

void delete_records(RequestContext& ctx, const protocol::DeleteRecordsRequest& request) {
    Response response;
    for (const auto& topic : request.topics) {
        auto& out = response.topics.emplace_back();
        out.name = topic.name;
        auto* state_topic = ctx.state().topic(topic.name);
        for (const auto& wanted : topic.partitions)
            out.partitions.push_back(delete_before(ctx, state_topic, wanted));
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
