// The rebalance itself and the timers that drive it: PreparingRebalance waits until every member
// has rejoined (or the rebalance timeout, or group.initial.rebalance.delay.ms for a group that was
// empty), then the next generation starts in CompletingRebalance and every waiting JoinGroup is
// answered. Session timers remove members that stop heartbeating.
#include <spdlog/spdlog.h>

#include "broker/core/groups/group_coordinator.h"
#include "broker/core/groups/group_errors.h"

namespace tideline::broker {
namespace {

namespace ge = group_errors;
using Clock = std::chrono::steady_clock;

// A timer that fired just before it was re-armed still runs its handler once; this tells it apart.
bool stale(const asio::steady_timer& timer) { return timer.expiry() > Clock::now(); }

std::int64_t steady_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

}  // namespace

void GroupCoordinator::transition(Group& group, GroupState state) {
    group.state = state;
    group.state_timestamp_ms = now_ms();
}

void GroupCoordinator::maybe_prepare_rebalance(Group& group, const char* why) {
    const bool can_rebalance = group.state == GroupState::Stable ||
                               group.state == GroupState::CompletingRebalance ||
                               group.state == GroupState::Empty;
    if (can_rebalance) prepare_rebalance(group, why);
}

void GroupCoordinator::prepare_rebalance(Group& group, const char* why) {
    if (group.state == GroupState::CompletingRebalance) reset_assignments(group, ge::kRebalanceInProgress);
    const auto initial_delay = state_.config.group_initial_rebalance_delay_ms();
    const bool delay_first_join = group.state == GroupState::Empty && initial_delay > 0;
    transition(group, GroupState::PreparingRebalance);
    group.rebalance_started_ms = steady_now_ms();
    group.initial_delay_running = delay_first_join;
    group.new_member_during_delay = false;
    if (!group.join_timer) group.join_timer = std::make_unique<asio::steady_timer>(io_);
    const auto wait = delay_first_join ? std::min(initial_delay, group.max_rebalance_timeout_ms())
                                       : group.max_rebalance_timeout_ms();
    group.join_timer->expires_after(std::chrono::milliseconds(wait));
    group.join_timer->async_wait([this, id = group.id](std::error_code ec) {
        if (!ec) on_join_timer(id);
    });
    spdlog::info("group {}: preparing to rebalance generation {} ({})", group.id, group.generation, why);
}

void GroupCoordinator::on_join_timer(const std::string& group_id) {
    auto* group = find(group_id);
    if (!group || group->state != GroupState::PreparingRebalance || stale(*group->join_timer)) return;
    if (group->initial_delay_running) {
        // Kafka's InitialDelayedJoin: while members keep arriving, wait another delay, but never
        // beyond the rebalance timeout.
        const auto remaining =
            group->max_rebalance_timeout_ms() - (steady_now_ms() - group->rebalance_started_ms);
        if (group->new_member_during_delay && remaining > 0) {
            group->new_member_during_delay = false;
            const auto wait =
                std::min<std::int64_t>(state_.config.group_initial_rebalance_delay_ms(), remaining);
            group->join_timer->expires_after(std::chrono::milliseconds(wait));
            group->join_timer->async_wait([this, id = group->id](std::error_code ec) {
                if (!ec) on_join_timer(id);
            });
            return;
        }
        group->initial_delay_running = false;
    }
    complete_join(*group);
}

void GroupCoordinator::try_complete_join(Group& group) {
    if (group.state == GroupState::PreparingRebalance && !group.initial_delay_running &&
        group.all_members_joined()) {
        complete_join(group);
    }
}

void GroupCoordinator::complete_join(Group& group) {
    if (group.join_timer) group.join_timer->cancel();
    group.initial_delay_running = false;
    // Dynamic members that did not rejoin in time are out; static ones stay until their session
    // times out (KIP-345: a restarting static member must not cause a rebalance).
    std::vector<std::string> gone;
    for (const auto& [id, member] : group.members) {
        if (!member.awaiting_join && !member.instance_id) gone.push_back(id);
    }
    for (const auto& id : gone) {
        spdlog::info("group {}: member {} did not rejoin in time", group.id, id);
        group.members.erase(id);
    }
    if (group.members.empty()) {
        ++group.generation;
        group.protocol_name.reset();
        group.leader_id.clear();
        transition(group, GroupState::Empty);
        if (auto error = store_group(group); error != ge::kNone)
            spdlog::warn("group {}: storing the empty group failed with error {}", group.id, error);
        spdlog::info("group {}: empty at generation {}", group.id, group.generation);
        return;
    }
    auto leader = group.members.find(group.leader_id);
    if (leader == group.members.end() || !leader->second.awaiting_join) {
        auto joined = std::find_if(group.members.begin(), group.members.end(), [](const auto& entry) {
            return static_cast<bool>(entry.second.awaiting_join);
        });
        if (joined == group.members.end()) {
            // Only static members that have not come back: wait for them or for their sessions to end.
            group.join_timer->expires_after(std::chrono::milliseconds(group.max_rebalance_timeout_ms()));
            group.join_timer->async_wait([this, id = group.id](std::error_code ec) {
                if (!ec) on_join_timer(id);
            });
            return;
        }
        group.leader_id = joined->first;
    }
    ++group.generation;
    group.protocol_name = group.select_protocol();
    transition(group, GroupState::CompletingRebalance);
    spdlog::info("group {}: generation {} with {} member(s), protocol {}, leader {}", group.id,
                 group.generation, group.members.size(), *group.protocol_name, group.leader_id);
    for (auto& [id, member] : group.members) {
        if (auto waiting = std::exchange(member.awaiting_join, nullptr)) {
            waiting(current_generation(group, id, id == group.leader_id));
        }
        arm_session_timer(group, member);
    }
}

void GroupCoordinator::reset_assignments(Group& group, std::int16_t error) {
    for (auto& [id, member] : group.members) {
        member.assignment.clear();
        if (auto waiting = std::exchange(member.awaiting_sync, nullptr)) {
            SyncResult result;
            result.error = error;
            waiting(result);
        }
    }
}

void GroupCoordinator::arm_session_timer(Group& group, Member& member) {
    if (!member.session_timer) member.session_timer = std::make_unique<asio::steady_timer>(io_);
    member.session_timer->expires_after(std::chrono::milliseconds(member.session_timeout_ms));
    member.session_timer->async_wait([this, group_id = group.id, member_id = member.id](std::error_code ec) {
        if (!ec) on_session_expired(group_id, member_id);
    });
}

void GroupCoordinator::on_session_expired(const std::string& group_id, const std::string& member_id) {
    auto* group = find(group_id);
    auto* member = group ? group->member(member_id) : nullptr;
    if (!member || stale(*member->session_timer)) return;
    // A member waiting for the coordinator's answer cannot heartbeat; the rebalance timeout
    // decides about it instead.
    if (member->awaiting_join || member->awaiting_sync) {
        arm_session_timer(*group, *member);
        return;
    }
    remove_member(*group, member_id, "timed out (no heartbeat within the session timeout)");
}

void GroupCoordinator::arm_pending_timer(Group& group, const std::string& member_id,
                                         std::int32_t session_timeout_ms) {
    auto& timer = group.pending_members[member_id];
    timer = std::make_unique<asio::steady_timer>(io_);
    timer->expires_after(std::chrono::milliseconds(session_timeout_ms));
    timer->async_wait([this, group_id = group.id, member_id](std::error_code ec) {
        if (ec) return;
        auto* group = find(group_id);
        if (!group) return;
        auto it = group->pending_members.find(member_id);
        if (it == group->pending_members.end() || stale(*it->second)) return;
        group->pending_members.erase(it);
        try_complete_join(*group);
    });
}

}  // namespace tideline::broker
