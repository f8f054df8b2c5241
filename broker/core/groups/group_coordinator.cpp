#include "broker/core/groups/group_coordinator.h"

#include <spdlog/spdlog.h>

#include "broker/core/groups/group_errors.h"
#include "broker/core/groups/group_records.h"

namespace tideline::broker {

namespace ge = group_errors;

GroupCoordinator::GroupCoordinator(asio::io_context& io, ClusterState& state, TopicAdmin& admin,
                                   FetchWaiters& fetches, ReplicaFetcher& replicas)
    : io_(io), state_(state), topic_(state, admin, fetches, replicas) {}

GroupCoordinator::~GroupCoordinator() = default;

std::int64_t GroupCoordinator::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Group* GroupCoordinator::find(const std::string& group_id) {
    auto it = groups_.find(group_id);
    return it == groups_.end() ? nullptr : &it->second;
}

const Group* GroupCoordinator::find(const std::string& group_id) const {
    auto it = groups_.find(group_id);
    return it == groups_.end() ? nullptr : &it->second;
}

Group& GroupCoordinator::create_group(const std::string& group_id) {
    auto& group = groups_[group_id];
    group.id = group_id;
    group.state_timestamp_ms = now_ms();
    return group;
}

std::int16_t GroupCoordinator::check_coordinator(const std::string& group_id, std::int32_t broker_id,
                                                 bool empty_id_allowed) const {
    if (group_id.empty() && !empty_id_allowed) return ge::kInvalidGroupId;
    return topic_.coordinator_for(group_id) == broker_id ? ge::kNone : ge::kNotCoordinator;
}

void GroupCoordinator::load() {
    std::size_t records = 0;
    topic_.read_all([&](protocol::ByteView key, std::optional<protocol::ByteView> value) {
        auto decoded = decode_coordinator_record(key, value);
        if (!decoded) return;
        ++records;
        if (auto* offset = std::get_if<OffsetRecord>(&*decoded)) {
            const GroupTopicPartition partition{offset->key.topic, offset->key.partition};
            if (!offset->value) {
                if (auto* group = find(offset->key.group)) group->offsets.erase(partition);
                return;
            }
            auto& group =
                find(offset->key.group) ? *find(offset->key.group) : create_group(offset->key.group);
            group.offsets[partition] = {offset->value->offset, offset->value->leader_epoch,
                                        offset->value->metadata, offset->value->commit_timestamp};
            return;
        }
        auto& record = std::get<GroupRecord>(*decoded);
        if (!record.value) {
            groups_.erase(record.group);  // a deleted group's offsets were deleted before it
            return;
        }
        auto& group = find(record.group) ? *find(record.group) : create_group(record.group);
        group.members.clear();
        group.static_ids.clear();
        group.generation = record.value->generation;
        group.protocol_type = record.value->protocol_type;
        if (group.protocol_type->empty()) group.protocol_type.reset();
        group.protocol_name = record.value->protocol;
        group.leader_id = record.value->leader.value_or("");
        group.state_timestamp_ms = record.value->current_state_timestamp;
        for (const auto& stored : record.value->members) {
            Member member;
            member.id = stored.member_id;
            member.instance_id = stored.group_instance_id;
            member.client_id = stored.client_id;
            member.client_host = stored.client_host;
            member.rebalance_timeout_ms = stored.rebalance_timeout;
            member.session_timeout_ms = stored.session_timeout;
            member.protocol_type = record.value->protocol_type;
            member.protocols = {{group.protocol_name.value_or(""), stored.subscription}};
            member.assignment = stored.assignment;
            if (member.instance_id) group.static_ids[*member.instance_id] = member.id;
            group.members.emplace(member.id, std::move(member));
        }
        group.state = group.members.empty() ? GroupState::Empty : GroupState::Stable;
    });
    // Members of a group loaded as Stable must heartbeat again within their session timeout, as
    // after a coordinator move in Kafka.
    for (auto& [id, group] : groups_) {
        for (auto& [member_id, member] : group.members) arm_session_timer(group, member);
    }
    if (records > 0) {
        spdlog::info("{}: loaded {} groups from {} records", kOffsetsTopic, groups_.size(), records);
    }
}

std::int16_t GroupCoordinator::store_group(Group& group) {
    return topic_.append(group.id, {group_metadata_record(group, now_ms())});
}

std::int16_t GroupCoordinator::heartbeat(const std::string& group_id, std::int32_t generation,
                                         const std::string& member_id,
                                         const std::optional<std::string>& instance_id) {
    auto* group = find(group_id);
    if (!group) return ge::kUnknownMemberId;
    if (group->state == GroupState::Dead) return ge::kCoordinatorNotAvailable;
    if (group->is_fenced(member_id, instance_id)) return ge::kFencedInstanceId;
    auto* member = group->member(member_id);
    if (!member) return ge::kUnknownMemberId;
    if (generation != group->generation) return ge::kIllegalGeneration;
    switch (group->state) {
        case GroupState::PreparingRebalance:
            arm_session_timer(*group, *member);
            return ge::kRebalanceInProgress;
        case GroupState::CompletingRebalance:
        case GroupState::Stable:
            arm_session_timer(*group, *member);
            return ge::kNone;
        default:
            return ge::kUnknownMemberId;
    }
}

std::map<GroupTopicPartition, std::int16_t> GroupCoordinator::commit_offsets(
    const OffsetCommitParams& params) {
    auto answer_all = [&](std::int16_t error) {
        std::map<GroupTopicPartition, std::int16_t> errors;
        for (const auto& [partition, offset] : params.offsets) errors[partition] = error;
        return errors;
    };
    auto* group = find(params.group_id);
    if (!group) {
        // Only a client that is not a group member (generation -1) may commit to a new group:
        // Kafka's "simple" use of a group, just for storing offsets.
        if (params.generation >= 0) return answer_all(ge::kIllegalGeneration);
        group = &create_group(params.group_id);
    }
    if (group->state == GroupState::Dead) return answer_all(ge::kCoordinatorNotAvailable);
    if (group->is_fenced(params.member_id, params.instance_id)) return answer_all(ge::kFencedInstanceId);
    const bool simple = params.generation < 0 && group->state == GroupState::Empty;
    if (!simple) {
        auto* member = group->member(params.member_id);
        if (!member) return answer_all(ge::kUnknownMemberId);
        if (params.generation != group->generation) return answer_all(ge::kIllegalGeneration);
        if (group->state == GroupState::CompletingRebalance) return answer_all(ge::kRebalanceInProgress);
        arm_session_timer(*group, *member);
    }
    std::vector<protocol::RecordInput> records;
    for (const auto& [partition, offset] : params.offsets) {
        records.push_back(offset_commit_record(group->id, partition, offset));
    }
    const auto error = topic_.append(group->id, records);
    if (error == ge::kNone) {
        for (const auto& [partition, offset] : params.offsets) group->offsets[partition] = offset;
    }
    return answer_all(error);
}

GroupOffsets GroupCoordinator::fetch_offsets(const std::string& group_id) const {
    const auto* group = find(group_id);
    if (!group) return {};
    return {ge::kNone, group->offsets};
}

std::vector<GroupListing> GroupCoordinator::list_groups(std::int32_t coordinator_id) const {
    std::vector<GroupListing> listings;
    for (const auto& [id, group] : groups_) {
        if (group.state == GroupState::Dead || topic_.coordinator_for(id) != coordinator_id) continue;
        listings.push_back({id, group.protocol_type.value_or(""), group.state});
    }
    return listings;
}

GroupDescription GroupCoordinator::describe_group(const std::string& group_id) const {
    GroupDescription description;
    description.group_id = group_id;
    const auto* group = find(group_id);
    if (!group) {
        description.state = group_state_name(GroupState::Dead);
        return description;
    }
    description.state = group_state_name(group->state);
    description.protocol_type = group->protocol_type.value_or("");
    // Kafka shows metadata and assignments only once a generation is settled.
    const bool stable = group->state == GroupState::Stable && group->protocol_name;
    if (stable) description.protocol_data = *group->protocol_name;
    for (const auto& [id, member] : group->members) {
        auto& out = description.members.emplace_back();
        out.member_id = id;
        out.instance_id = member.instance_id;
        out.client_id = member.client_id;
        out.client_host = member.client_host;
        if (stable) {
            if (const auto* metadata = member.metadata_for(*group->protocol_name)) out.metadata = *metadata;
            out.assignment = member.assignment;
        }
    }
    return description;
}

std::int16_t GroupCoordinator::delete_group(const std::string& group_id) {
    auto* group = find(group_id);
    if (!group || group->state == GroupState::Dead) return ge::kGroupIdNotFound;
    if (group->state != GroupState::Empty) return ge::kNonEmptyGroup;
    std::vector<protocol::RecordInput> records;
    for (const auto& [partition, offset] : group->offsets)
        records.push_back(offset_tombstone(group_id, partition));
    records.push_back(group_tombstone(group_id));
    if (auto error = topic_.append(group_id, records); error != ge::kNone) return error;
    groups_.erase(group_id);
    spdlog::info("group {} deleted", group_id);
    return ge::kNone;
}

std::pair<std::int16_t, std::map<GroupTopicPartition, std::int16_t>> GroupCoordinator::delete_offsets(
    const std::string& group_id, const std::vector<GroupTopicPartition>& partitions) {
    std::map<GroupTopicPartition, std::int16_t> errors;
    auto* group = find(group_id);
    if (!group || group->state == GroupState::Dead) return {ge::kGroupIdNotFound, errors};
    std::vector<GroupTopicPartition> deletable;
    if (group->state == GroupState::Empty || group->protocol_type != "consumer") {
        if (group->state != GroupState::Empty) return {ge::kNonEmptyGroup, errors};
        deletable = partitions;
    } else {
        // An active consumer group keeps the offsets of the topics it consumes.
        const auto subscribed = group->subscribed_topics();
        for (const auto& partition : partitions) {
            if (!subscribed || subscribed->contains(partition.first)) {
                errors[partition] = ge::kGroupSubscribedToTopic;
            } else {
                deletable.push_back(partition);
            }
        }
    }
    std::vector<protocol::RecordInput> records;
    for (const auto& partition : deletable) {
        if (group->offsets.contains(partition)) records.push_back(offset_tombstone(group_id, partition));
    }
    if (auto error = topic_.append(group_id, records); error != ge::kNone) return {error, {}};
    for (const auto& partition : deletable) {
        group->offsets.erase(partition);
        errors[partition] = ge::kNone;
    }
    return {ge::kNone, errors};
}

// As Kafka's coordinator does when partitions go away: their committed offsets are deleted (with
// tombstones), and a group left Empty with no offset at all is removed.
void GroupCoordinator::on_topic_deleted(const std::string& topic) {
    std::vector<std::string> emptied;
    for (auto& [group_id, group] : groups_) {
        std::vector<protocol::RecordInput> records;
        for (const auto& [partition, offset] : group.offsets)
            if (partition.first == topic) records.push_back(offset_tombstone(group_id, partition));
        if (records.empty()) continue;
        const bool gone = group.state == GroupState::Empty && records.size() == group.offsets.size();
        if (gone) records.push_back(group_tombstone(group_id));
        if (auto error = topic_.append(group_id, records); error != ge::kNone) {
            spdlog::warn("group {}: could not drop the offsets of deleted topic {} (error {})", group_id,
                         topic, error);
            continue;
        }
        std::erase_if(group.offsets, [&](const auto& entry) { return entry.first.first == topic; });
        if (gone) emptied.push_back(group_id);
    }
    for (const auto& group_id : emptied) {
        groups_.erase(group_id);
        spdlog::info("group {} removed: its last offsets were on deleted topic {}", group_id, topic);
    }
}

void GroupCoordinator::release_all() {
    for (auto& [id, group] : groups_) {
        for (auto& [member_id, member] : group.members) {
            if (auto join = std::exchange(member.awaiting_join, nullptr)) {
                join(JoinResult{ge::kCoordinatorNotAvailable, -1, {}, {}, {}, member_id, false, {}});
            }
            if (auto sync = std::exchange(member.awaiting_sync, nullptr)) {
                sync(SyncResult{ge::kCoordinatorNotAvailable, {}, {}, {}});
            }
        }
    }
}

}  // namespace tideline::broker
