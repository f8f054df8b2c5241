#include "broker/core/cluster_state.h"

#include <algorithm>

namespace tideline::broker {

storage::PartitionLog* PartitionState::log_of(std::int32_t broker_id) const {
    auto it = logs.find(broker_id);
    return it == logs.end() ? nullptr : it->second.get();
}

bool PartitionState::in_isr(std::int32_t broker_id) const {
    return std::find(isr.begin(), isr.end(), broker_id) != isr.end();
}

PartitionState* TopicState::partition(std::int32_t index) {
    if (index < 0 || static_cast<std::size_t>(index) >= partitions.size()) return nullptr;
    return &partitions[static_cast<std::size_t>(index)];
}

BrokerState* ClusterState::broker(std::int32_t id) {
    auto it = std::find_if(brokers.begin(), brokers.end(), [id](const BrokerState& b) { return b.id == id; });
    return it == brokers.end() ? nullptr : &*it;
}

const BrokerState* ClusterState::broker(std::int32_t id) const {
    return const_cast<ClusterState*>(this)->broker(id);
}

TopicState* ClusterState::topic(const std::string& name) {
    auto it = topics.find(name);
    return it == topics.end() ? nullptr : &it->second;
}

TopicState* ClusterState::topic_by_id(const protocol::Uuid& id) {
    for (auto& [name, topic] : topics) {
        if (topic.id == id) return &topic;
    }
    return nullptr;
}

std::int32_t ClusterState::controller_id() const {
    for (const auto& broker : brokers) {
        if (broker.running) return broker.id;
    }
    return -1;
}

std::vector<std::int32_t> ClusterState::running_broker_ids() const {
    std::vector<std::int32_t> ids;
    for (const auto& broker : brokers) {
        if (broker.running) ids.push_back(broker.id);
    }
    return ids;
}

std::filesystem::path ClusterState::replica_dir(std::int32_t broker_id, const std::string& topic,
                                                std::int32_t partition) const {
    return data_dir / ("broker-" + std::to_string(broker_id)) / (topic + "-" + std::to_string(partition));
}

}  // namespace tideline::broker
