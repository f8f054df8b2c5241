// Moving a partition's replicas (AlterPartitionReassignments), as Kafka's controller does: the new
// replicas join as extra followers, and only once every one of them is in the ISR does the replica
// set become the target, the removed replicas' logs go and, if the leader is among them, the
// partition gets a new leader from the target. Until then Metadata lists old and new replicas
// together and ListPartitionReassignments shows the reassignment.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "broker/core/cluster_state.h"
#include "broker/core/topic_admin.h"

namespace tideline::broker {

inline constexpr std::int16_t kNoReassignmentInProgress = 85;

inline bool reassignment_in_progress(const PartitionState& partition) {
    return !partition.adding_replicas.empty() || !partition.removing_replicas.empty();
}

// Starts, replaces (`target` given) or cancels (`target` empty optional) the partition's
// reassignment. Checks the target as Kafka does; the caller persists the metadata.
AdminResult reassign_partition(ClusterState& state, TopicState& topic, PartitionState& partition,
                               const std::optional<std::vector<std::int32_t>>& target);

// Finishes the reassignment if every new replica is in the ISR; true if it did (leader and replicas
// may have changed: persist and wake waiters).
bool complete_reassignment_if_caught_up(ClusterState& state, TopicState& topic, PartitionState& partition);

}  // namespace tideline::broker
