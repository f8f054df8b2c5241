#include "broker/core/leadership.h"

#include <spdlog/spdlog.h>
#include <algorithm>

#include "broker/core/replication.h"

namespace tideline::broker {
namespace {

bool running(const ClusterState& state, std::int32_t id) {
    const auto* broker = state.broker(id);
    return broker && broker->running;
}

// Clean election only: the new leader comes from the ISR, so no acknowledged record is lost.
// With no ISR replica left the partition goes offline until one comes back.
void elect_from_isr(ClusterState& state, PartitionState& partition) {
    std::int32_t chosen = -1;
    for (auto id : partition.replicas) {
        if (partition.in_isr(id) && running(state, id) && partition.log_of(id)) {
            chosen = id;
            break;
        }
    }
    partition.leader = chosen;
    ++partition.leader_epoch;
}

}  // namespace

std::vector<TopicPartition> on_broker_stopped(ClusterState& state, std::int32_t broker_id) {
    std::vector<TopicPartition> changed;
    for (auto& [name, topic] : state.topics) {
        for (auto& partition : topic.partitions) {
            const bool was_leader = partition.leader == broker_id;
            const bool was_in_isr = partition.in_isr(broker_id);
            if (!was_leader && !was_in_isr) continue;
            // Kafka keeps the last ISR member in the ISR when the partition goes offline, so that it
            // alone may lead again; the same here.
            if (partition.isr.size() > 1) std::erase(partition.isr, broker_id);
            if (was_leader) elect_from_isr(state, partition);
            update_high_watermark(partition);
            changed.emplace_back(name, partition.index);
        }
    }
    return changed;
}

std::vector<TopicPartition> on_broker_started(ClusterState& state, std::int32_t broker_id) {
    std::vector<TopicPartition> changed;
    for (auto& [name, topic] : state.topics) {
        for (auto& partition : topic.partitions) {
            if (std::find(partition.replicas.begin(), partition.replicas.end(), broker_id) ==
                partition.replicas.end()) {
                continue;
            }
            if (partition.leader == -1) {
                if (partition.in_isr(broker_id)) {
                    partition.leader = broker_id;
                    ++partition.leader_epoch;
                    changed.emplace_back(name, partition.index);
                }
                continue;
            }
            if (partition.leader == broker_id || partition.in_isr(broker_id)) continue;
            if (catch_up_follower(partition, broker_id)) {
                partition.isr.push_back(broker_id);
                update_high_watermark(partition);
                changed.emplace_back(name, partition.index);
            } else {
                spdlog::warn("broker {} could not catch up on {}-{}", broker_id, name, partition.index);
            }
        }
    }
    return changed;
}

}  // namespace tideline::broker
