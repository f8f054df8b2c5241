// Idempotent producers across the cluster: producer id allocation (InitProducerId) and the
// per-partition sequence state that Produce consults. A partition's state is built from the tail
// of its leader's log the first time it is needed and again whenever the leader epoch changes
// (a new leader may hold a different tail), then kept up to date by every append.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>

#include "broker/core/cluster_state.h"
#include "broker/core/producer_state.h"

namespace tideline::broker {

struct IdempotenceVerdict {
    SequenceVerdict::Kind kind = SequenceVerdict::Kind::Append;
    std::int16_t error_code = 0;
    std::string message;
    std::int64_t duplicate_base_offset = -1;
};

struct ProducerIdGrant {
    std::int16_t error_code = 0;
    std::int64_t producer_id = -1;
    std::int16_t producer_epoch = -1;
};

class Idempotence {
public:
    explicit Idempotence(ClusterState& state) : state_(state) {}

    // InitProducerId for a producer without a transactional id. With no id given: a new producer
    // id (unique for the cluster's lifetime: the next one is persisted before it is handed out).
    // With an id and epoch from an earlier grant (v3+): the same id with the epoch bumped, or
    // INVALID_PRODUCER_EPOCH if a newer epoch was granted since.
    ProducerIdGrant init_producer(std::int64_t producer_id, std::int16_t producer_epoch);

    // Checks the idempotent batches of one produce to a partition, before the append.
    IdempotenceVerdict check(const TopicState& topic, const PartitionState& partition,
                             std::span<const std::uint8_t> records);
    // Remembers the batches just appended (their headers now carry their offsets).
    void record(const TopicState& topic, const PartitionState& partition,
                std::span<const std::uint8_t> appended);

private:
    struct Slot {
        protocol::Uuid topic_id{};
        std::int32_t leader_epoch = -1;
        PartitionProducers producers;
    };
    Slot& slot_for(const TopicState& topic, const PartitionState& partition);
    ProducerIdGrant allocate();

    ClusterState& state_;
    std::map<std::pair<std::string, std::int32_t>, Slot> slots_;
    std::map<std::int64_t, std::int16_t> granted_epochs_;  // since this process started
};

}  // namespace tideline::broker
