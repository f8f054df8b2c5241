// The group coordinator: Kafka's classic consumer-group protocol for every group of the cluster.
// A group belongs to the leader of its `__consumer_offsets` partition (see offsets_topic.h); the
// handlers check that before calling in, so one coordinator object serves all brokers and a group
// carries on when its partition gets a new leader.
//
// Threads: everything runs on the event-loop thread. JoinGroup and SyncGroup answers may come
// later (when the rebalance gets there or a timer fires): their callbacks are kept in the member.
//
// Persistence: group metadata (after each rebalance, when a group empties or is deleted) and
// committed offsets are records appended to `__consumer_offsets` before anyone is told they
// happened; load() rebuilds everything from that topic at startup.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "broker/core/cluster_state.h"
#include "broker/core/fetch_waiters.h"
#include "broker/core/groups/group.h"
#include "broker/core/groups/offsets_topic.h"
#include "broker/core/topic_admin.h"

namespace tideline::broker {

struct JoinParams {
    std::string group_id;
    std::string member_id;
    std::optional<std::string> instance_id;
    std::string client_id;
    std::string client_host;
    std::int32_t session_timeout_ms = 0;
    std::int32_t rebalance_timeout_ms = 0;
    std::string protocol_type;
    std::vector<GroupProtocol> protocols;
    bool require_known_member_id = false;     // JoinGroup v4+
    bool leader_can_skip_assignment = false;  // JoinGroup v9+
};

struct SyncParams {
    std::string group_id;
    std::int32_t generation = -1;
    std::string member_id;
    std::optional<std::string> instance_id;
    std::optional<std::string> protocol_type;
    std::optional<std::string> protocol_name;
    std::map<std::string, protocol::Bytes> assignments;  // the leader's only
};

struct LeavingMember {
    std::string member_id;
    std::optional<std::string> instance_id;
};

struct LeaveResult {
    std::int16_t error = 0;
    std::vector<std::int16_t> member_errors;  // one per leaving member, in request order
};

struct OffsetCommitParams {
    std::string group_id;
    std::int32_t generation = -1;
    std::string member_id;
    std::optional<std::string> instance_id;
    std::map<GroupTopicPartition, CommittedOffset> offsets;  // already validated by the handler
};

struct GroupOffsets {
    std::int16_t error = 0;
    std::map<GroupTopicPartition, CommittedOffset> offsets;
};

struct GroupListing {
    std::string group_id;
    std::string protocol_type;
    GroupState state = GroupState::Empty;
};

struct GroupDescription {
    std::int16_t error = 0;
    std::string group_id;
    std::string state;
    std::string protocol_type;
    std::string protocol_data;
    struct MemberDescription {
        std::string member_id;
        std::optional<std::string> instance_id;
        std::string client_id;
        std::string client_host;
        protocol::Bytes metadata;
        protocol::Bytes assignment;
    };
    std::vector<MemberDescription> members;
};

class GroupCoordinator {
public:
    GroupCoordinator(asio::io_context& io, ClusterState& state, TopicAdmin& admin, FetchWaiters& fetches,
                     ReplicaFetcher& replicas);
    ~GroupCoordinator();
    GroupCoordinator(const GroupCoordinator&) = delete;
    GroupCoordinator& operator=(const GroupCoordinator&) = delete;

    // Startup, before the loop runs: every group and committed offset from `__consumer_offsets`.
    void load();

    OffsetsTopic& offsets_topic() { return topic_; }
    // 0 when `broker_id` coordinates `group_id`, else NOT_COORDINATOR; INVALID_GROUP_ID for an
    // empty id unless the API accepts one (Kafka: the offset and describe/delete APIs do).
    std::int16_t check_coordinator(const std::string& group_id, std::int32_t broker_id,
                                   bool empty_id_allowed = false) const;

    void join(JoinParams params, JoinCallback done);
    void sync(SyncParams params, SyncCallback done);
    std::int16_t heartbeat(const std::string& group_id, std::int32_t generation, const std::string& member_id,
                           const std::optional<std::string>& instance_id);
    LeaveResult leave(const std::string& group_id, const std::vector<LeavingMember>& members);

    // Per-partition error codes in the order of params.offsets.
    std::map<GroupTopicPartition, std::int16_t> commit_offsets(const OffsetCommitParams& params);
    GroupOffsets fetch_offsets(const std::string& group_id) const;

    std::vector<GroupListing> list_groups(std::int32_t coordinator_id) const;
    GroupDescription describe_group(const std::string& group_id) const;
    std::int16_t delete_group(const std::string& group_id);
    // Group-level error, and per-partition errors for the partitions it could not delete.
    std::pair<std::int16_t, std::map<GroupTopicPartition, std::int16_t>> delete_offsets(
        const std::string& group_id, const std::vector<GroupTopicPartition>& partitions);

    // Drops the committed offsets of a deleted topic, and the Empty groups that had only those.
    void on_topic_deleted(const std::string& topic);

    // Answers every waiting JoinGroup and SyncGroup (at shutdown).
    void release_all();

private:
    Group* find(const std::string& group_id);
    const Group* find(const std::string& group_id) const;
    Group& create_group(const std::string& group_id);

    // Membership (group_membership.cpp).
    void join_new_member(Group& group, JoinParams& params, JoinCallback& done);
    void join_known_member(Group& group, JoinParams& params, JoinCallback& done);
    void add_member_and_rebalance(Group& group, const std::string& member_id, JoinParams& params,
                                  JoinCallback done);
    void update_member_and_rebalance(Group& group, Member& member, JoinParams& params, JoinCallback done);
    void replace_static_member(Group& group, std::string old_id, JoinParams& params, JoinCallback done);
    JoinResult current_generation(const Group& group, const std::string& member_id, bool with_members) const;
    void remove_member(Group& group, const std::string& member_id, const char* why);

    // Rebalance (group_rebalance.cpp).
    void maybe_prepare_rebalance(Group& group, const char* why);
    void prepare_rebalance(Group& group, const char* why);
    void try_complete_join(Group& group);
    void complete_join(Group& group);
    void on_join_timer(const std::string& group_id);
    void reset_assignments(Group& group, std::int16_t error);
    void transition(Group& group, GroupState state);
    void arm_session_timer(Group& group, Member& member);
    void on_session_expired(const std::string& group_id, const std::string& member_id);
    void arm_pending_timer(Group& group, const std::string& member_id, std::int32_t session_timeout_ms);
    std::int16_t store_group(Group& group);

    std::int64_t now_ms() const;

    asio::io_context& io_;
    ClusterState& state_;
    OffsetsTopic topic_;
    std::map<std::string, Group> groups_;
};

}  // namespace tideline::broker
