// Creating, deleting and growing topics: Kafka's validation rules and error codes, replica
// placement, the replicas' log directories and the metadata file. Every change is persisted
// before it is reported as done.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "broker/core/cluster_state.h"

namespace tideline::broker {

// Kafka error codes the admin operations answer with.
namespace errors {
inline constexpr std::int16_t kNone = 0;
inline constexpr std::int16_t kUnknownServerError = -1;
inline constexpr std::int16_t kUnknownTopicOrPartition = 3;
inline constexpr std::int16_t kInvalidTopic = 17;
inline constexpr std::int16_t kTopicAlreadyExists = 36;
inline constexpr std::int16_t kInvalidPartitions = 37;
inline constexpr std::int16_t kInvalidReplicationFactor = 38;
inline constexpr std::int16_t kInvalidReplicaAssignment = 39;
inline constexpr std::int16_t kInvalidConfig = 40;
inline constexpr std::int16_t kInvalidRequest = 42;
inline constexpr std::int16_t kKafkaStorageError = 56;
}  // namespace errors

struct AdminResult {
    std::int16_t error_code = errors::kNone;
    std::string message;  // empty on success

    bool ok() const { return error_code == errors::kNone; }
};

struct NewTopic {
    std::string name;
    std::int32_t partitions = -1;                       // -1: num.partitions
    std::int16_t replication_factor = -1;               // -1: default.replication.factor
    std::vector<std::vector<std::int32_t>> assignment;  // explicit replicas per partition, or empty
    std::map<std::string, std::string> configs;
    bool internal = false;
};

class TopicAdmin {
public:
    explicit TopicAdmin(ClusterState& state) : state_(state) {}

    // Checks `topic` as CreateTopics does; with validate_only nothing else happens.
    AdminResult create_topic(const NewTopic& topic, bool validate_only);
    // Several topics with one metadata write (CreateTopics with many topics); results in order. A
    // topic may collide with one created earlier in the same call.
    std::vector<AdminResult> create_topics(const std::vector<NewTopic>& topics, bool validate_only);
    AdminResult delete_topic(const std::string& name);
    // Grows a topic to `count` partitions; `assignment` holds the new partitions' replicas, or is empty.
    AdminResult create_partitions(const std::string& name, std::int32_t count,
                                  const std::vector<std::vector<std::int32_t>>& assignment,
                                  bool validate_only);

    // Startup: opens every replica's log for the topics loaded from the metadata file and removes
    // what interrupted deletions left behind. Returns an error message, empty on success.
    // After a clean shutdown the active segments are trusted instead of checked batch by batch.
    std::string open_all_logs(bool after_clean_shutdown = false);

    // The resolved partition count and replication factor of a topic create, for the answer.
    struct Resolved {
        std::int32_t partitions = 0;
        std::int16_t replication_factor = 0;
    };
    Resolved resolve(const NewTopic& topic) const;

private:
    // Validates and creates one topic in memory, with its replicas' (deferred) logs; not persisted.
    AdminResult add_topic(const NewTopic& topic, bool validate_only);
    AdminResult check_new_topic(const NewTopic& topic, const Resolved& resolved) const;
    AdminResult check_assignment(const std::vector<std::vector<std::int32_t>>& assignment,
                                 std::size_t first_partition) const;
    std::string open_partition_logs(TopicState& topic, PartitionState& partition, bool fresh,
                                    bool after_clean_shutdown = false);
    AdminResult persist();

    ClusterState& state_;
};

}  // namespace tideline::broker
