#include "broker/core/topic_admin.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <set>
#include <system_error>

#include "broker/core/metadata_file.h"
#include "broker/core/random_ids.h"
#include "broker/core/replication.h"
#include "broker/core/topic_configs.h"
#include "broker/core/topic_rules.h"

namespace tideline::broker {
namespace {

// Every partition is a directory per replica with open files; beyond this a typo such as
// 1000000 partitions would exhaust file descriptors rather than fail cleanly.
constexpr std::int32_t kMaxPartitionsPerTopic = 10000;
constexpr std::string_view kDeletedSuffix = "-delete";

AdminResult fail(std::int16_t code, std::string message) { return {code, std::move(message)}; }

// Renamed first, removed after: a crash in between leaves a `-delete` directory that the next start
// removes, never a directory that a new topic of the same name would pick up as its own.
void remove_replica_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec)) return;
    auto doomed = dir;
    doomed += "." + random_hex(8) + std::string(kDeletedSuffix);
    std::filesystem::rename(dir, doomed, ec);
    std::filesystem::remove_all(ec ? dir : doomed, ec);
    if (ec) spdlog::warn("could not remove {}: {}", dir.string(), ec.message());
}

}  // namespace

TopicAdmin::Resolved TopicAdmin::resolve(const NewTopic& topic) const {
    if (!topic.assignment.empty()) {
        return {static_cast<std::int32_t>(topic.assignment.size()),
                static_cast<std::int16_t>(topic.assignment.front().size())};
    }
    return {topic.partitions == -1 ? state_.config.num_partitions() : topic.partitions,
            topic.replication_factor == -1 ? state_.config.default_replication_factor()
                                           : topic.replication_factor};
}

AdminResult TopicAdmin::check_assignment(const std::vector<std::vector<std::int32_t>>& assignment,
                                         std::size_t first_partition) const {
    const auto expected_size = assignment.empty() ? 0 : assignment.front().size();
    for (std::size_t i = 0; i < assignment.size(); ++i) {
        const auto& replicas = assignment[i];
        const auto partition = std::to_string(first_partition + i);
        if (replicas.empty())
            return fail(errors::kInvalidReplicaAssignment, "Partition " + partition + " has no replicas.");
        if (replicas.size() != expected_size) {
            return fail(errors::kInvalidReplicaAssignment,
                        "All partitions should have the same number of replicas");
        }
        if (std::set<std::int32_t>(replicas.begin(), replicas.end()).size() != replicas.size()) {
            return fail(errors::kInvalidReplicaAssignment,
                        "Duplicate brokers not allowed in replica assignment for partition " + partition);
        }
        for (auto id : replicas) {
            if (!state_.broker(id)) {
                return fail(errors::kInvalidReplicaAssignment, "Unknown broker " + std::to_string(id) +
                                                                   " in replica assignment of partition " +
                                                                   partition);
            }
        }
    }
    return {};
}

AdminResult TopicAdmin::check_new_topic(const NewTopic& topic, const Resolved& resolved) const {
    if (auto problem = topic_name_problem(topic.name)) return fail(errors::kInvalidTopic, *problem);
    if (state_.topics.contains(topic.name)) {
        return fail(errors::kTopicAlreadyExists, "Topic '" + topic.name + "' already exists.");
    }
    // Only names with '.' or '_' can collide; the scan over every topic is skipped for the rest.
    const bool may_collide = topic.name.find_first_of("._") != std::string::npos;
    for (const auto& [name, existing] : state_.topics) {
        if (!may_collide) break;
        if (topic_names_collide(name, topic.name)) {
            return fail(errors::kInvalidTopic,
                        "Topic '" + topic.name + "' collides with existing topic: " + name);
        }
    }
    if (!topic.assignment.empty()) {
        if (topic.partitions != -1 || topic.replication_factor != -1) {
            return fail(errors::kInvalidRequest,
                        "Both numPartitions or replicationFactor and replicasAssignments were set. Both "
                        "cannot be used at the same time.");
        }
        if (auto result = check_assignment(topic.assignment, 0); !result.ok()) return result;
    }
    if (resolved.partitions <= 0)
        return fail(errors::kInvalidPartitions, "Number of partitions must be larger than 0.");
    if (resolved.partitions > kMaxPartitionsPerTopic) {
        return fail(errors::kInvalidPartitions, "Number of partitions must not exceed " +
                                                    std::to_string(kMaxPartitionsPerTopic) +
                                                    " on this development broker.");
    }
    if (resolved.replication_factor <= 0) {
        return fail(errors::kInvalidReplicationFactor, "Replication factor must be larger than 0.");
    }
    const auto running = state_.running_broker_ids().size();
    if (topic.assignment.empty() && static_cast<std::size_t>(resolved.replication_factor) > running) {
        return fail(errors::kInvalidReplicationFactor,
                    "Replication factor: " + std::to_string(resolved.replication_factor) +
                        " larger than available brokers: " + std::to_string(running) + ".");
    }
    for (const auto& [name, value] : topic.configs) {
        if (auto problem = topic_config_problem(name, value)) return fail(errors::kInvalidConfig, *problem);
    }
    return {};
}

