// Leader and ISR changes when a broker stops or starts. All replicas live in this process, so a
// stopped broker's replicas simply stop counting: its partitions get new leaders (with a new
// leader epoch) from the remaining ISR, and on restart its logs catch up and rejoin the ISR.
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
