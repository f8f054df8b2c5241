// ElectLeaders: preferred or unclean leader election for the listed partitions (all when null).
#include <spdlog/spdlog.h>

#include "broker/core/handlers/handlers.h"
#include "broker/core/leader_election.h"
#include "broker/core/metadata_file.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::ElectLeadersResponse;

constexpr std::int16_t kUnknownTopicOrPartition = 3;
constexpr std::int16_t kInvalidRequest = 42;

}  // namespace

void elect_leaders(RequestContext& ctx, const protocol::ElectLeadersRequest& request) {
    Response response;
    // v0 has no election type: it always meant the preferred leader.
    const auto type = ctx.version() >= 1 ? request.election_type : kPreferredElection;
    auto& state = ctx.state();
    std::vector<protocol::ElectLeadersRequest::TopicPartitions> wanted;
    if (request.topic_partitions) {
        wanted = *request.topic_partitions;
    } else {
        for (const auto& [name, topic] : state.topics) {
            auto& entry = wanted.emplace_back();
            entry.topic = name;
            for (const auto& partition : topic.partitions) entry.partitions.push_back(partition.index);
        }
    }
    bool changed = false;
    for (const auto& item : wanted) {
        auto& result = response.replica_election_results.emplace_back();
        result.topic = item.topic;
        auto* topic = state.topic(item.topic);
        for (auto index : item.partitions) {
            auto& out = result.partition_result.emplace_back();
            out.partition_id = index;
            out.error_message = std::nullopt;
            auto* partition = topic ? topic->partition(index) : nullptr;
            if (type != kPreferredElection && type != kUncleanElection) {
                out.error_code = kInvalidRequest;
                out.error_message = "Unknown election type " + std::to_string(type);
                continue;
            }
            if (!partition) {
                out.error_code = kUnknownTopicOrPartition;
                out.error_message = "The partition does not exist.";
                continue;
            }
            const auto outcome = elect_partition_leader(state, *topic, *partition, type);
            out.error_code = outcome.error_code;
            if (outcome.error_code != 0) out.error_message = outcome.message;
            if (outcome.changed) {
                changed = true;
                ctx.services.fetches.notify(item.topic, index);
            }
        }
    }
    if (changed) {
        if (auto error = save_metadata(state); !error.empty()) spdlog::error("saving metadata: {}", error);
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
