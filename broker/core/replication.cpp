#include "broker/core/replication.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <limits>

#include "record_batch.h"

namespace tideline::broker {
namespace {

// Big enough that catching up takes few reads, small enough not to hold much memory at once.
constexpr std::size_t kCatchUpReadBytes = 8 * 1024 * 1024;

bool broker_running(const ClusterState& state, std::int32_t id) {
    const auto* broker = state.broker(id);
    return broker && broker->running;
}

// Replicated copies keep the epoch each batch was written in, so the followers' leader epoch
// caches match the leader's. Copies are not client appends: control batches must pass too.
storage::Status append_copy(storage::PartitionLog& follower, std::span<std::uint8_t> batches) {
    std::size_t start = 0;
    protocol::BatchSetReader reader(batches, {.verify_crc = false});
    while (auto batch = reader.next()) {
        auto bytes = batches.subspan(batch->position, batch->bytes.size());
        auto result =
            follower.append(bytes, batch->header.partition_leader_epoch, storage::AppendOrigin::Coordinator);
        if (!result) return result.error();
        start = batch->position + batch->bytes.size();
    }
    if (start != batches.size())
        return storage::StorageError{storage::ErrorCode::CorruptMessage, "partial batch in a copy"};
    return std::nullopt;
}

// Where a follower's log stops agreeing with the leader's: the end of the follower's latest
// epoch as the leader knows it (Kafka's OffsetForLeaderEpoch-based truncation).
std::int64_t divergence_point(const storage::PartitionLog& leader, const storage::PartitionLog& follower) {
    const auto follower_end = follower.log_end_offset();
    const auto latest = follower.leader_epochs().latest();
    if (!latest) return std::min(follower_end, leader.log_end_offset());
    const auto leader_view = leader.end_offset_for_epoch(latest->epoch);
    if (leader_view.end_offset < 0) return std::min(follower_end, leader.log_end_offset());
    auto point = std::min(follower_end, leader_view.end_offset);
    if (leader_view.epoch != latest->epoch) point = std::min(point, latest->start_offset);
    return std::min(point, leader.log_end_offset());
}

}  // namespace

void elect_leader(ClusterState& state, PartitionState& partition) {
    partition.leader = -1;
    partition.isr.clear();
    for (auto id : partition.replicas) {
        if (!broker_running(state, id) || !partition.log_of(id)) continue;
        if (partition.leader == -1) partition.leader = id;
        partition.isr.push_back(id);
    }
    partition.high_watermark = 0;
    update_high_watermark(partition);
}

void restore_replicas(ClusterState& state, PartitionState& partition) {
    const bool leader_usable = broker_running(state, partition.leader) && partition.log_of(partition.leader);
    if (!leader_usable) {
        const auto old_leader = partition.leader;
        partition.leader = -1;
        for (auto id : partition.replicas) {
            if (broker_running(state, id) && partition.log_of(id)) {
                partition.leader = id;
                break;
            }
        }
        if (partition.leader != old_leader) ++partition.leader_epoch;
    }
    partition.isr.clear();
    if (partition.leader == -1) return;
    partition.isr.push_back(partition.leader);
    for (auto id : partition.replicas) {
        if (id == partition.leader || !broker_running(state, id) || !partition.log_of(id)) continue;
        if (catch_up_follower(partition, id)) partition.isr.push_back(id);
    }
    partition.high_watermark = 0;
    update_high_watermark(partition);
}

bool catch_up_follower(PartitionState& partition, std::int32_t follower_id) {
    auto* leader = partition.leader_log();
    auto* follower = partition.log_of(follower_id);
    if (!leader || !follower || follower_id == partition.leader) return false;

    const auto point = divergence_point(*leader, *follower);
    if (point < follower->log_end_offset()) {
        if (auto error = follower->truncate_to(point)) {
            spdlog::error("replica {} of {}: truncation failed: {}", follower_id, follower->dir().string(),
                          error->message);
            return false;
        }
    }
    // A follower that fell behind the leader's log start cannot copy the missing part: it starts over.
    if (follower->log_end_offset() < leader->log_start_offset()) {
        if (auto error = follower->truncate_to(leader->log_start_offset())) {
            spdlog::error("replica {} of {}: reset failed: {}", follower_id, follower->dir().string(),
                          error->message);
            return false;
        }
    }
    while (follower->log_end_offset() < leader->log_end_offset()) {
        auto slice = leader->read(follower->log_end_offset(), kCatchUpReadBytes);
        if (!slice || slice->records.empty()) {
            spdlog::error("replica {} of {}: cannot read the leader's log at {}", follower_id,
                          follower->dir().string(), follower->log_end_offset());
            return false;
        }
        if (auto error = append_copy(*follower, slice->records)) {
            spdlog::error("replica {} of {}: copy failed: {}", follower_id, follower->dir().string(),
                          error->message);
            return false;
        }
    }
    return true;
}

AppendResult append_to_partition(PartitionState& partition, std::span<std::uint8_t> records,
                                 std::int16_t acks, std::int32_t min_insync) {
    auto* leader = partition.leader_log();
    if (!leader) return {6, "This server is not the leader for that topic-partition."};
    if (acks == -1 && static_cast<std::int32_t>(partition.isr.size()) < min_insync) {
        return {kNotEnoughReplicas, "The size of the current ISR " + std::to_string(partition.isr.size()) +
                                        " is insufficient to satisfy the min.isr requirement of " +
                                        std::to_string(min_insync)};
    }
    auto appended = leader->append(records, partition.leader_epoch);
    if (!appended) {
        return {static_cast<std::int16_t>(appended.error().code), appended.error().message};
    }
    const auto& info = appended.value();
    std::vector<std::int32_t> out_of_sync;
    for (auto id : partition.isr) {
        if (id == partition.leader) continue;
        auto* follower = partition.log_of(id);
        const bool in_step = follower && follower->log_end_offset() == info.base_offset &&
                             !append_copy(*follower, records).has_value();
        if (!in_step && !catch_up_follower(partition, id)) out_of_sync.push_back(id);
    }
    // A follower that failed to copy would hold the high watermark back forever; it leaves the ISR
    // instead, as one that stops fetching would after replica.lag.time.max.ms.
    for (auto id : out_of_sync) {
        spdlog::warn("replica {} of {} leaves the ISR", id, leader->dir().string());
        partition.isr.erase(std::remove(partition.isr.begin(), partition.isr.end(), id), partition.isr.end());
    }
    update_high_watermark(partition);
    return {0, {}, info.base_offset, info.log_append_time, info.log_start_offset};
}

void update_high_watermark(PartitionState& partition) {
    auto lowest = std::numeric_limits<std::int64_t>::max();
    for (auto id : partition.isr) {
        if (const auto* log = partition.log_of(id)) lowest = std::min(lowest, log->log_end_offset());
    }
    if (lowest == std::numeric_limits<std::int64_t>::max()) return;
    partition.high_watermark = std::max(partition.high_watermark, lowest);
}

}  // namespace tideline::broker
