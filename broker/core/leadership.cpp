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

// unclean.leader.election.enable: the topic's override, else the broker's setting (default false).
bool unclean_allowed(const ClusterState& state, const TopicState& topic) {
    auto it = topic.configs.find("unclean.leader.election.enable");
    const auto value = it != topic.configs.end() ? std::optional(it->second)
                                                 : state.config.get("unclean.leader.election.enable");
    return value && *value == "true";
}

// A clean election takes the first running replica of the ISR, so no acknowledged record is lost.
// Only when none is left, and unclean election is allowed, may a replica outside the ISR lead; it
// becomes the whole ISR and what it lacks is gone, as in Kafka.
bool elect(const ClusterState& state, const TopicState& topic, PartitionState& partition) {
    std::int32_t chosen = -1;
    for (auto id : partition.replicas) {
        if (partition.in_isr(id) && running(state, id) && partition.log_of(id)) {
            chosen = id;
            break;
        }
    }
    bool unclean = false;
    if (chosen == -1 && unclean_allowed(state, topic)) {
        for (auto id : partition.replicas) {
            if (running(state, id) && partition.log_of(id)) {
                chosen = id;
                unclean = true;
                break;
            }
        }
    }
    const bool changed = chosen != partition.leader;
    partition.leader = chosen;
    if (changed) ++partition.leader_epoch;
    if (unclean) {
        spdlog::warn("{}-{}: unclean election of replica {} (outside the ISR); records may be lost",
                     topic.name, partition.index, chosen);
        partition.isr = {chosen};
        clamp_high_watermark(partition);
    }
    return changed;
}

}  // namespace

std::vector<TopicPartition> on_broker_stopped(ClusterState& state, std::int32_t broker_id) {
    std::vector<TopicPartition> changed;
    for (auto& [name, topic] : state.topics) {
        for (auto& partition : topic.partitions) {
            partition.followers.erase(broker_id);
            const bool was_leader = partition.leader == broker_id;
            const bool was_in_isr = partition.in_isr(broker_id);
            if (!was_leader && !was_in_isr) continue;
            // Kafka keeps the last ISR member in the ISR when the partition goes offline, so that it
            // alone may lead again; the same here.
            if (partition.isr.size() > 1) std::erase(partition.isr, broker_id);
            if (was_leader) elect(state, topic, partition);
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
            partition.followers.erase(broker_id);
            // An offline partition gets its leader back; otherwise the broker is a follower that
            // truncates, catches up and rejoins the ISR through the replica fetcher.
            if (partition.leader == -1 && elect(state, topic, partition)) {
                update_high_watermark(partition);
                changed.emplace_back(name, partition.index);
            }
        }
    }
    return changed;
}

}  // namespace tideline::broker
