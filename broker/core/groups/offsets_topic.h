// The internal topic `__consumer_offsets`: which of its partitions holds a group (and so which
// broker coordinates it), creating it on first need, appending the coordinator's records and
// reading them all back at startup.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "broker/core/cluster_state.h"
#include "broker/core/fetch_waiters.h"
#include "broker/core/replica_fetcher.h"
#include "broker/core/topic_admin.h"
#include "record_batch.h"

namespace tideline::broker {

inline constexpr const char* kOffsetsTopic = "__consumer_offsets";

// Java's String.hashCode over the UTF-16 code units of `text` (read as UTF-8), which is what
// Kafka's partitionFor() hashes: groups land on the same partition number as on a real cluster.
std::int32_t java_string_hash(const std::string& text);

class OffsetsTopic {
public:
    OffsetsTopic(ClusterState& state, TopicAdmin& admin, FetchWaiters& fetches, ReplicaFetcher& replicas)
        : state_(state), admin_(admin), fetches_(fetches), replicas_(replicas) {}

    // abs(hash) % partition count (the existing topic's count, else offsets.topic.num.partitions).
    std::int32_t partition_for(const std::string& group) const;
    // The coordinator: the leader of the group's partition; -1 when the topic is missing or the
    // partition has no leader.
    std::int32_t coordinator_for(const std::string& group) const;
    bool exists() const { return state_.topics.contains(kOffsetsTopic); }
    // Creates the topic (internal, compacted, replication factor min(3, brokers)). Error code as
    // FindCoordinator reports it (COORDINATOR_NOT_AVAILABLE when too few brokers run).
    std::int16_t create();

    // Appends the records as one batch to the group's partition, acks=all. 0 or the error a
    // coordinator reports for a failed write (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, ...).
    std::int16_t append(const std::string& group, const std::vector<protocol::RecordInput>& records);

    // Every record of every partition, in offset order per partition (startup load).
    using RecordVisitor =
        std::function<void(protocol::ByteView key, std::optional<protocol::ByteView> value)>;
    void read_all(const RecordVisitor& visit) const;

private:
    ClusterState& state_;
    TopicAdmin& admin_;
    FetchWaiters& fetches_;
    ReplicaFetcher& replicas_;
};

}  // namespace tideline::broker
