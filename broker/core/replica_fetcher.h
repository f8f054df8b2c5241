// The followers' side of replication, on the event loop. Each follower replica copies from its
// leader's log into its own, as a Kafka follower's fetcher thread does. A follower in step stores the
// leader's new batches in the same loop turn as the leader's append (so acks=all needs no second
// turn and nothing is read back from disk); one that is behind catches up from the leader's log in
// posted rounds until it is level. Nothing runs while nothing is appended: the only timers are the
// ISR lag check (every half replica.lag.time.max.ms) and a retry timer armed when a copy failed.
// It moves high watermarks, grows and shrinks ISRs, and wakes the fetches and acks=all produces
// waiting on them.
#pragma once

#include <asio.hpp>
#include <cstdint>
#include <set>
#include <vector>

#include "broker/core/cluster_state.h"
#include "broker/core/fetch_waiters.h"
#include "broker/core/produce_waiters.h"
#include "broker/core/replication.h"

namespace tideline::broker {

class ReplicaFetcher {
public:
    ReplicaFetcher(asio::io_context& io, ClusterState& state, FetchWaiters& fetches);

    void start();
    void stop();

    // The leader of the partition appended records (`fresh`: the appended bytes as its log holds
    // them, when the caller still has them): followers in step copy them now and the high
    // watermark moves; followers that are behind copy in a moment.
    void leader_appended(const std::string& topic, PartitionState& partition,
                         const FreshBatches* fresh = nullptr);
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
    // One fetch round for every follower of the partition; with `fresh`, only followers in step copy
    // (the others are left Behind for a posted round).
    Round replicate(const std::string& topic, PartitionState& partition, std::int64_t now,
                    const FreshBatches* fresh = nullptr);
    void after_round(const TopicPartition& key, Round round);
    void retry_later(const TopicPartition& key);
    void arm_isr_check();
    void shrink_isrs(std::int64_t now);
    void high_watermark_moved(const std::string& topic, std::int32_t partition);
    void persist();

    asio::io_context& io_;
    ClusterState& state_;
    FetchWaiters& fetches_;
    ProduceWaiters produce_waiters_;
    asio::steady_timer isr_timer_;
    asio::steady_timer retry_timer_;
    std::set<TopicPartition> pending_;
    std::set<TopicPartition> retry_;  // a copy failed: tried again after a pause, not in a tight loop
    bool posted_ = false;
    bool retry_armed_ = false;
    bool stopped_ = false;
};

}  // namespace tideline::broker
