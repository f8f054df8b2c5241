// Produce requests with acks=all whose records the whole ISR does not have yet: the answer is held
// until the high watermark passes each partition's last appended offset, or until the request's
// timeout_ms (REQUEST_TIMED_OUT), as Kafka's delayed produce does.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include "broker/core/cluster_state.h"
#include "broker/core/fetch_waiters.h"
#include "broker/core/responder.h"
#include "messages.h"

namespace tideline::broker {

inline constexpr std::int16_t kRequestTimedOut = 7;

class ProduceWaiters {
public:
    // One partition of the held answer, pointing at its entry in `response`.
    struct Pending {
        std::string topic;
        std::int32_t partition = 0;
        std::size_t topic_slot = 0;      // index in response.responses
        std::size_t partition_slot = 0;  // index in that topic's partition_responses
        std::int32_t leader_id = -1;
        std::int32_t leader_epoch = -1;
        std::int64_t required_offset = 0;  // the high watermark that makes the append committed
        std::int32_t min_insync = 1;
        bool done = false;
    };

    ProduceWaiters(asio::io_context& io, ClusterState& state) : io_(io), state_(state) {}
    ~ProduceWaiters();

    void park(std::chrono::milliseconds timeout, Responder responder, protocol::ProduceResponse response,
              std::vector<Pending> pending);
    // The high watermark, ISR or leader of the partition changed: held answers on it are checked.
    void notify(const std::string& topic, std::int32_t partition);
    std::size_t size() const { return waiters_.size(); }

private:
    struct Waiter {
        asio::steady_timer timer;
        Responder responder;
        protocol::ProduceResponse response;
        std::vector<Pending> pending;
        bool done = false;
    };

    // Settles what can be settled; true when nothing is left to wait for.
    bool settle(Waiter& waiter, bool timed_out);
    void finish(const std::shared_ptr<Waiter>& waiter);

    asio::io_context& io_;
    ClusterState& state_;
    std::list<std::shared_ptr<Waiter>> waiters_;
};

}  // namespace tideline::broker