AdminResult TopicAdmin::create_topic(const NewTopic& request, bool validate_only) {
    return create_topics({request}, validate_only).front();
}

std::vector<AdminResult> TopicAdmin::create_topics(const std::vector<NewTopic>& requests,
                                                   bool validate_only) {
    std::vector<AdminResult> results;
    std::vector<std::string> created;
    for (const auto& request : requests) {
        results.push_back(add_topic(request, validate_only));
        if (results.back().ok() && !validate_only) created.push_back(request.name);
    }
    if (created.empty()) return results;
    if (auto result = persist(); !result.ok()) {
        for (const auto& name : created) state_.topics.erase(name);
        for (auto& outcome : results)
            if (outcome.ok()) outcome = result;
        return results;
    }
    for (const auto& request : requests) {
        if (std::find(created.begin(), created.end(), request.name) == created.end()) continue;
        const auto& topic = state_.topics.at(request.name);
        spdlog::info("created topic {} with {} partitions, replication factor {}", request.name,
                     topic.partitions.size(), topic.partitions.front().replicas.size());
    }
    return results;
}

AdminResult TopicAdmin::add_topic(const NewTopic& request, bool validate_only) {
    const auto resolved = resolve(request);
    if (auto result = check_new_topic(request, resolved); !result.ok() || validate_only) return result;

    TopicState topic;
    topic.name = request.name;
    topic.id = random_uuid();
    topic.internal = request.internal;
    topic.configs = request.configs;
    auto assignment = request.assignment;
    if (assignment.empty()) {
        const auto brokers = state_.running_broker_ids();
        assignment = assign_replicas(brokers, resolved.partitions, resolved.replication_factor,
                                     random_assignment_start(brokers.size()));
    }
    for (std::size_t i = 0; i < assignment.size(); ++i) {
        PartitionState partition;
        partition.index = static_cast<std::int32_t>(i);
        partition.replicas = assignment[i];
        topic.partitions.push_back(std::move(partition));
    }
    auto& stored = state_.topics.emplace(topic.name, std::move(topic)).first->second;
    for (auto& partition : stored.partitions) {
        if (auto error = open_partition_logs(stored, partition, true); !error.empty()) {
            state_.topics.erase(request.name);
            return fail(errors::kKafkaStorageError, error);
        }
        elect_leader(state_, partition);
    }
    return {};
}

AdminResult TopicAdmin::delete_topic(const std::string& name) {
    auto node = state_.topics.extract(name);
    if (node.empty())
        return fail(errors::kUnknownTopicOrPartition, "This server does not host this topic-partition.");
    if (auto result = persist(); !result.ok()) {
        state_.topics.insert(std::move(node));
        return result;
    }
    for (auto& partition : node.mapped().partitions) {
        for (auto& [broker_id, log] : partition.logs) {
            log.reset();  // closes its files before the directory goes
            remove_replica_dir(state_.replica_dir(broker_id, name, partition.index));
        }
    }
    spdlog::info("deleted topic {}", name);
    return {};
}

