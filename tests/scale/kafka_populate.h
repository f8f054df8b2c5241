// Filling a cluster through librdkafka's C API: topics with the Admin API in large CreateTopics
// requests, records with one producer, and committed group offsets with AlterConsumerGroupOffsets
// (an OffsetCommit outside any group generation, as Kafka allows for an empty group). Plain C++, so
// the broker benchmark and the Qt tests and benchmarks share it.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tideline::populate {

struct KafkaDeleter {
    void operator()(rd_kafka_t* handle) const { rd_kafka_destroy(handle); }
};
using Kafka = std::unique_ptr<rd_kafka_t, KafkaDeleter>;
using Settings = std::vector<std::pair<std::string, std::string>>;

// A client with these settings; `configure` may add callbacks to the configuration before it is
// used. Null (with a message on stderr) when a setting or the client is refused.
Kafka make_client(rd_kafka_type_t type, const Settings& settings,
                  const std::function<void(rd_kafka_conf_t*)>& configure = {});

// CreateTopics through the Admin API, `per_request` topics per request. False on any error.
bool create_topics(const std::string& bootstrap, const std::vector<std::string>& names, int partitions,
                   int replication_factor, std::size_t per_request = 1000);

struct PartitionRecords {
    std::string topic;
    std::int32_t partition = 0;
    int count = 0;
};

// Produces `count` small records into each partition (acks=all) and waits until all are acknowledged.
bool produce_records(const std::string& bootstrap, const std::vector<PartitionRecords>& records);

struct CommittedOffset {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
};
struct GroupCommit {
    std::string group;
    std::vector<CommittedOffset> offsets;
};

// Commits each group's offsets (the group is created, Empty, if it did not exist), with at most
// `in_flight` requests outstanding: librdkafka 2.0.2 takes one group per AlterConsumerGroupOffsets.
bool commit_group_offsets(const std::string& bootstrap, const std::vector<GroupCommit>& commits,
                          int in_flight = 64);

}  // namespace tideline::populate
