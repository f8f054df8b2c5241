// Metadata: brokers, controller and topics, auto-creating requested topics when allowed.
#include <spdlog/spdlog.h>

#include "broker/core/handlers/handlers.h"
#include "broker/core/topic_rules.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::MetadataResponse;

constexpr std::int16_t kUnknownTopicOrPartition = 3;
constexpr std::int16_t kLeaderNotAvailable = 5;
constexpr std::int16_t kInvalidTopic = 17;
constexpr std::int16_t kUnknownTopicId = 100;

Response::MetadataResponseTopic describe(const ClusterState& state, const TopicState& topic) {
    Response::MetadataResponseTopic out;
    out.name = topic.name;
    out.topic_id = topic.id;
    out.is_internal = topic.internal;
    out.partitions.reserve(topic.partitions.size());
    for (const auto& partition : topic.partitions) {
        Response::MetadataResponsePartition p;
        p.partition_index = partition.index;
        p.leader_id = partition.leader;
        p.leader_epoch = partition.leader_epoch;
        p.error_code = partition.leader == -1 ? kLeaderNotAvailable : 0;
        p.replica_nodes = partition.replicas;
        p.isr_nodes = partition.isr;
        for (auto id : partition.replicas) {
            const auto* broker = state.broker(id);
            if (!broker || !broker->running) p.offline_replicas.push_back(id);
        }
        out.partitions.push_back(std::move(p));
    }
    return out;
}

Response::MetadataResponseTopic topic_error(std::optional<std::string> name, std::int16_t error) {
    Response::MetadataResponseTopic out;
    out.name = std::move(name);
    out.error_code = error;
    return out;
}

// A requested topic that does not exist: created with the broker defaults when both the client
// and auto.create.topics.enable allow it, as Kafka does.
Response::MetadataResponseTopic missing_topic(RequestContext& ctx, const std::string& name,
                                              bool allow_create) {
    if (topic_name_problem(name)) return topic_error(name, kInvalidTopic);
    if (!allow_create || !ctx.state().config.auto_create_topics())
        return topic_error(name, kUnknownTopicOrPartition);
    NewTopic topic;
    topic.name = name;
    const auto result = ctx.services.admin.create_topic(topic, false);
    if (!result.ok()) {
        spdlog::warn("auto-creating topic {} failed: {}", name, result.message);
        // Too few running brokers for the default replication factor is temporary, as in Kafka.
        const bool temporary = result.error_code == errors::kInvalidReplicationFactor;
        return topic_error(name, temporary ? kLeaderNotAvailable : result.error_code);
    }
    return describe(ctx.state(), *ctx.state().topic(name));
}

}  // namespace

void metadata(RequestContext& ctx, const protocol::MetadataRequest& request) {
    auto& state = ctx.state();
    Response response;
    for (const auto& broker : state.brokers) {
        if (broker.running)
            response.brokers.push_back({broker.id, broker.host, broker.port, std::nullopt, {}});
    }
    response.cluster_id = state.cluster_id;
    response.controller_id = state.controller_id();

    // v0 asks for all topics with an empty list; later versions with a null one.
    const bool all_topics = !request.topics || (ctx.version() == 0 && request.topics->empty());
    if (all_topics) {
        response.topics.reserve(state.topics.size());
        for (const auto& [name, topic] : state.topics) response.topics.push_back(describe(state, topic));
    } else {
        const bool allow_create = ctx.version() < 4 || request.allow_auto_topic_creation;
        for (const auto& wanted : *request.topics) {
            if (!wanted.name) {
                const auto* topic = state.topic_by_id(wanted.topic_id);
                // Only v12+ answers can carry a null name; earlier ones get an empty one.
                auto no_name = ctx.version() >= 12 ? std::nullopt : std::optional<std::string>("");
                response.topics.push_back(topic ? describe(state, *topic)
                                                : topic_error(no_name, kUnknownTopicId));
                if (!topic) response.topics.back().topic_id = wanted.topic_id;
                continue;
            }
            const auto* topic = state.topic(*wanted.name);
            response.topics.push_back(topic ? describe(state, *topic)
                                            : missing_topic(ctx, *wanted.name, allow_create));
        }
    }
    // Moved: copying an answer with 100k partitions into the response variant costs as much as encoding it.
    ctx.responder.send(std::move(response));
}

}  // namespace tideline::broker::handlers
