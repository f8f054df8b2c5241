#include "broker/core/topic_rules.h"

#include <algorithm>
#include <random>

namespace tideline::broker {

std::optional<std::string> topic_name_problem(const std::string& name) {
    if (name.empty()) return "Topic name is illegal, it can't be empty";
    if (name == "." || name == "..") return "Topic name cannot be \".\" or \"..\"";
    if (name.size() > kMaxTopicNameLength) {
        return "Topic name is illegal, it can't be longer than " + std::to_string(kMaxTopicNameLength) +
               " characters, topic name: " + name;
    }
    const bool legal = std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '-';
    });
    if (!legal) {
        return "Topic name \"" + name +
               "\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'";
    }
    return std::nullopt;
}

bool topic_names_collide(const std::string& a, const std::string& b) {
    if (a.size() != b.size() || a == b) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = a[i] == '.' ? '_' : a[i];
        const char y = b[i] == '.' ? '_' : b[i];
        if (x != y) return false;
    }
    return true;
}

std::vector<std::vector<std::int32_t>> assign_replicas(const std::vector<std::int32_t>& brokers,
                                                       int partitions, int replication_factor,
                                                       AssignmentStart start) {
    const int n = static_cast<int>(brokers.size());
    std::vector<std::vector<std::int32_t>> assignment;
    int shift = start.replica_shift;
    int partition_id = start.first_partition_id;
    for (int i = 0; i < partitions; ++i, ++partition_id) {
        if (partition_id > 0 && partition_id % n == 0) ++shift;
        const int first = (partition_id + start.start_index) % n;
        std::vector<std::int32_t> replicas{brokers[static_cast<std::size_t>(first)]};
        for (int j = 0; j < replication_factor - 1; ++j) {
            const int index = (first + 1 + (shift + j) % (n - 1)) % n;
            replicas.push_back(brokers[static_cast<std::size_t>(index)]);
        }
        assignment.push_back(std::move(replicas));
    }
    return assignment;
}

AssignmentStart random_assignment_start(std::size_t broker_count) {
    static std::mt19937 random{std::random_device{}()};
    std::uniform_int_distribution<int> pick(0, static_cast<int>(broker_count) - 1);
    return {pick(random), pick(random), 0};
}

}  // namespace tideline::broker
