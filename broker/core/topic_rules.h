// Kafka's rules for topic names and replica placement, kept apart from the request handlers so that
// CreateTopics, CreatePartitions and auto-creation all apply the same ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tideline::broker {

inline constexpr std::size_t kMaxTopicNameLength = 249;

// Kafka's message for an illegal name (as a 2.4 broker words it), or nullopt when the name is legal.
std::optional<std::string> topic_name_problem(const std::string& name);

// Topics whose names differ only in '.' versus '_' collide in Kafka's metric names; Kafka refuses
// the second one, so a client tested here behaves the same against a real cluster.
bool topic_names_collide(const std::string& a, const std::string& b);

// Replica lists per partition, as Kafka's AdminUtils.assignReplicasToBrokers does without racks:
// the first replicas go round robin over the brokers from `start_index`, followers are shifted so
// that leadership and followers spread. The first replica of each list is the preferred leader.
struct AssignmentStart {
    int start_index = 0;         // which broker leads the first new partition
    int replica_shift = 0;       // how far followers are shifted from their leader
    int first_partition_id = 0;  // partitions already there (CreatePartitions continues the pattern)
};

// `brokers` must be non-empty and hold at least `replication_factor` ids.
std::vector<std::vector<std::int32_t>> assign_replicas(const std::vector<std::int32_t>& brokers,
                                                       int partitions, int replication_factor,
                                                       AssignmentStart start);

// A random start, as Kafka picks for a new topic, so that topics do not all lead on broker 1.
AssignmentStart random_assignment_start(std::size_t broker_count);

}  // namespace tideline::broker
