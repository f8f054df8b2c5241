// ElectLeaders: preferred-leader election (the first replica takes over again when it is in
// sync) and unclean election (a partition without a leader takes any live replica, accepting
// lost records), with Kafka's per-partition outcomes.
#pragma once

#include <cstdint>
#include <string>

#include "broker/core/cluster_state.h"

namespace tideline::broker {

inline constexpr std::int8_t kPreferredElection = 0;
inline constexpr std::int8_t kUncleanElection = 1;

inline constexpr std::int16_t kPreferredLeaderNotAvailable = 80;
inline constexpr std::int16_t kEligibleLeadersNotAvailable = 83;
inline constexpr std::int16_t kElectionNotNeeded = 84;

struct ElectionOutcome {
    std::int16_t error_code = 0;
    std::string message;
    bool changed = false;  // leader and epoch moved: the metadata must be saved
};

// Elects a leader for one partition of `topic`. On success the leader epoch is bumped and the
// other replicas are brought in line with the new leader's log.
ElectionOutcome elect_partition_leader(ClusterState& state, TopicState& topic, PartitionState& partition,
                                       std::int8_t election_type);

}  // namespace tideline::broker
