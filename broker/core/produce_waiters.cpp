#include "broker/core/produce_waiters.h"

#include "broker/core/replication.h"

namespace tideline::broker {
namespace {

constexpr std::int16_t kUnknownTopicOrPartition = 3;
constexpr std::int16_t kNotLeaderOrFollower = 6;

void fail(protocol::ProduceResponse::PartitionProduceResponse& out, std::int16_t error, std::string message) {
    out.error_code = error;
    out.base_offset = -1;
    out.log_append_time_ms = -1;
    out.log_start_offset = -1;
    out.error_message = std::move(message);
}

}  // namespace

ProduceWaiters::~ProduceWaiters() {
    for (auto& waiter : waiters_) {
        waiter->done = true;
        waiter->timer.cancel();
    }
}

void ProduceWaiters::park(std::chrono::milliseconds timeout, Responder responder,
                          protocol::ProduceResponse response, std::vector<Pending> pending) {
    auto waiter = std::make_shared<Waiter>(
        Waiter{asio::steady_timer(io_), std::move(responder), std::move(response), std::move(pending)});
    if (settle(*waiter, false)) {
        waiter->responder.send(waiter->response);
        return;
    }
    waiters_.push_back(waiter);
    waiter->timer.expires_after(timeout);
    waiter->timer.async_wait([this, weak = std::weak_ptr<Waiter>(waiter)](std::error_code ec) {
        auto waiter = weak.lock();
        if (ec || !waiter || waiter->done) return;
        settle(*waiter, true);
        finish(waiter);
    });
}

void ProduceWaiters::notify(const std::string& topic, std::int32_t partition) {
    std::vector<std::shared_ptr<Waiter>> ready;
    for (const auto& waiter : waiters_) {
        if (waiter->done) continue;
        const bool interested = std::any_of(
            waiter->pending.begin(), waiter->pending.end(),
            [&](const Pending& p) { return !p.done && p.partition == partition && p.topic == topic; });
        if (interested && settle(*waiter, false)) ready.push_back(waiter);
    }
    for (const auto& waiter : ready) finish(waiter);
}

bool ProduceWaiters::settle(Waiter& waiter, bool timed_out) {
    bool all_done = true;
    for (auto& pending : waiter.pending) {
        if (pending.done) continue;
        auto& out = waiter.response.responses[pending.topic_slot].partition_responses[pending.partition_slot];
        auto* topic = state_.topic(pending.topic);
        auto* partition = topic ? topic->partition(pending.partition) : nullptr;
        if (!partition) {
            fail(out, kUnknownTopicOrPartition, "This server does not host this topic-partition.");
        } else if (partition->leader != pending.leader_id ||
                   partition->leader_epoch != pending.leader_epoch) {
            // A new leader may or may not have the records; the producer retries, as with Kafka.
            fail(out, kNotLeaderOrFollower, "Leadership changed while waiting for the replicas.");
        } else if (partition->high_watermark >= pending.required_offset) {
            if (static_cast<std::int32_t>(partition->isr.size()) < pending.min_insync) {
                fail(out, kNotEnoughReplicasAfterAppend,
                     "The size of the current ISR " + std::to_string(partition->isr.size()) +
                         " is insufficient to satisfy the min.isr requirement of " +
                         std::to_string(pending.min_insync));
            }
        } else if (timed_out) {
            fail(out, kRequestTimedOut, "The replicas did not confirm the records within timeout_ms.");
        } else {
            all_done = false;
            continue;
        }
        pending.done = true;
    }
    return all_done;
}

void ProduceWaiters::finish(const std::shared_ptr<Waiter>& waiter) {
    waiter->done = true;
    waiter->timer.cancel();
    waiters_.remove(waiter);
    if (waiter->responder.connection_open()) {
        waiter->responder.send(waiter->response);
    } else {
        waiter->responder.send_nothing();  // the connection is gone; nobody reads the answer
    }
}

}  // namespace tideline::broker
