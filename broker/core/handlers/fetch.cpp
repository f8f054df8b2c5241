// Fetch: whole batches from the leader's log up to the high watermark. A fetch that finds fewer
// than min_bytes waits (up to max_wait_ms) and is retried whenever one of its partitions gets
// records. Fetch sessions are not kept: every answer has session id 0, which clients read as "no
// session, keep sending full fetches".
#include <algorithm>
#include <chrono>
#include <memory>

#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::FetchResponse;
using Request = protocol::FetchRequest;

constexpr std::int16_t kOffsetOutOfRange = 1;
constexpr std::int16_t kUnknownTopicOrPartition = 3;
constexpr std::int16_t kNotLeaderOrFollower = 6;
constexpr std::int16_t kFencedLeaderEpoch = 74;
constexpr std::int16_t kUnknownLeaderEpoch = 76;

struct FetchOutcome {
    Response response;
    std::size_t bytes = 0;
    bool any_error = false;
};

// A partition answered with an error carries no watermarks: Kafka sends -1 for the high
// watermark, the last stable offset and the log start offset, whatever the log holds.
Response::PartitionData& failed(Response::PartitionData& out, std::int16_t error_code) {
    out.error_code = error_code;
    out.high_watermark = -1;
    out.last_stable_offset = -1;
    out.log_start_offset = -1;
    return out;
}

Response::PartitionData read_partition(ClusterState& state, std::int32_t broker_id,
                                       const std::string& topic_name, const Request::FetchPartition& wanted,
                                       std::size_t budget, bool first_data) {
    Response::PartitionData out;
    out.partition_index = wanted.partition;
    out.aborted_transactions = std::nullopt;  // read_uncommitted answers carry null, as Kafka's do
    out.records = protocol::Bytes{};
    auto* topic = state.topic(topic_name);
    auto* partition = topic ? topic->partition(wanted.partition) : nullptr;
    if (!partition) return failed(out, kUnknownTopicOrPartition);
    auto* log = partition->leader_log();
    if (partition->leader != broker_id || !log) return failed(out, kNotLeaderOrFollower);
    if (wanted.current_leader_epoch >= 0 && wanted.current_leader_epoch != partition->leader_epoch)
        return failed(out, wanted.current_leader_epoch < partition->leader_epoch ? kFencedLeaderEpoch
                                                                                 : kUnknownLeaderEpoch);
    if (wanted.fetch_offset < log->log_start_offset() || wanted.fetch_offset > log->log_end_offset())
        return failed(out, kOffsetOutOfRange);
    out.high_watermark = partition->high_watermark;
    out.last_stable_offset = partition->high_watermark;
    out.log_start_offset = log->log_start_offset();
    if (wanted.fetch_offset >= partition->high_watermark) return out;
    const auto limit =
        std::min<std::size_t>(budget, static_cast<std::size_t>(std::max(0, wanted.partition_max_bytes)));
    if (!first_data && limit == 0) return out;
    auto slice = log->read(wanted.fetch_offset, limit, partition->high_watermark);
    if (!slice) return failed(out, static_cast<std::int16_t>(slice.error().code));
    // Only the first partition with data may exceed the limits (so that one large batch can
    // never block a consumer); later ones wait for a fetch where they come first.
    if (!first_data && slice->records.size() > limit) return out;
    out.records = std::move(slice->records);
    return out;
}

FetchOutcome build(ClusterState& state, std::int32_t broker_id, const Request& request) {
    FetchOutcome outcome;
    outcome.response.session_id = 0;
    auto budget = static_cast<std::size_t>(std::max(0, request.max_bytes));
    for (const auto& topic : request.topics) {
        Response::FetchableTopicResponse topic_out;
        topic_out.topic = topic.topic;
        for (const auto& wanted : topic.partitions) {
            auto data = read_partition(state, broker_id, topic.topic, wanted, budget, outcome.bytes == 0);
            const auto size = data.records ? data.records->size() : 0;
            outcome.bytes += size;
            budget -= std::min(budget, size);
            outcome.any_error = outcome.any_error || data.error_code != 0;
            topic_out.partitions.push_back(std::move(data));
        }
        outcome.response.responses.push_back(std::move(topic_out));
    }
    return outcome;
}

}  // namespace

void fetch(RequestContext& ctx, const Request& request) {
    auto outcome = build(ctx.state(), ctx.broker.id, request);
    const auto min_bytes = static_cast<std::size_t>(std::max(1, request.min_bytes));
    if (outcome.any_error || outcome.bytes >= min_bytes || request.max_wait_ms <= 0) {
        ctx.responder.send(outcome.response);
        return;
    }
    std::set<TopicPartition> partitions;
    for (const auto& topic : request.topics) {
        for (const auto& wanted : topic.partitions) partitions.insert({topic.topic, wanted.partition});
    }
    auto responder = std::make_shared<Responder>(std::move(ctx.responder));
    auto& state = ctx.state();
    ctx.services.fetches.park(std::chrono::milliseconds(request.max_wait_ms), std::move(partitions),
                              [&state, broker_id = ctx.broker.id, request, responder, min_bytes](bool final) {
                                  if (!responder->connection_open()) return true;
                                  auto retry = build(state, broker_id, request);
                                  if (!final && !retry.any_error && retry.bytes < min_bytes) return false;
                                  responder->send(retry.response);
                                  return true;
                              });
}

}  // namespace tideline::broker::handlers
