// OffsetCommit and OffsetFetch: committed offsets live in the coordinator and, as records, in
// `__consumer_offsets`. A commit is acknowledged after its records are appended.
#include <chrono>

#include "broker/core/groups/group_coordinator.h"
#include "broker/core/groups/group_errors.h"
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

namespace p = protocol;
namespace ge = group_errors;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool partition_exists(ClusterState& state, const std::string& topic, std::int32_t partition) {
    auto* found = state.topic(topic);
    return found && found->partition(partition);
}

template <typename Partition>
void fill_offset(Partition& out, const CommittedOffset* offset) {
    out.committed_offset = offset ? offset->offset : -1;
    out.committed_leader_epoch = offset ? offset->leader_epoch : -1;
    out.metadata = offset ? offset->metadata : "";
    out.error_code = ge::kNone;
}

// One group's answer in the v8 shape (the older shape is converted from it).
p::OffsetFetchResponse::OffsetFetchResponseGroup fetch_group(
    RequestContext& ctx, const std::string& group_id,
    const std::optional<std::vector<p::OffsetFetchRequest::OffsetFetchRequestTopics>>& topics) {
    p::OffsetFetchResponse::OffsetFetchResponseGroup out;
    out.group_id = group_id;
    out.error_code = ctx.services.groups.check_coordinator(group_id, ctx.broker.id, true);
    if (out.error_code != ge::kNone) return out;
    const auto stored = ctx.services.groups.fetch_offsets(group_id);
    if (!topics) {
        // Every committed offset of the group.
        for (const auto& [partition, offset] : stored.offsets) {
            if (out.topics.empty() || out.topics.back().name != partition.first) {
                out.topics.emplace_back().name = partition.first;
            }
            auto& entry = out.topics.back().partitions.emplace_back();
            entry.partition_index = partition.second;
            fill_offset(entry, &offset);
        }
        return out;
    }
    for (const auto& topic : *topics) {
        auto& topic_out = out.topics.emplace_back();
        topic_out.name = topic.name;
        for (auto index : topic.partition_indexes) {
            auto& entry = topic_out.partitions.emplace_back();
            entry.partition_index = index;
            auto it = stored.offsets.find({topic.name, index});
            fill_offset(entry, it == stored.offsets.end() ? nullptr : &it->second);
        }
    }
    return out;
}

}  // namespace

void offset_commit(RequestContext& ctx, const p::OffsetCommitRequest& request) {
    auto& groups = ctx.services.groups;
    const auto version = ctx.version();
    const auto coordinator_error = groups.check_coordinator(request.group_id, ctx.broker.id, true);
    const auto now = now_ms();
    const auto max_metadata = static_cast<std::size_t>(ctx.state().config.offset_metadata_max_bytes());

    OffsetCommitParams params;
    params.group_id = request.group_id;
    params.generation = request.generation_id_or_member_epoch;
    params.member_id = request.member_id;
    params.instance_id = request.group_instance_id;
    std::map<GroupTopicPartition, std::int16_t> errors;
    for (const auto& topic : request.topics) {
        for (const auto& partition : topic.partitions) {
            const GroupTopicPartition key{topic.name, partition.partition_index};
            const auto metadata = partition.committed_metadata.value_or("");
            if (coordinator_error != ge::kNone) {
                errors[key] = coordinator_error;
            } else if (!partition_exists(ctx.state(), topic.name, partition.partition_index)) {
                errors[key] = ge::kUnknownTopicOrPartition;
            } else if (metadata.size() > max_metadata) {
                errors[key] = ge::kOffsetMetadataTooLarge;
            } else {
                const bool client_time = version == 1 && partition.commit_timestamp >= 0;
                params.offsets[key] = {partition.committed_offset,
                                       version >= 6 ? partition.committed_leader_epoch : -1, metadata,
                                       client_time ? partition.commit_timestamp : now};
            }
        }
    }
    if (!params.offsets.empty()) {
        for (const auto& [key, error] : groups.commit_offsets(params)) errors[key] = error;
    }
    p::OffsetCommitResponse response;
    for (const auto& topic : request.topics) {
        auto& topic_out = response.topics.emplace_back();
        topic_out.name = topic.name;
        for (const auto& partition : topic.partitions) {
            topic_out.partitions.push_back(
                {partition.partition_index, errors[{topic.name, partition.partition_index}], {}});
        }
    }
    ctx.responder.send(response);
}

void offset_fetch(RequestContext& ctx, const p::OffsetFetchRequest& request) {
    p::OffsetFetchResponse response;
    if (ctx.version() >= 8) {
        for (const auto& group : request.groups)
            response.groups.push_back(fetch_group(ctx, group.group_id, group.topics));
        ctx.responder.send(response);
        return;
    }
    // Before v8: one group; before v2 the partitions must be listed and carry the errors.
    std::optional<std::vector<p::OffsetFetchRequest::OffsetFetchRequestTopics>> topics;
    if (request.topics) {
        topics.emplace();
        for (const auto& topic : *request.topics)
            topics->push_back({topic.name, topic.partition_indexes, {}});
    }
    auto group = fetch_group(ctx, request.group_id, topics);
    if (ctx.version() >= 2) response.error_code = group.error_code;
    if (group.error_code != ge::kNone && ctx.version() < 2 && topics) {
        for (const auto& topic : *topics) {
            auto& topic_out = group.topics.emplace_back();
            topic_out.name = topic.name;
            for (auto index : topic.partition_indexes) {
                auto& entry = topic_out.partitions.emplace_back();
                fill_offset(entry, nullptr);
                entry.partition_index = index;
                entry.error_code = group.error_code;
            }
        }
    }
    for (const auto& topic : group.topics) {
        auto& topic_out = response.topics.emplace_back();
        topic_out.name = topic.name;
        for (const auto& entry : topic.partitions) {
            topic_out.partitions.push_back({entry.partition_index,
                                            entry.committed_offset,
                                            entry.committed_leader_epoch,
                                            entry.metadata,
                                            entry.error_code,
                                            {}});
        }
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
