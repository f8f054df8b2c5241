#include "broker/core/leader_election.h"

#include <spdlog/spdlog.h>

#include "broker/core/replication.h"

namespace tideline::broker {
namespace {

bool running(const ClusterState& state, std::int32_t id) {
    const auto* broker = state.broker(id);
    return broker && broker->running;
}

std::string partition_name(const TopicState& topic, const PartitionState& partition) {
    return topic.name + "-" + std::to_string(partition.index);
}

ElectionOutcome switch_leader(ClusterState& state, TopicState& topic, PartitionState& partition,
                              std::int32_t leader) {
    const auto previous = partition.leader;
    partition.leader = leader;
    ++partition.leader_epoch;
    // The new leader's log is the truth from now on: the others truncate and catch up to it.
    restore_replicas(state, partition);
    spdlog::info("{}: leader {} -> {} (epoch {})", partition_name(topic, partition), previous,
                 partition.leader, partition.leader_epoch);
    return {0, {}, true};
}

}  // namespace

ElectionOutcome elect_partition_leader(ClusterState& state, TopicState& topic, PartitionState& partition,
                                       std::int8_t election_type) {
    if (election_type == kPreferredElection) {
        const auto preferred = partition.replicas.empty() ? -1 : partition.replicas.front();
        if (partition.leader == preferred)
            return {kElectionNotNeeded,
                    "Leader election not needed for topic partition " + partition_name(topic, partition)};
        if (!running(state, preferred) || !partition.in_isr(preferred) || !partition.log_of(preferred)) {
            return {kPreferredLeaderNotAvailable,
                    "Failed to elect leader for partition " + partition_name(topic, partition) +
                        " under strategy PreferredReplicaPartitionLeaderElectionStrategy"};
        }
        return switch_leader(state, topic, partition, preferred);
    }
    // Unclean (KIP-460): only for a partition without a live leader; it is allowed whatever
    // unclean.leader.election.enable says, because an operator asked for it explicitly.
    if (partition.leader != -1 && running(state, partition.leader)) {
        return {kElectionNotNeeded,
                "Leader election not needed for topic partition " + partition_name(topic, partition)};
    }
    std::int32_t chosen = -1;
    for (auto id : partition.replicas) {
        if (running(state, id) && partition.log_of(id) && partition.in_isr(id)) {
            chosen = id;
            break;
        }
    }
    for (auto id : partition.replicas) {
        if (chosen != -1) break;
        if (running(state, id) && partition.log_of(id)) chosen = id;
    }
    if (chosen == -1) {
        return {kEligibleLeadersNotAvailable, "Failed to elect leader for partition " +
                                                  partition_name(topic, partition) +
                                                  " under strategy OfflinePartitionLeaderElectionStrategy"};
    }
    if (!partition.in_isr(chosen)) {
        spdlog::warn("{}: unclean election of replica {}, records beyond its log are lost",
                     partition_name(topic, partition), chosen);
    }
    return switch_leader(state, topic, partition, chosen);
}

}  // namespace tideline::broker
