// OffsetForLeaderEpoch: where a leader epoch ended in the leader's log, from its epoch cache.
// Consumers use it to check their position after a leader change (KIP-320).
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::OffsetForLeaderEpochResponse;

constexpr std::int16_t kUnknownTopicOrPartition = 3;
constexpr std::int16_t kNotLeaderOrFollower = 6;
constexpr std::int16_t kFencedLeaderEpoch = 74;
constexpr std::int16_t kUnknownLeaderEpoch = 76;

Response::EpochEndOffset end_offset(
    RequestContext& ctx, TopicState* topic,
    const protocol::OffsetForLeaderEpochRequest::OffsetForLeaderPartition& wanted) {
    Response::EpochEndOffset out;
    out.partition = wanted.partition;
    auto* partition = topic ? topic->partition(wanted.partition) : nullptr;
    if (!partition) {
        out.error_code = kUnknownTopicOrPartition;
        return out;
    }
    const auto* log = partition->leader_log();
    if (partition->leader != ctx.broker.id || !log) {
        out.error_code = kNotLeaderOrFollower;
        return out;
    }
    if (wanted.current_leader_epoch >= 0 && wanted.current_leader_epoch != partition->leader_epoch) {
        out.error_code =
            wanted.current_leader_epoch < partition->leader_epoch ? kFencedLeaderEpoch : kUnknownLeaderEpoch;
        return out;
    }
    const auto found = log->end_offset_for_epoch(wanted.leader_epoch);
    out.leader_epoch = found.epoch;
    out.end_offset = found.end_offset;
    // An empty epoch cache (nothing written yet) still has a current epoch that ends at the log end.
    if (found.epoch < 0 && wanted.leader_epoch == partition->leader_epoch) {
        out.leader_epoch = partition->leader_epoch;
        out.end_offset = log->log_end_offset();
    }
    return out;
}

}  // namespace

void offset_for_leader_epoch(RequestContext& ctx, const protocol::OffsetForLeaderEpochRequest& request) {
    Response response;
    for (const auto& topic : request.topics) {
        auto& out = response.topics.emplace_back();
        out.topic = topic.topic;
        auto* state_topic = ctx.state().topic(topic.topic);
        for (const auto& wanted : topic.partitions)
            out.partitions.push_back(end_offset(ctx, state_topic, wanted));
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
