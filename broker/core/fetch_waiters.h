// Fetch requests that wait for data: Kafka holds a Fetch until min_bytes are there or max_wait_ms
// has passed. A parked fetch is retried whenever one of its partitions gets records and answered
// for good when its timer fires.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <set>
#include <string>
#include <utility>

namespace tideline::broker {

using TopicPartition = std::pair<std::string, std::int32_t>;

class FetchWaiters {
public:
    // Called with final=false after new data arrived: returns true if it answered (enough bytes).
    // Called with final=true when the wait is over: must answer with whatever is there.
    using Attempt = std::function<bool(bool final)>;

    explicit FetchWaiters(asio::io_context& io) : io_(io) {}
    ~FetchWaiters();

    void park(std::chrono::milliseconds wait, std::set<TopicPartition> partitions, Attempt attempt);
    // New records (or a deleted topic): every fetch waiting on the partition tries again.
    void notify(const std::string& topic, std::int32_t partition);
    // Answers every parked fetch now; used before a broker stops and at shutdown.
    void release_all();
    std::size_t size() const { return waiters_.size(); }

private:
    struct Waiter {
        asio::steady_timer timer;
        std::set<TopicPartition> partitions;
        Attempt attempt;
        bool done = false;
    };
    using WaiterList = std::list<std::shared_ptr<Waiter>>;

    void finish(const std::shared_ptr<Waiter>& waiter);

    asio::io_context& io_;
    WaiterList waiters_;
};

}  // namespace tideline::broker
