// ListGroups, DescribeGroups, DeleteGroups and OffsetDelete: the admin side of groups. Each
// broker answers for the groups it coordinates, as in Kafka (admin clients ask every broker).
#include <algorithm>

#include "broker/core/groups/group_coordinator.h"
#include "broker/core/groups/group_errors.h"
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

namespace p = protocol;
namespace ge = group_errors;

// Without ACLs every operation on a group is allowed: READ (3), DELETE (6) and DESCRIBE (8).
constexpr std::int32_t kGroupOperations = (1 << 3) | (1 << 6) | (1 << 8);

}  // namespace

void list_groups(RequestContext& ctx, const p::ListGroupsRequest& request) {
    p::ListGroupsResponse response;
    std::vector<GroupState> wanted;
    for (const auto& name : request.states_filter) {
        if (auto state = group_state_from_name(name)) wanted.push_back(*state);
    }
    const bool filtered = !request.states_filter.empty();
    for (const auto& listing : ctx.services.groups.list_groups(ctx.broker.id)) {
        if (filtered && std::find(wanted.begin(), wanted.end(), listing.state) == wanted.end()) continue;
        auto& out = response.groups.emplace_back();
        out.group_id = listing.group_id;
        out.protocol_type = listing.protocol_type;
        if (ctx.version() >= 4) out.group_state = group_state_name(listing.state);
    }
    ctx.responder.send(response);
}

void describe_groups(RequestContext& ctx, const p::DescribeGroupsRequest& request) {
    auto& groups = ctx.services.groups;
    p::DescribeGroupsResponse response;
    for (const auto& group_id : request.groups) {
        auto& out = response.groups.emplace_back();
        out.group_id = group_id;
        out.error_code = groups.check_coordinator(group_id, ctx.broker.id, true);
        if (out.error_code != ge::kNone) continue;
        const auto description = groups.describe_group(group_id);
        out.group_state = description.state;
        out.protocol_type = description.protocol_type;
        out.protocol_data = description.protocol_data;
        for (const auto& member : description.members) {
            out.members.push_back({member.member_id,
                                   ctx.version() >= 4 ? member.instance_id : std::nullopt,
                                   member.client_id,
                                   member.client_host,
                                   member.metadata,
                                   member.assignment,
                                   {}});
        }
        if (ctx.version() >= 3 && request.include_authorized_operations)
            out.authorized_operations = kGroupOperations;
    }
    ctx.responder.send(response);
}

void delete_groups(RequestContext& ctx, const p::DeleteGroupsRequest& request) {
    auto& groups = ctx.services.groups;
    p::DeleteGroupsResponse response;
    for (const auto& group_id : request.groups_names) {
        auto error = groups.check_coordinator(group_id, ctx.broker.id, true);
        if (error == ge::kNone) error = groups.delete_group(group_id);
        response.results.push_back({group_id, error, {}});
    }
    ctx.responder.send(response);
}

void offset_delete(RequestContext& ctx, const p::OffsetDeleteRequest& request) {
    auto& groups = ctx.services.groups;
    p::OffsetDeleteResponse response;
    response.error_code = groups.check_coordinator(request.group_id, ctx.broker.id, true);
    if (response.error_code != ge::kNone) {
        ctx.responder.send(response);
        return;
    }
    std::vector<GroupTopicPartition> partitions;
    std::map<GroupTopicPartition, std::int16_t> errors;
    for (const auto& topic : request.topics) {
        for (const auto& partition : topic.partitions) {
            const GroupTopicPartition key{topic.name, partition.partition_index};
            auto* known = ctx.state().topic(topic.name);
            if (known && known->partition(partition.partition_index)) {
                partitions.push_back(key);
            } else {
                errors[key] = ge::kUnknownTopicOrPartition;
            }
        }
    }
    auto [error, deleted] = groups.delete_offsets(request.group_id, partitions);
    response.error_code = error;
    if (error == ge::kNone) {
        errors.merge(deleted);
        for (const auto& topic : request.topics) {
            auto& topic_out = response.topics.emplace_back();
            topic_out.name = topic.name;
            for (const auto& partition : topic.partitions) {
                topic_out.partitions.push_back(
                    {partition.partition_index, errors[{topic.name, partition.partition_index}], {}});
            }
        }
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
