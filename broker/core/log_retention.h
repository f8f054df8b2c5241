// Time- and size-based retention: every log.retention.check.interval.ms each replica's log drops
// its oldest segments beyond retention.ms / retention.bytes (the topic's, else the broker's), as
// Kafka's log cleaner does for cleanup.policy=delete. Runs on the event loop.
#pragma once

#include <asio.hpp>

#include "broker/core/cluster_state.h"

namespace tideline::broker {

class LogRetention {
public:
    LogRetention(asio::io_context& io, ClusterState& state) : timer_(io), state_(state) {}

    void start();
    void stop();
    // One pass over every log; returns the number of segments deleted.
    std::size_t apply_now();

private:
    void schedule();

    asio::steady_timer timer_;
    ClusterState& state_;
};

}  // namespace tideline::broker
