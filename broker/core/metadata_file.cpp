#include "broker/core/metadata_file.h"

#include <nlohmann/json.hpp>

#include "broker/core/random_ids.h"
#include "broker/storage/atomic_file.h"

namespace tideline::broker {
namespace {

// Bumped when the layout changes incompatibly; an unknown version is refused rather than guessed.
constexpr int kFormatVersion = 1;
// About 100 bytes per partition replica set: room for a million partitions.
constexpr std::uint64_t kLargestMetadataFile = 256ull << 20;

// The file is written by hand rather than through a json tree: with 100k partitions, building and
// freeing the tree cost far more than the write, on every topic change. Strings go through the
// json library for escaping; everything else is numbers.
void append_ids(std::string& out, const std::vector<std::int32_t>& ids) {
    out += '[';
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out += ", ";
        out += std::to_string(ids[i]);
    }
    out += ']';
}

void append_partition(std::string& out, const PartitionState& partition) {
    out += "{\"partition\": ";
    out += std::to_string(partition.index);
    out += ", \"replicas\": ";
    append_ids(out, partition.replicas);
    out += ", \"leader\": ";
    out += std::to_string(partition.leader);
    out += ", \"leader_epoch\": ";
    out += std::to_string(partition.leader_epoch);
    out += ", \"isr\": ";
    append_ids(out, partition.isr);
    // Only while a reassignment runs, so that files without one look as before.
    if (!partition.adding_replicas.empty()) {
        out += ", \"adding_replicas\": ";
        append_ids(out, partition.adding_replicas);
    }
    if (!partition.removing_replicas.empty()) {
        out += ", \"removing_replicas\": ";
        append_ids(out, partition.removing_replicas);
    }
    out += '}';
}

void append_topic(std::string& out, const TopicState& topic) {
    out += "    {\"name\": ";
    out += nlohmann::json(topic.name).dump();
    out += ", \"id\": ";
    out += nlohmann::json(uuid_to_base64(topic.id)).dump();
    out += topic.internal ? ", \"internal\": true" : ", \"internal\": false";
    out += ", \"configs\": ";
    out += nlohmann::json(topic.configs).dump();
    out += ",\n     \"partitions\": [";
    for (std::size_t i = 0; i < topic.partitions.size(); ++i) {
        out += i ? ",\n       " : "\n       ";
        append_partition(out, topic.partitions[i]);
    }
    out += "]}";
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
    std::string document = "{\n  \"version\": " + std::to_string(kFormatVersion) +
                           ",\n  \"cluster_id\": " + nlohmann::json(state.cluster_id).dump() +
                           ",\n  \"brokers\": " + std::to_string(state.brokers.size()) + ",\n  \"topics\": [";
    bool first = true;
    for (const auto& [name, topic] : state.topics) {
        document += first ? "\n" : ",\n";
        first = false;
        append_topic(document, topic);
    }
    document += "\n  ],\n  \"next_producer_id\": " + std::to_string(state.next_producer_id) +
                ",\n  \"broker_configs\": " + nlohmann::json(state.config.dynamic()).dump() + "\n}\n";
    const auto path = metadata_file_path(state.data_dir);
    if (auto error = storage::write_file_atomically(path, document)) return error->message;
    return {};
}

std::string load_metadata(ClusterState& state) {
    const auto path = metadata_file_path(state.data_dir);
    auto text = storage::read_small_file(path, kLargestMetadataFile);
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
