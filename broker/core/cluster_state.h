// Everything the cluster knows, owned by the event-loop thread: brokers, topics, partitions and
// the partition replicas' logs. Plain data with lookups; the rules that change it live in
// topic_admin.h (topics and partitions) and replication.h (records).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "broker/core/broker_config.h"
#include "broker/storage/partition_log.h"
#include "wire.h"

namespace tideline::broker {

struct BrokerCounters {
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t requests = 0;
    std::uint64_t connections_open = 0;
    std::uint64_t connections_total = 0;
};

struct BrokerState {
    std::int32_t id = 0;
    std::string host;
    std::uint16_t port = 0;
    bool running = true;
    BrokerCounters counters;
};

// What the leader knows of one follower replica's fetching (its log end offset is its log's).
struct FollowerProgress {
    std::int32_t synced_epoch = -1;      // the leader epoch whose log it last truncated against
    std::int64_t last_caught_up_ms = 0;  // when its log end last reached the leader's
    bool failing = false;                // its last copy failed (logged once, not every tick)
};

struct PartitionState {
    std::int32_t index = 0;
    std::vector<std::int32_t> replicas;  // the first one is the preferred leader
    std::int32_t leader = -1;            // -1 while no replica can lead
    std::int32_t leader_epoch = 0;
    std::vector<std::int32_t> isr;
    std::int64_t high_watermark = 0;
    // Every replica lives in this process, so each one has its own log (in its broker's directory).
    std::map<std::int32_t, std::unique_ptr<storage::PartitionLog>> logs;
    std::map<std::int32_t, FollowerProgress> followers;
    // An ongoing reassignment (AlterPartitionReassignments): `replicas` holds the old and the new
    // replicas together until the new ones have caught up, as in Kafka.
    std::vector<std::int32_t> adding_replicas;
    std::vector<std::int32_t> removing_replicas;

    storage::PartitionLog* log_of(std::int32_t broker_id) const;
    storage::PartitionLog* leader_log() const { return log_of(leader); }
    bool in_isr(std::int32_t broker_id) const;
};

struct TopicState {
    std::string name;
    protocol::Uuid id{};
    bool internal = false;
    std::map<std::string, std::string> configs;  // topic-level overrides only
    std::vector<PartitionState> partitions;

    PartitionState* partition(std::int32_t index);
};

struct ClusterState {
    std::filesystem::path data_dir;
    std::string cluster_id;
    BrokerConfig config;
    std::vector<BrokerState> brokers;  // by id, ids 1..N
    std::map<std::string, TopicState> topics;
    std::int64_t next_producer_id = 0;  // InitProducerId hands out each id once, ever

    BrokerState* broker(std::int32_t id);
    const BrokerState* broker(std::int32_t id) const;
    TopicState* topic(const std::string& name);
    TopicState* topic_by_id(const protocol::Uuid& id);
    // Kafka clients send admin requests to the controller: the lowest running broker id, -1 if none.
    std::int32_t controller_id() const;
    std::vector<std::int32_t> running_broker_ids() const;
    std::filesystem::path replica_dir(std::int32_t broker_id, const std::string& topic,
                                      std::int32_t partition) const;
};

}  // namespace tideline::broker
