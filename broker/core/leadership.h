// Leader and ISR changes when a broker stops or starts, as Kafka's controller makes them: a stopped
// broker leaves every ISR at once and its partitions get new leaders (with a new leader epoch) from
// the remaining ISR (outside it only with unclean.leader.election.enable). A started broker's
// replicas are followers that catch up through the ReplicaFetcher and rejoin the ISR there.
#pragma once

#include <cstdint>
#include <vector>

#include "broker/core/cluster_state.h"
#include "broker/core/fetch_waiters.h"

namespace tideline::broker {

// Both return the partitions whose leader or ISR changed (for persisting and waking fetches).
std::vector<TopicPartition> on_broker_stopped(ClusterState& state, std::int32_t broker_id);
std::vector<TopicPartition> on_broker_started(ClusterState& state, std::int32_t broker_id);

}  // namespace tideline::broker
