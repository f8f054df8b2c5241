#include "broker/core/replication.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <limits>

#include "record_batch.h"

namespace tideline::broker {
namespace {

// One read of the leader's log: big enough that catching up takes few reads, small enough not to
// hold much memory at once.
constexpr std::size_t kCopyReadBytes = 4 * 1024 * 1024;

bool broker_running(const ClusterState& state, std::int32_t id) {
    const auto* broker = state.broker(id);
    return broker && broker->running;
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

bool truncate_diverged(storage::PartitionLog& leader, storage::PartitionLog& follower,
                       std::int32_t follower_id) {
    const auto point = divergence_point(leader, follower);
    if (point < follower.log_end_offset()) {
        spdlog::info("replica {} of {}: truncating from {} to {} (diverged from the leader)", follower_id,
                     follower.dir().string(), follower.log_end_offset(), point);
        if (auto error = follower.truncate_to(point)) {
            spdlog::error("replica {} of {}: truncation failed: {}", follower_id, follower.dir().string(),
                          error->message);
            return false;
        }
    }
    // A follower that fell behind the leader's log start cannot copy the missing part: it starts over.
    if (follower.log_end_offset() < leader.log_start_offset()) {
        if (auto error = follower.truncate_to(leader.log_start_offset())) {
            spdlog::error("replica {} of {}: reset failed: {}", follower_id, follower.dir().string(),
                          error->message);
            return false;
        }
    }
    return true;
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
    auto usable = [&](std::int32_t id) {
        return broker_running(state, id) && partition.log_of(id) != nullptr;
    };
    std::erase_if(partition.isr, [&](std::int32_t id) { return !usable(id); });
    if (!usable(partition.leader)) {
        const auto old_leader = partition.leader;
        partition.leader = -1;
        for (auto id : partition.replicas) {
            if (partition.in_isr(id)) {
                partition.leader = id;
                break;
            }
        }
        if (partition.leader != old_leader) ++partition.leader_epoch;
    }
    if (partition.leader != -1 && !partition.in_isr(partition.leader))
        partition.isr.push_back(partition.leader);
    partition.high_watermark = 0;
    update_high_watermark(partition);
}

AppendResult append_as_leader(PartitionState& partition, std::span<std::uint8_t> records, std::int16_t acks,
                              std::int32_t min_insync) {
    auto* leader = partition.leader_log();
    if (!leader) return {6, "This server is not the leader for that topic-partition."};
    if (acks == -1 && static_cast<std::int32_t>(partition.isr.size()) < min_insync) {
        AppendResult refused;
        refused.error_code = kNotEnoughReplicas;
        refused.message = "The size of the current ISR " + std::to_string(partition.isr.size()) +
                          " is insufficient to satisfy the min.isr requirement of " +
                          std::to_string(min_insync);
        return refused;
    }
    auto appended = leader->append(records, partition.leader_epoch);
    if (!appended) {
        AppendResult failed;
        failed.error_code = static_cast<std::int16_t>(appended.error().code);
        failed.message = appended.error().message;
        return failed;
    }
    const auto& info = appended.value();
    AppendResult result;
    result.base_offset = info.base_offset;
    result.last_offset = info.last_offset;
    result.log_append_time = info.log_append_time;
    result.log_start_offset = info.log_start_offset;
    return result;
}

CopyStep copy_from_leader(PartitionState& partition, std::int32_t follower_id, std::size_t max_bytes,
                          std::int64_t now_ms, const FreshBatches* fresh) {
    CopyStep step;
    auto* leader = partition.leader_log();
    auto* follower = partition.log_of(follower_id);
    if (!leader || !follower || follower_id == partition.leader) {
        step.failed = true;
        return step;
    }
    auto& progress =
        partition.followers.try_emplace(follower_id, FollowerProgress{-1, now_ms, false}).first->second;
    if (progress.synced_epoch != partition.leader_epoch) {
        if (!truncate_diverged(*leader, *follower, follower_id)) {
            step.failed = true;
            return step;
        }
        progress.synced_epoch = partition.leader_epoch;
    }
    // The common case of a follower in step: the bytes the leader just wrote, without reading them
    // back from its files.
    if (fresh && !fresh->bytes.empty() && follower->log_end_offset() == fresh->base_offset &&
        fresh->base_offset < leader->log_end_offset()) {
        if (auto error = follower->append_replicated(fresh->bytes)) {
            if (!progress.failing)
                spdlog::error("replica {} of {}: copy failed: {}", follower_id, follower->dir().string(),
                              error->message);
            progress.failing = step.failed = true;
            return step;
        }
        step.bytes += fresh->bytes.size();
    }
    while (follower->log_end_offset() < leader->log_end_offset() && step.bytes < max_bytes) {
        auto slice = leader->read(follower->log_end_offset(), kCopyReadBytes);
        if (!slice || slice->records.empty()) {
            if (!progress.failing)
                spdlog::error("replica {} of {}: cannot read the leader's log at {}", follower_id,
                              follower->dir().string(), follower->log_end_offset());
            progress.failing = step.failed = true;
            return step;
        }
        // A follower that started over at the leader's log start (after DeleteRecords or retention)
        // may get a first batch that begins below it: the empty log then starts at that batch instead.
        protocol::BatchSetReader first(slice->records, {.verify_crc = false});
        if (auto batch = first.next();
            batch && batch->header.base_offset < follower->log_end_offset() && follower->size_bytes() == 0) {
            (void)follower->truncate_to(batch->header.base_offset);
        }
        if (auto error = follower->append_replicated(slice->records)) {
            if (!progress.failing)
                spdlog::error("replica {} of {}: copy failed: {}", follower_id, follower->dir().string(),
                              error->message);
            progress.failing = step.failed = true;
            return step;
        }
        step.bytes += slice->records.size();
    }
    progress.failing = false;
    step.caught_up = follower->log_end_offset() >= leader->log_end_offset();
    if (step.caught_up) progress.last_caught_up_ms = now_ms;
    return step;
}

bool may_join_isr(const PartitionState& partition, std::int32_t follower_id) {
    const auto* leader = partition.leader_log();
    const auto* follower = partition.log_of(follower_id);
    if (!leader || !follower || partition.in_isr(follower_id)) return false;
    const auto end = follower->log_end_offset();
    const auto epoch = leader->leader_epochs().latest();
    const auto epoch_start = epoch && epoch->epoch == partition.leader_epoch ? epoch->start_offset : 0;
    return end >= partition.high_watermark && end >= epoch_start;
}

bool update_high_watermark(PartitionState& partition) {
    auto lowest = std::numeric_limits<std::int64_t>::max();
    for (auto id : partition.isr) {
        if (const auto* log = partition.log_of(id)) lowest = std::min(lowest, log->log_end_offset());
    }
    if (lowest == std::numeric_limits<std::int64_t>::max() || lowest <= partition.high_watermark)
        return false;
    partition.high_watermark = lowest;
    return true;
}

void clamp_high_watermark(PartitionState& partition) {
    if (const auto* leader = partition.leader_log())
        partition.high_watermark = std::min(partition.high_watermark, leader->log_end_offset());
}

}  // namespace tideline::broker
