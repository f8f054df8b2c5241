// The followers' side of replication, on the event loop. Each follower replica copies from its
// leader's log into its own, as a Kafka follower's fetcher thread does: right after the leader
// appended (posted, so the produce answer is not delayed by it) and on a periodic tick for whatever
// is still behind. It moves high watermarks, grows and shrinks ISRs (replica.lag.time.max.ms), and
// wakes the fetches and acks=all produces waiting on them.
#pragma once

#include <asio.hpp>
#include <cstdint>
#include <set>
#include <vector>

#include "broker/core/cluster_state.h"
#include "broker/core/fetch_waiters.h"
#include "broker/core/produce_waiters.h"

namespace tideline::broker {

class ReplicaFetcher {
public:
    ReplicaFetcher(asio::io_context& io, ClusterState& state, FetchWaiters& fetches);

    void start();
    void stop();

    // The leader of the partition appended records: its high watermark may move now (a lone ISR
    // member), and its followers copy in a moment.
    void leader_appended(const std::string& topic, PartitionState& partition);
    // Leaders or ISRs changed elsewhere (broker stop/start, reassignment): the partitions are looked
    // at again and everyone waiting on them is woken.
    void partitions_changed(const std::vector<TopicPartition>& changed);
    // Every partition gets a fetch round (a broker came back and must catch up).
    void schedule_all();

    ProduceWaiters& produce_waiters() { return produce_waiters_; }

private:
    void schedule(const TopicPartition& partition);
    void run_pending();
    enum class Round { Done, Behind, Failed };
    // One fetch round for every follower of the partition.
    Round replicate(const std::string& topic, PartitionState& partition, std::int64_t now);
    void tick();
    void shrink_isrs(std::int64_t now);
    void high_watermark_moved(const std::string& topic, std::int32_t partition);
    void persist();

    asio::io_context& io_;
    ClusterState& state_;
    FetchWaiters& fetches_;
    ProduceWaiters produce_waiters_;
    asio::steady_timer timer_;
    std::set<TopicPartition> pending_;
    std::set<TopicPartition> retry_;  // a copy failed: tried again on the tick, not in a tight loop
    bool posted_ = false;
    bool stopped_ = false;
    std::int64_t last_isr_check_ms_ = 0;
};

}  // namespace tideline::broker
