// The rules of a partition's replicas: leader appends, follower copies, the high watermark and the
// ISR. Plain functions on PartitionState; ReplicaFetcher (replica_fetcher.h) drives them on the
// event loop, so that followers copy from their leader continuously instead of in the same turn.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "broker/core/cluster_state.h"

namespace tideline::broker {

inline constexpr std::int16_t kNotEnoughReplicas = 19;
inline constexpr std::int16_t kNotEnoughReplicasAfterAppend = 20;

struct AppendResult {
    std::int16_t error_code = 0;
    std::string message;
    std::int64_t base_offset = -1;
    std::int64_t last_offset = -1;
    std::int64_t log_append_time = -1;
    std::int64_t log_start_offset = -1;
};

// Leader and ISR of a new partition: the first running replica leads, every running replica is in sync.
void elect_leader(ClusterState& state, PartitionState& partition);

// After a restart: keeps the saved leader and ISR where their logs are there (electing from the ISR
// if the leader is gone) and recomputes the high watermark. Followers catch up later, from their
// own logs, through the replica fetcher.
void restore_replicas(ClusterState& state, PartitionState& partition);

// The leader appends `records` (patched in place with offsets and epoch). `min_insync` applies to
// acks=-1 only, as in Kafka. Followers copy later (ReplicaFetcher).
AppendResult append_as_leader(PartitionState& partition, std::span<std::uint8_t> records, std::int16_t acks,
                              std::int32_t min_insync);

// Batches the leader has just appended, exactly as its log holds them: a follower whose log ends at
// `base_offset` stores these bytes instead of reading them back from the leader's files.
struct FreshBatches {
    std::int64_t base_offset = 0;
    std::span<const std::uint8_t> bytes;
};

struct CopyStep {
    std::size_t bytes = 0;
    bool caught_up = false;  // the follower's log ends where the leader's does
    bool failed = false;
};

// One fetch of `follower_id` from its leader: first, after a leader change, truncation where its log
// diverged (the OffsetForLeaderEpoch rule), then whole batches copied as they are, up to about
// `max_bytes`: `fresh` when the follower's log ends where they start, else read from the leader's log.
CopyStep copy_from_leader(PartitionState& partition, std::int32_t follower_id, std::size_t max_bytes,
                          std::int64_t now_ms, const FreshBatches* fresh = nullptr);

// Kafka's rule for rejoining: the follower has everything up to the high watermark and at least
// the start of the leader's current epoch.
bool may_join_isr(const PartitionState& partition, std::int32_t follower_id);

// The high watermark: the smallest log end offset in the ISR. Never moves back; true if it moved.
bool update_high_watermark(PartitionState& partition);

// Lowers the high watermark to the leader's log end if needed (after an unclean election).
void clamp_high_watermark(PartitionState& partition);

}  // namespace tideline::broker
