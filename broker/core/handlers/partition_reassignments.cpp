// AlterPartitionReassignments and ListPartitionReassignments: start, replace or cancel replica moves
// and list the ones in progress (partition_reassignment.h has the rules). A move finishes on its own
// once the new replicas have caught up (ReplicaFetcher).
#include "broker/core/handlers/handlers.h"
#include "broker/core/metadata_file.h"
#include "broker/core/partition_reassignment.h"
#include "broker/core/replica_fetcher.h"

namespace tideline::broker::handlers {

void alter_partition_reassignments(RequestContext& ctx,
                                   const protocol::AlterPartitionReassignmentsRequest& request) {
    using Response = protocol::AlterPartitionReassignmentsResponse;
    Response response;
    response.error_message = std::nullopt;
    std::vector<TopicPartition> changed;
    for (const auto& wanted : request.topics) {
        Response::ReassignableTopicResponse topic_out;
        topic_out.name = wanted.name;
        auto* topic = ctx.state().topic(wanted.name);
        for (const auto& item : wanted.partitions) {
            Response::ReassignablePartitionResponse out;
            out.partition_index = item.partition_index;
            out.error_message = std::nullopt;
            auto* partition = topic ? topic->partition(item.partition_index) : nullptr;
            if (!partition) {
                out.error_code = errors::kUnknownTopicOrPartition;
                out.error_message = "The partition " + wanted.name + "-" +
                                    std::to_string(item.partition_index) + " does not exist.";
            } else if (auto result = reassign_partition(ctx.state(), *topic, *partition, item.replicas);
                       !result.ok()) {
                out.error_code = result.error_code;
                out.error_message = result.message;
            } else {
                changed.emplace_back(wanted.name, item.partition_index);
            }
            topic_out.partitions.push_back(std::move(out));
        }
        response.responses.push_back(std::move(topic_out));
    }
    if (!changed.empty()) {
        if (auto error = save_metadata(ctx.state()); !error.empty()) {
            response.error_code = errors::kKafkaStorageError;
            response.error_message = error;
        }
        ctx.services.replicas.partitions_changed(changed);  // new replicas start fetching
    }
    ctx.responder.send(response);
}

void list_partition_reassignments(RequestContext& ctx,
                                  const protocol::ListPartitionReassignmentsRequest& request) {
    using Response = protocol::ListPartitionReassignmentsResponse;
    Response response;
    response.error_message = std::nullopt;
    auto describe = [](const PartitionState& partition) {
        return Response::OngoingPartitionReassignment{
            partition.index, partition.replicas, partition.adding_replicas, partition.removing_replicas, {}};
    };
    if (!request.topics) {
        for (const auto& [name, topic] : ctx.state().topics) {
            Response::OngoingTopicReassignment out{name, {}, {}};
            for (const auto& partition : topic.partitions) {
                if (reassignment_in_progress(partition)) out.partitions.push_back(describe(partition));
            }
            if (!out.partitions.empty()) response.topics.push_back(std::move(out));
        }
    } else {
        // Partitions that do not exist or are not moving are left out, as Kafka does.
        for (const auto& wanted : *request.topics) {
            auto* topic = ctx.state().topic(wanted.name);
            if (!topic) continue;
            Response::OngoingTopicReassignment out{wanted.name, {}, {}};
            for (auto index : wanted.partition_indexes) {
                const auto* partition = topic->partition(index);
                if (partition && reassignment_in_progress(*partition))
                    out.partitions.push_back(describe(*partition));
            }
            if (!out.partitions.empty()) response.topics.push_back(std::move(out));
        }
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
