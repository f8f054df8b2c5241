// Produce: the leader appends the producer's batches as they came (offsets and epoch patched in
// place) and the answer says where they landed. acks=1 answers after the leader's append; acks=all
// once the whole ISR has the records: at once when every follower was in step (they copy in the
// same turn), else held (ProduceWaiters) until they caught up; acks=0 gets no answer.
#include <spdlog/spdlog.h>
#include <set>

#include "broker/core/handlers/handlers.h"
#include "broker/core/replica_fetcher.h"
#include "broker/core/replication.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::ProduceResponse;

constexpr std::int16_t kCorruptMessage = 2;
constexpr std::int16_t kUnknownTopicOrPartition = 3;
constexpr std::int16_t kNotLeaderOrFollower = 6;
constexpr std::int16_t kInvalidRequiredAcks = 21;
constexpr std::int16_t kInvalidRecord = 87;

std::int32_t min_insync_of(const ClusterState& state, const TopicState& topic) {
    auto it = topic.configs.find("min.insync.replicas");
    if (it != topic.configs.end()) {
        try {
            return std::stoi(it->second);
        } catch (const std::exception&) {
        }
    }
    return state.config.min_insync_replicas();
}

Response::PartitionProduceResponse failed(std::int32_t index, std::int16_t error, std::string message = {}) {
    Response::PartitionProduceResponse out;
    out.index = index;
    out.error_code = error;
    out.base_offset = -1;
    if (!message.empty()) out.error_message = std::move(message);
    return out;
}

Response::PartitionProduceResponse produce_one(RequestContext& ctx, TopicState* topic,
                                               protocol::ProduceRequest::PartitionProduceData& data,
                                               std::int16_t acks, std::int64_t& required_offset) {
    auto* partition = topic ? topic->partition(data.index) : nullptr;
    if (!partition) return failed(data.index, kUnknownTopicOrPartition);
    if (partition->leader != ctx.broker.id) return failed(data.index, kNotLeaderOrFollower);
    if (!data.records || data.records->empty())
        return failed(data.index, kCorruptMessage, "no record batches");

    // Idempotent producers: a retried batch gets its original offset, a gap or stale epoch an error.
    auto sequence = ctx.services.idempotence.check(*topic, *partition, *data.records);
    if (sequence.kind == SequenceVerdict::Kind::Reject)
        return failed(data.index, sequence.error_code, sequence.message);
    if (sequence.kind == SequenceVerdict::Kind::Duplicate) {
        Response::PartitionProduceResponse out;
        out.index = data.index;
        out.base_offset = sequence.duplicate_base_offset;
        if (const auto* log = partition->leader_log()) out.log_start_offset = log->log_start_offset();
        return out;
    }

    auto result = append_as_leader(*partition, *data.records, acks, min_insync_of(ctx.state(), *topic));
    if (result.error_code == 0) ctx.services.idempotence.record(*topic, *partition, *data.records);
    if (result.error_code != 0) {
        // INVALID_RECORD came with Produce v8; older clients know the same problem as CORRUPT_MESSAGE.
        if (result.error_code == kInvalidRecord && ctx.version() < 8) result.error_code = kCorruptMessage;
        spdlog::debug("produce to {}-{} refused: {}", topic->name, data.index, result.message);
        return failed(data.index, result.error_code, result.message);
    }
    // Followers in step store these same bytes now, so that acks=all usually needs no waiting.
    const FreshBatches fresh{result.base_offset, *data.records};
    ctx.services.replicas.leader_appended(topic->name, *partition, &fresh);
    required_offset = result.last_offset + 1;
    Response::PartitionProduceResponse out;
    out.index = data.index;
    out.base_offset = result.base_offset;
    out.log_append_time_ms = result.log_append_time;
    out.log_start_offset = result.log_start_offset;
    out.error_message = std::nullopt;
    return out;
}

}  // namespace

void produce(RequestContext& ctx, protocol::ProduceRequest& request) {
    Response response;
    bool any_error = false;
    std::vector<ProduceWaiters::Pending> uncommitted;
    for (auto& topic_data : request.topic_data) {
        Response::TopicProduceResponse topic_response;
        topic_response.name = topic_data.name;
        auto* topic = ctx.state().topic(topic_data.name);
        for (auto& data : topic_data.partition_data) {
            std::int64_t required_offset = -1;
            auto result = request.acks == 0 || request.acks == 1 || request.acks == -1
                              ? produce_one(ctx, topic, data, request.acks, required_offset)
                              : failed(data.index, kInvalidRequiredAcks);
            any_error = any_error || result.error_code != 0;
            auto* partition = topic ? topic->partition(data.index) : nullptr;
            if (request.acks == -1 && result.error_code == 0 && partition &&
                partition->high_watermark < required_offset) {
                uncommitted.push_back({topic_data.name, data.index, response.responses.size(),
                                       topic_response.partition_responses.size(), partition->leader,
                                       partition->leader_epoch, required_offset,
                                       min_insync_of(ctx.state(), *topic)});
            }
            topic_response.partition_responses.push_back(std::move(result));
        }
        response.responses.push_back(std::move(topic_response));
    }
    if (request.acks == 0) {
        // The producer never reads an answer, so a failure can only be signalled by closing the
        // connection, which makes it refresh its metadata (Kafka does the same).
        if (any_error) {
            ctx.responder.close_connection("acks=0 produce failed");
        } else {
            ctx.responder.send_nothing();
        }
    } else if (!uncommitted.empty()) {
        ctx.services.replicas.produce_waiters().park(
            std::chrono::milliseconds(std::max(0, request.timeout_ms)), std::move(ctx.responder),
            std::move(response), std::move(uncommitted));
    } else {
        ctx.responder.send(response);
    }
}

}  // namespace tideline::broker::handlers
