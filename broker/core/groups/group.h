// One consumer group as the coordinator sees it: Kafka's classic group protocol state (Empty,
// PreparingRebalance, CompletingRebalance, Stable, Dead), its members with the answers they are
// waiting for, and its committed offsets. Plain data and small queries; the rules that move a
// group between states live in group_coordinator.h.
#pragma once

#include <asio.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "wire.h"

namespace tideline::broker {

enum class GroupState { Empty, PreparingRebalance, CompletingRebalance, Stable, Dead };

// Kafka's spelling, as DescribeGroups and ListGroups carry it.
const char* group_state_name(GroupState state);
std::optional<GroupState> group_state_from_name(const std::string& name);  // case-insensitive

struct GroupProtocol {
    std::string name;
    protocol::Bytes metadata;
};

struct JoinedMember {
    std::string member_id;
    std::optional<std::string> instance_id;
    protocol::Bytes metadata;
};

struct JoinResult {
    std::int16_t error = 0;
    std::int32_t generation = -1;
    std::optional<std::string> protocol_type;
    std::optional<std::string> protocol_name;
    std::string leader;
    std::string member_id;
    bool skip_assignment = false;
    std::vector<JoinedMember> members;  // the leader's answer only
};

struct SyncResult {
    std::int16_t error = 0;
    std::optional<std::string> protocol_type;
    std::optional<std::string> protocol_name;
    protocol::Bytes assignment;
};

using JoinCallback = std::function<void(const JoinResult&)>;
using SyncCallback = std::function<void(const SyncResult&)>;

struct Member {
    std::string id;
    std::optional<std::string> instance_id;  // static membership (group.instance.id)
    std::string client_id;
    std::string client_host;
    std::int32_t rebalance_timeout_ms = 0;
    std::int32_t session_timeout_ms = 0;
    std::string protocol_type;
    std::vector<GroupProtocol> protocols;  // in the member's order of preference
    protocol::Bytes assignment;
    // Set while the member's JoinGroup or SyncGroup waits for the rebalance to get there.
    JoinCallback awaiting_join;
    SyncCallback awaiting_sync;
    std::unique_ptr<asio::steady_timer> session_timer;

    const protocol::Bytes* metadata_for(const std::string& protocol_name) const;
    // Same protocol names and metadata, in the same order.
    bool matches(const std::vector<GroupProtocol>& other) const;
};

struct CommittedOffset {
    std::int64_t offset = -1;
    std::int32_t leader_epoch = -1;
    std::string metadata;
    std::int64_t commit_timestamp = -1;
};

using GroupTopicPartition = std::pair<std::string, std::int32_t>;

struct Group {
    std::string id;
    GroupState state = GroupState::Empty;
    std::int32_t generation = 0;
    std::optional<std::string> protocol_type;
    std::optional<std::string> protocol_name;
    std::string leader_id;                          // empty while the group has no leader
    std::map<std::string, Member> members;          // by member id
    std::map<std::string, std::string> static_ids;  // group.instance.id -> member id
    // Member ids handed out with MEMBER_ID_REQUIRED, expiring after the session timeout.
    std::map<std::string, std::unique_ptr<asio::steady_timer>> pending_members;
    std::unique_ptr<asio::steady_timer> join_timer;  // rebalance timeout or initial delay
    bool initial_delay_running = false;
    bool new_member_during_delay = false;
    std::int64_t rebalance_started_ms = 0;
    std::int64_t state_timestamp_ms = -1;
    std::map<GroupTopicPartition, CommittedOffset> offsets;

    Member* member(const std::string& member_id);
    bool has(const std::string& member_id) const { return members.contains(member_id); }
    // A static member whose instance id now belongs to another member id was replaced: fenced.
    bool is_fenced(const std::string& member_id, const std::optional<std::string>& instance_id) const;
    bool all_members_joined() const;
    // Can a member with these protocols join? It needs the group's protocol type and a protocol
    // every other member supports (a rejoining member is not compared with its old self).
    bool supports(const std::string& member_protocol_type, const std::vector<GroupProtocol>& protocols,
                  const std::string& member_id) const;
    // The protocol most members prefer among those every member supports.
    std::string select_protocol() const;
    std::int32_t max_rebalance_timeout_ms() const;
    // Topics the members subscribe to, read from their consumer-protocol metadata; nullopt when the
    // group does not use the consumer protocol or a subscription cannot be read.
    std::optional<std::set<std::string>> subscribed_topics() const;
};

}  // namespace tideline::broker