AdminResult TopicAdmin::create_partitions(const std::string& name, std::int32_t count,
                                          const std::vector<std::vector<std::int32_t>>& assignment,
                                          bool validate_only) {
    auto* topic = state_.topic(name);
    if (!topic) return fail(errors::kUnknownTopicOrPartition, "The topic '" + name + "' does not exist.");
    const auto current = static_cast<std::int32_t>(topic->partitions.size());
    if (count < current) {
        return fail(errors::kInvalidPartitions, "Topic currently has " + std::to_string(current) +
                                                    " partitions, which is higher than the requested " +
                                                    std::to_string(count) + ".");
    }
    if (count == current) {
        return fail(errors::kInvalidPartitions,
                    "Topic already has " + std::to_string(current) + " partitions.");
    }
    if (count > kMaxPartitionsPerTopic) {
        return fail(errors::kInvalidPartitions, "Number of partitions must not exceed " +
                                                    std::to_string(kMaxPartitionsPerTopic) +
                                                    " on this development broker.");
    }
    const auto added = count - current;
    const auto replication_factor = static_cast<int>(topic->partitions.front().replicas.size());
    auto replicas = assignment;
    if (!replicas.empty()) {
        if (static_cast<std::int32_t>(replicas.size()) != added) {
            return fail(errors::kInvalidReplicaAssignment,
                        "Increasing the number of partitions by " + std::to_string(added) + " but " +
                            std::to_string(replicas.size()) + " assignments provided.");
        }
        if (auto result = check_assignment(replicas, static_cast<std::size_t>(current)); !result.ok())
            return result;
    } else {
        const auto brokers = state_.running_broker_ids();
        if (static_cast<std::size_t>(replication_factor) > brokers.size()) {
            return fail(errors::kInvalidReplicationFactor,
                        "Replication factor: " + std::to_string(replication_factor) +
                            " larger than available brokers: " + std::to_string(brokers.size()) + ".");
        }
        // Continue Kafka's pattern from the first partition's leader, as CreatePartitions does.
        const auto first_leader = topic->partitions.front().replicas.front();
        const auto at = std::find(brokers.begin(), brokers.end(), first_leader);
        AssignmentStart start{at == brokers.end() ? 0 : static_cast<int>(at - brokers.begin()), 0, current};
        replicas = assign_replicas(brokers, added, replication_factor, start);
    }
    if (validate_only) return {};

    for (std::size_t i = 0; i < replicas.size(); ++i) {
        PartitionState partition;
        partition.index = current + static_cast<std::int32_t>(i);
        partition.replicas = replicas[i];
        topic->partitions.push_back(std::move(partition));
        auto& stored = topic->partitions.back();
        if (auto error = open_partition_logs(*topic, stored, true); !error.empty()) {
            topic->partitions.resize(static_cast<std::size_t>(current));
            return fail(errors::kKafkaStorageError, error);
        }
        elect_leader(state_, stored);
    }
    if (auto result = persist(); !result.ok()) {
        topic->partitions.resize(static_cast<std::size_t>(current));
        return result;
    }
    spdlog::info("topic {} now has {} partitions", name, count);
    return {};
}

std::string TopicAdmin::open_partition_logs(TopicState& topic, PartitionState& partition, bool fresh,
                                            bool after_clean_shutdown) {
    const auto config = log_config_for(state_.config, topic.configs);
    for (auto broker_id : partition.replicas) {
        if (!state_.broker(broker_id)) continue;  // the cluster was restarted with fewer brokers
        const auto dir = state_.replica_dir(broker_id, topic.name, partition.index);
        // Directories are made with the first record: creating 100k empty partitions must not cost
        // 100k directories. A new partition never has data, so whatever is in its directory by then
        // belongs to a topic that is gone and the log removes it.
        auto log = fresh ? storage::PartitionLog::create_deferred(dir, config)
                         : storage::PartitionLog::open_or_defer(dir, config, {after_clean_shutdown});
        if (!log) return "cannot open " + dir.string() + ": " + log.error().message;
        partition.logs[broker_id] = std::make_unique<storage::PartitionLog>(std::move(log).value());
    }
    return {};
}

std::string TopicAdmin::open_all_logs(bool after_clean_shutdown) {
    // A partition directory that no topic owns is what a deletion interrupted by a crash left
    // behind (before or after its rename): a deferred log of a new topic of that name must not
    // find it and take its records for its own.
    std::set<std::filesystem::path> owned;
    for (const auto& [name, topic] : state_.topics)
        for (const auto& partition : topic.partitions)
            for (auto broker_id : partition.replicas)
                owned.insert(state_.replica_dir(broker_id, name, partition.index));
    for (const auto& broker : state_.brokers) {
        const auto dir = state_.data_dir / ("broker-" + std::to_string(broker.id));
        std::error_code ec;
        for (auto it = std::filesystem::directory_iterator(dir, ec);
             !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
            std::error_code ignored;
            if (it->is_directory(ignored) && !owned.contains(it->path())) {
                spdlog::info("removing {}: no topic owns it", it->path().string());
                std::filesystem::remove_all(it->path(), ignored);
            }
        }
    }
    for (auto& [name, topic] : state_.topics) {
        for (auto& partition : topic.partitions) {
            if (auto error = open_partition_logs(topic, partition, false, after_clean_shutdown);
                !error.empty())
                return error;
            restore_replicas(state_, partition);
        }
    }
    return {};
}

AdminResult TopicAdmin::persist() {
    if (auto error = save_metadata(state_); !error.empty()) return fail(errors::kKafkaStorageError, error);
    return {};
}

}  // namespace tideline::broker
