#include "broker/core/partition_reassignment.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <set>

#include "broker/core/replication.h"
#include "broker/core/topic_configs.h"

namespace tideline::broker {
namespace {

bool contains(const std::vector<std::int32_t>& ids, std::int32_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string list(const std::vector<std::int32_t>& ids) {
    std::string text;
    for (auto id : ids) text += (text.empty() ? "" : ", ") + std::to_string(id);
    return text;
}

// The replicas before any reassignment began.
std::vector<std::int32_t> original_replicas(const PartitionState& partition) {
    std::vector<std::int32_t> original;
    for (auto id : partition.replicas) {
        if (!contains(partition.adding_replicas, id)) original.push_back(id);
    }
    return original;
}

void drop_replica(ClusterState& state, const TopicState& topic, PartitionState& partition, std::int32_t id) {
    std::erase(partition.isr, id);
    partition.followers.erase(id);
    if (partition.logs.erase(id) == 0) return;  // closes the log's files before its directory goes
    std::error_code ec;
    std::filesystem::remove_all(state.replica_dir(id, topic.name, partition.index), ec);
    if (ec)
        spdlog::warn("could not remove replica {} of {}-{}: {}", id, topic.name, partition.index,
                     ec.message());
}

// After the replica set shrank: a leader that is no longer a replica hands over to the first
// target replica in the ISR (Kafka elects from the target replicas too).
void reelect_if_leader_left(const ClusterState& state, PartitionState& partition) {
    if (partition.leader == -1 || contains(partition.replicas, partition.leader)) return;
    std::int32_t chosen = -1;
    for (auto id : partition.replicas) {
        const auto* broker = state.broker(id);
        if (partition.in_isr(id) && broker && broker->running && partition.log_of(id)) {
            chosen = id;
            break;
        }
    }
    partition.leader = chosen;
    ++partition.leader_epoch;
}

void finish(ClusterState& state, TopicState& topic, PartitionState& partition,
            std::vector<std::int32_t> replicas) {
    const auto removing = partition.removing_replicas;
    partition.replicas = std::move(replicas);
    partition.adding_replicas.clear();
    partition.removing_replicas.clear();
    std::erase_if(partition.isr, [&](std::int32_t id) { return !contains(partition.replicas, id); });
    reelect_if_leader_left(state, partition);
    for (auto id : removing) drop_replica(state, topic, partition, id);
    update_high_watermark(partition);
}

}  // namespace

AdminResult reassign_partition(ClusterState& state, TopicState& topic, PartitionState& partition,
                               const std::optional<std::vector<std::int32_t>>& target) {
    if (!target) {
        if (!reassignment_in_progress(partition))
            return {kNoReassignmentInProgress, "No reassignment is in progress for " + topic.name + "-" +
                                                   std::to_string(partition.index) + "."};
        const auto adding = partition.adding_replicas;
        partition.removing_replicas.clear();
        finish(state, topic, partition, original_replicas(partition));
        for (auto id : adding) drop_replica(state, topic, partition, id);
        spdlog::info("{}-{}: reassignment cancelled", topic.name, partition.index);
        return {};
    }
    const auto& wanted = *target;
    if (wanted.empty())
        return {errors::kInvalidReplicaAssignment, "Empty replica list specified in partition reassignment."};
    if (std::set<std::int32_t>(wanted.begin(), wanted.end()).size() != wanted.size())
        return {errors::kInvalidReplicaAssignment,
                "Duplicate replica ids in partition reassignment replica list: [" + list(wanted) + "]"};
    std::vector<std::int32_t> unknown;
    for (auto id : wanted) {
        if (!state.broker(id)) unknown.push_back(id);
    }
    if (!unknown.empty())
        return {errors::kInvalidReplicaAssignment,
                "The proposed assignment contains non-existent brokerIDs: " + list(unknown)};

    // A new reassignment replaces a running one; it is measured against the original replicas.
    auto original = original_replicas(partition);
    for (auto id : partition.adding_replicas) {
        if (!contains(wanted, id)) drop_replica(state, topic, partition, id);
    }
    std::vector<std::int32_t> adding, removing, all = wanted;
    for (auto id : wanted) {
        if (!contains(original, id)) adding.push_back(id);
    }
    for (auto id : original) {
        if (!contains(wanted, id)) {
            removing.push_back(id);
            all.push_back(id);
        }
    }
    const auto config = log_config_for(state.config, topic.configs);
    for (auto id : adding) {
        if (partition.log_of(id)) continue;
        const auto dir = state.replica_dir(id, topic.name, partition.index);
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);  // nothing there can belong to this replica
        auto log = storage::PartitionLog::open(dir, config);
        if (!log)
            return {errors::kKafkaStorageError, "cannot open " + dir.string() + ": " + log.error().message};
        partition.logs[id] = std::make_unique<storage::PartitionLog>(std::move(log).value());
    }
    partition.replicas = all;
    partition.adding_replicas = adding;
    partition.removing_replicas = removing;
    spdlog::info("{}-{}: reassigning from [{}] to [{}]", topic.name, partition.index, list(original),
                 list(wanted));
    complete_reassignment_if_caught_up(state, topic, partition);
    return {};
}

bool complete_reassignment_if_caught_up(ClusterState& state, TopicState& topic, PartitionState& partition) {
    if (!reassignment_in_progress(partition)) return false;
    for (auto id : partition.adding_replicas) {
        if (!partition.in_isr(id)) return false;
    }
    std::vector<std::int32_t> target;
    for (auto id : partition.replicas) {
        if (!contains(partition.removing_replicas, id)) target.push_back(id);
    }
    finish(state, topic, partition, std::move(target));
    spdlog::info("{}-{}: reassignment complete, replicas [{}], leader {}", topic.name, partition.index,
                 list(partition.replicas), partition.leader);
    return true;
}

}  // namespace tideline::broker
