// How records move between a partition's replicas. All replicas live in this process, so the
// leader's append and the followers' copies happen in the same event-loop turn; the functions
// here are what a real follower fetch loop, ISR shrinking and leader election will build on.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "broker/core/cluster_state.h"

namespace tideline::broker {

inline constexpr std::int16_t kNotEnoughReplicas = 19;

struct AppendResult {
    std::int16_t error_code = 0;
    std::string message;
    std::int64_t base_offset = -1;
    std::int64_t log_append_time = -1;
    std::int64_t log_start_offset = -1;
};

// Leader and ISR of a new partition: the first running replica leads, every running replica is in sync.
void elect_leader(ClusterState& state, PartitionState& partition);

// After a restart: elects a new leader (with a new epoch) if the old one is gone, brings every
// follower's log in line with the leader's (truncating a diverged tail, copying what is missing),
// and recomputes the ISR and high watermark.
void restore_replicas(ClusterState& state, PartitionState& partition);

// The leader appends `records` (patched in place with offsets and epoch); followers in the ISR copy
// them. `min_insync` applies to acks=-1 only, as in Kafka.
AppendResult append_to_partition(PartitionState& partition, std::span<std::uint8_t> records,
                                 std::int16_t acks, std::int32_t min_insync);

// Copies what `follower_id`'s log lacks from the leader's. False (with a log message) when the
// follower cannot be brought up to date, which means it cannot stay in the ISR.
bool catch_up_follower(PartitionState& partition, std::int32_t follower_id);

// The high watermark: the smallest log end offset in the ISR. It never moves back.
void update_high_watermark(PartitionState& partition);

}  // namespace tideline::broker
