// JoinGroup, SyncGroup and LeaveGroup: who is in a group and what each member waits for, following
// Kafka's GroupCoordinator (dynamic members with MEMBER_ID_REQUIRED, static members by
// group.instance.id, fencing of replaced static members).
#include <spdlog/spdlog.h>

#include "broker/core/broker_config.h"
#include "broker/core/groups/group_coordinator.h"
#include "broker/core/groups/group_errors.h"
#include "broker/core/random_ids.h"

namespace tideline::broker {
namespace {

namespace ge = group_errors;

JoinResult join_error(std::int16_t error, std::string member_id = {}) {
    JoinResult result;
    result.error = error;
    result.member_id = std::move(member_id);
    return result;
}

SyncResult sync_error(std::int16_t error) {
    SyncResult result;
    result.error = error;
    return result;
}

std::string new_member_id(const std::string& client_id) {
    const auto hex = random_hex(16);
    // Kafka's form: "<client id>-<uuid>".
    return client_id + "-" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace

void GroupCoordinator::join(JoinParams params, JoinCallback done) {
    const auto min_session = state_.config.group_min_session_timeout_ms();
    const auto max_session = state_.config.group_max_session_timeout_ms();
    if (params.session_timeout_ms < min_session || params.session_timeout_ms > max_session) {
        return done(join_error(ge::kInvalidSessionTimeout, params.member_id));
    }
    auto* group = find(params.group_id);
    const bool new_member = params.member_id.empty();
    if (!group) {
        if (!new_member) return done(join_error(ge::kUnknownMemberId, params.member_id));
        group = &create_group(params.group_id);
    }
    if (group->state == GroupState::Dead)
        return done(join_error(ge::kCoordinatorNotAvailable, params.member_id));
    if (!group->supports(params.protocol_type, params.protocols, params.member_id)) {
        return done(join_error(ge::kInconsistentGroupProtocol, params.member_id));
    }
    if (new_member) {
        join_new_member(*group, params, done);
    } else {
        join_known_member(*group, params, done);
    }
    if (group->state == GroupState::PreparingRebalance) try_complete_join(*group);
}

void GroupCoordinator::join_new_member(Group& group, JoinParams& params, JoinCallback& done) {
    const auto member_id = new_member_id(params.client_id);
    if (params.instance_id) {
        auto known = group.static_ids.find(*params.instance_id);
        if (known != group.static_ids.end()) {
            replace_static_member(group, known->second, params, std::move(done));
            return;
        }
        params.member_id = member_id;
        add_member_and_rebalance(group, member_id, params, std::move(done));
        return;
    }
    if (params.require_known_member_id) {
        // KIP-394: the member gets its id first and joins with it, so that a client that times
        // out on a long join does not leave anonymous members behind.
        arm_pending_timer(group, member_id, params.session_timeout_ms);
        done(join_error(ge::kMemberIdRequired, member_id));
        return;
    }
    params.member_id = member_id;
    add_member_and_rebalance(group, member_id, params, std::move(done));
}

void GroupCoordinator::join_known_member(Group& group, JoinParams& params, JoinCallback& done) {
    if (group.pending_members.contains(params.member_id)) {
        group.pending_members.erase(params.member_id);
        add_member_and_rebalance(group, params.member_id, params, std::move(done));
        return;
    }
    if (group.is_fenced(params.member_id, params.instance_id)) {
        return done(join_error(ge::kFencedInstanceId, params.member_id));
    }
    auto* member = group.member(params.member_id);
    if (!member) return done(join_error(ge::kUnknownMemberId, params.member_id));
    switch (group.state) {
        case GroupState::PreparingRebalance:
            update_member_and_rebalance(group, *member, params, std::move(done));
            return;
        case GroupState::CompletingRebalance:
            // Same metadata: the member most likely missed its JoinGroup answer; give it again.
            if (member->matches(params.protocols)) {
                return done(current_generation(group, member->id, member->id == group.leader_id));
            }
            update_member_and_rebalance(group, *member, params, std::move(done));
            return;
        case GroupState::Stable:
            if (member->id == group.leader_id || !member->matches(params.protocols)) {
                update_member_and_rebalance(group, *member, params, std::move(done));
                return;
            }
            return done(current_generation(group, member->id, false));
        default:
            return done(join_error(ge::kUnknownMemberId, params.member_id));
    }
}

void GroupCoordinator::add_member_and_rebalance(Group& group, const std::string& member_id,
                                                JoinParams& params, JoinCallback done) {
    Member member;
    member.id = member_id;
    member.instance_id = params.instance_id;
    member.client_id = params.client_id;
    member.client_host = params.client_host;
    member.rebalance_timeout_ms = params.rebalance_timeout_ms;
    member.session_timeout_ms = params.session_timeout_ms;
    member.protocol_type = params.protocol_type;
    member.protocols = params.protocols;
    member.awaiting_join = std::move(done);
    if (group.members.empty()) group.protocol_type = params.protocol_type;
    if (group.leader_id.empty()) group.leader_id = member_id;
    if (member.instance_id) group.static_ids[*member.instance_id] = member_id;
    auto& stored = group.members.emplace(member_id, std::move(member)).first->second;
    if (group.initial_delay_running) group.new_member_during_delay = true;
    arm_session_timer(group, stored);
    maybe_prepare_rebalance(group, "a member joined");
}

void GroupCoordinator::update_member_and_rebalance(Group& group, Member& member, JoinParams& params,
                                                   JoinCallback done) {
    member.protocols = params.protocols;
    member.rebalance_timeout_ms = params.rebalance_timeout_ms;
    member.session_timeout_ms = params.session_timeout_ms;
    member.client_id = params.client_id;
    member.client_host = params.client_host;
    if (group.members.size() == 1) group.protocol_type = params.protocol_type;
    // A second JoinGroup replaces the first, whose client has given up on it.
    if (auto previous = std::exchange(member.awaiting_join, std::move(done))) {
        previous(join_error(ge::kRebalanceInProgress, member.id));
    }
    maybe_prepare_rebalance(group, "a member rejoined");
}

void GroupCoordinator::replace_static_member(Group& group, std::string old_id, JoinParams& params,
                                             JoinCallback done) {
    auto node = group.members.extract(old_id);
    Member& member = node.mapped();
    // The old incarnation is fenced: whatever it still waits for fails.
    if (auto join = std::exchange(member.awaiting_join, nullptr))
        join(join_error(ge::kFencedInstanceId, old_id));
    if (auto sync = std::exchange(member.awaiting_sync, nullptr)) sync(sync_error(ge::kFencedInstanceId));
    const auto new_id = new_member_id(params.client_id);
    const bool same_protocols = member.matches(params.protocols);
    member.id = new_id;
    node.key() = new_id;
    auto& stored = group.members.insert(std::move(node)).position->second;
    arm_session_timer(group, stored);
    group.static_ids[*params.instance_id] = new_id;
    if (group.leader_id == old_id) group.leader_id = new_id;
    params.member_id = new_id;
    spdlog::info("group {}: static member {} rejoined as {}", group.id, *params.instance_id, new_id);

    const bool is_leader = group.leader_id == new_id;
    if (group.state == GroupState::Stable && same_protocols &&
        (!is_leader || params.leader_can_skip_assignment)) {
        // Kafka's static-membership promise: a restarted member gets its old assignment without a
        // rebalance. The new member id must be on record first.
        if (auto error = store_group(group); error != ge::kNone) return done(join_error(error, new_id));
        auto result = current_generation(group, new_id, is_leader);
        result.skip_assignment = is_leader;
        return done(result);
    }
    update_member_and_rebalance(group, stored, params, std::move(done));
}

JoinResult GroupCoordinator::current_generation(const Group& group, const std::string& member_id,
                                                bool with_members) const {
    JoinResult result;
    result.generation = group.generation;
    result.protocol_type = group.protocol_type;
    result.protocol_name = group.protocol_name;
    result.leader = group.leader_id;
    result.member_id = member_id;
    if (with_members && group.protocol_name) {
        for (const auto& [id, member] : group.members) {
            const auto* metadata = member.metadata_for(*group.protocol_name);
            result.members.push_back({id, member.instance_id, metadata ? *metadata : protocol::Bytes{}});
        }
    }
    return result;
}

void GroupCoordinator::sync(SyncParams params, SyncCallback done) {
    auto* group = find(params.group_id);
    if (!group) return done(sync_error(ge::kUnknownMemberId));
    if (group->state == GroupState::Dead) return done(sync_error(ge::kCoordinatorNotAvailable));
    if (group->is_fenced(params.member_id, params.instance_id))
        return done(sync_error(ge::kFencedInstanceId));
    auto* member = group->member(params.member_id);
    if (!member) return done(sync_error(ge::kUnknownMemberId));
    if (params.generation != group->generation) return done(sync_error(ge::kIllegalGeneration));
    if ((params.protocol_type && params.protocol_type != group->protocol_type) ||
        (params.protocol_name && params.protocol_name != group->protocol_name)) {
        return done(sync_error(ge::kInconsistentGroupProtocol));
    }
    switch (group->state) {
        case GroupState::PreparingRebalance:
            return done(sync_error(ge::kRebalanceInProgress));
        case GroupState::Stable:
            return done({ge::kNone, group->protocol_type, group->protocol_name, member->assignment});
        case GroupState::CompletingRebalance:
            break;
        default:
            return done(sync_error(ge::kUnknownMemberId));
    }
    if (auto previous = std::exchange(member->awaiting_sync, std::move(done))) {
        previous(sync_error(ge::kRebalanceInProgress));
    }
    arm_session_timer(*group, *member);
    if (member->id != group->leader_id) return;

    // The leader's assignment: on record first, then everyone learns their part.
    std::map<std::string, protocol::Bytes> previous;
    for (auto& [id, each] : group->members) {
        auto it = params.assignments.find(id);
        previous[id] =
            std::exchange(each.assignment, it == params.assignments.end() ? protocol::Bytes{} : it->second);
    }
    if (auto error = store_group(*group); error != ge::kNone) {
        for (auto& [id, each] : group->members) each.assignment = previous[id];
        reset_assignments(*group, error);
        maybe_prepare_rebalance(*group, "storing the assignment failed");
        return;
    }
    transition(*group, GroupState::Stable);
    for (auto& [id, each] : group->members) {
        if (auto waiting = std::exchange(each.awaiting_sync, nullptr)) {
            waiting({ge::kNone, group->protocol_type, group->protocol_name, each.assignment});
        }
    }
    spdlog::info("group {}: generation {} is stable with {} member(s)", group->id, group->generation,
                 group->members.size());
}

LeaveResult GroupCoordinator::leave(const std::string& group_id, const std::vector<LeavingMember>& members) {
    LeaveResult result;
    auto* group = find(group_id);
    if (!group) {
        result.member_errors.assign(members.size(), ge::kUnknownMemberId);
        return result;
    }
    if (group->state == GroupState::Dead) {
        result.error = ge::kCoordinatorNotAvailable;
        return result;
    }
    for (const auto& leaving : members) {
        std::string member_id = leaving.member_id;
        if (member_id.empty() && leaving.instance_id) {
            auto it = group->static_ids.find(*leaving.instance_id);
            if (it == group->static_ids.end()) {
                result.member_errors.push_back(ge::kUnknownMemberId);
                continue;
            }
            member_id = it->second;
        } else if (group->is_fenced(member_id, leaving.instance_id)) {
            result.member_errors.push_back(ge::kFencedInstanceId);
            continue;
        }
        if (group->pending_members.erase(member_id) > 0) {
            result.member_errors.push_back(ge::kNone);
            if (group->state == GroupState::PreparingRebalance) try_complete_join(*group);
            continue;
        }
        if (!group->has(member_id)) {
            result.member_errors.push_back(ge::kUnknownMemberId);
            continue;
        }
        remove_member(*group, member_id, "left the group");
        result.member_errors.push_back(ge::kNone);
    }
    return result;
}

void GroupCoordinator::remove_member(Group& group, const std::string& member_id, const char* why) {
    auto node = group.members.extract(member_id);
    if (node.empty()) return;
    auto& member = node.mapped();
    spdlog::info("group {}: member {} {}", group.id, member_id, why);
    if (auto join = std::exchange(member.awaiting_join, nullptr))
        join(join_error(ge::kUnknownMemberId, member_id));
    if (auto sync = std::exchange(member.awaiting_sync, nullptr)) sync(sync_error(ge::kUnknownMemberId));
    if (member.instance_id) group.static_ids.erase(*member.instance_id);
    if (group.leader_id == member_id)
        group.leader_id = group.members.empty() ? "" : group.members.begin()->first;
    switch (group.state) {
        case GroupState::PreparingRebalance:
            try_complete_join(group);
            break;
        case GroupState::CompletingRebalance:
        case GroupState::Stable:
            prepare_rebalance(group, why);
            break;
        default:
            break;
    }
}

}  // namespace tideline::broker
