#include "broker/core/fetch_waiters.h"

#include <algorithm>
#include <vector>

namespace tideline::broker {

FetchWaiters::~FetchWaiters() {
    for (auto& waiter : waiters_) {
        waiter->done = true;
        waiter->timer.cancel();
    }
}

void FetchWaiters::park(std::chrono::milliseconds wait, std::set<TopicPartition> partitions,
                        Attempt attempt) {
    auto waiter =
        std::make_shared<Waiter>(Waiter{asio::steady_timer(io_), std::move(partitions), std::move(attempt)});
    waiters_.push_back(waiter);
    waiter->timer.expires_after(wait);
    waiter->timer.async_wait([this, weak = std::weak_ptr<Waiter>(waiter)](std::error_code ec) {
        auto waiter = weak.lock();
        if (ec || !waiter || waiter->done) return;
        waiter->attempt(true);
        finish(waiter);
    });
}

void FetchWaiters::notify(const std::string& topic, std::int32_t partition) {
    const TopicPartition key{topic, partition};
    // Copied first: an attempt that answers may lead to more produce/notify calls on this list.
    std::vector<std::shared_ptr<Waiter>> interested;
    for (const auto& waiter : waiters_) {
        if (!waiter->done && waiter->partitions.contains(key)) interested.push_back(waiter);
    }
    for (const auto& waiter : interested) {
        if (!waiter->done && waiter->attempt(false)) finish(waiter);
    }
}

void FetchWaiters::release_all() {
    auto all = waiters_;
    for (const auto& waiter : all) {
        if (waiter->done) continue;
        waiter->attempt(true);
        finish(waiter);
    }
}

void FetchWaiters::finish(const std::shared_ptr<Waiter>& waiter) {
    waiter->done = true;
    waiter->timer.cancel();
    waiters_.remove(waiter);
}

}  // namespace tideline::broker
