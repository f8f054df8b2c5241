#include "broker/core/metadata_file.h"

#include <nlohmann/json.hpp>

#include "broker/core/random_ids.h"
#include "broker/storage/atomic_file.h"

namespace tideline::broker {
namespace {

// Bumped when the layout changes incompatibly; an unknown version is refused rather than guessed.
constexpr int kFormatVersion = 1;

nlohmann::json partition_to_json(const PartitionState& partition) {
    nlohmann::json json = {
        {"partition", partition.index}, {"replicas", partition.replicas},
        {"leader", partition.leader},   {"leader_epoch", partition.leader_epoch},
        {"isr", partition.isr},
    };
    // Only while a reassignment runs, so that files without one look as before.
    if (!partition.adding_replicas.empty()) json["adding_replicas"] = partition.adding_replicas;
    if (!partition.removing_replicas.empty()) json["removing_replicas"] = partition.removing_replicas;
    return json;
}

nlohmann::json topic_to_json(const TopicState& topic) {
    auto partitions = nlohmann::json::array();
    for (const auto& partition : topic.partitions) partitions.push_back(partition_to_json(partition));
    return {
        {"name", topic.name},       {"id", uuid_to_base64(topic.id)}, {"internal", topic.internal},
        {"configs", topic.configs}, {"partitions", partitions},
    };
}

TopicState topic_from_json(const nlohmann::json& json) {
    TopicState topic;
    topic.name = json.at("name").get<std::string>();
    const auto id = uuid_from_base64(json.at("id").get<std::string>());
    if (!id) throw std::runtime_error("topic " + topic.name + " has a malformed id");
    topic.id = *id;
    topic.internal = json.value("internal", false);
    topic.configs = json.value("configs", std::map<std::string, std::string>{});
    for (const auto& item : json.at("partitions")) {
        PartitionState partition;
        partition.index = item.at("partition").get<std::int32_t>();
        partition.replicas = item.at("replicas").get<std::vector<std::int32_t>>();
        partition.leader = item.at("leader").get<std::int32_t>();
        partition.leader_epoch = item.at("leader_epoch").get<std::int32_t>();
        partition.isr = item.at("isr").get<std::vector<std::int32_t>>();
        partition.adding_replicas = item.value("adding_replicas", std::vector<std::int32_t>{});
        partition.removing_replicas = item.value("removing_replicas", std::vector<std::int32_t>{});
        if (partition.index != static_cast<std::int32_t>(topic.partitions.size())) {
            throw std::runtime_error("topic " + topic.name + " lists its partitions out of order");
        }
        topic.partitions.push_back(std::move(partition));
    }
    return topic;
}

}  // namespace

std::filesystem::path metadata_file_path(const std::filesystem::path& data_dir) {
    return data_dir / "cluster.json";
}

std::string save_metadata(const ClusterState& state) {
    auto topics = nlohmann::json::array();
    for (const auto& [name, topic] : state.topics) topics.push_back(topic_to_json(topic));
    const nlohmann::json document = {
        {"version", kFormatVersion},
        {"cluster_id", state.cluster_id},
        {"brokers", state.brokers.size()},
        {"topics", topics},
        {"next_producer_id", state.next_producer_id},
        {"broker_configs", state.config.dynamic()},
    };
    const auto path = metadata_file_path(state.data_dir);
    if (auto error = storage::write_file_atomically(path, document.dump(2) + "\n")) return error->message;
    return {};
}

std::string load_metadata(ClusterState& state) {
    const auto path = metadata_file_path(state.data_dir);
    auto text = storage::read_small_file(path);
    if (!text) return text.error().message;
    if (!text->has_value()) return {};
    try {
        const auto document = nlohmann::json::parse(**text);
        const auto version = document.at("version").get<int>();
        if (version != kFormatVersion) {
            return path.string() + " has format version " + std::to_string(version) + ", this broker reads " +
                   std::to_string(kFormatVersion);
        }
        state.cluster_id = document.at("cluster_id").get<std::string>();
        state.next_producer_id = document.value("next_producer_id", std::int64_t{0});
        state.config.set_dynamic(document.value("broker_configs", std::map<std::string, std::string>{}));
        state.topics.clear();
        for (const auto& item : document.at("topics")) {
            auto topic = topic_from_json(item);
            auto name = topic.name;
            state.topics.emplace(std::move(name), std::move(topic));
        }
    } catch (const std::exception& error) {
        return "cannot read " + path.string() + ": " + error.what();
    }
    return {};
}

}  // namespace tideline::broker
