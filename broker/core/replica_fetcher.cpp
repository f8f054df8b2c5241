#include "broker/core/replica_fetcher.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <chrono>

#include "broker/core/metadata_file.h"
#include "broker/core/partition_reassignment.h"
#include "broker/core/replication.h"

namespace tideline::broker {
namespace {

// How often followers that are still behind fetch again; each round copies whatever is there.
constexpr auto kTickInterval = std::chrono::milliseconds(50);
// What one follower copies per round before the loop serves other work (then it goes on at once).
constexpr std::size_t kRoundBytes = 16 * 1024 * 1024;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool running(const ClusterState& state, std::int32_t id) {
    const auto* broker = state.broker(id);
    return broker && broker->running;
}

}  // namespace

ReplicaFetcher::ReplicaFetcher(asio::io_context& io, ClusterState& state, FetchWaiters& fetches)
    : io_(io), state_(state), fetches_(fetches), produce_waiters_(io, state), timer_(io) {}

void ReplicaFetcher::start() {
    stopped_ = false;
    schedule_all();
    tick();
}

void ReplicaFetcher::stop() {
    stopped_ = true;
    timer_.cancel();
}

void ReplicaFetcher::leader_appended(const std::string& topic, PartitionState& partition) {
    if (update_high_watermark(partition)) high_watermark_moved(topic, partition.index);
    if (partition.replicas.size() > 1) schedule({topic, partition.index});
}

void ReplicaFetcher::partitions_changed(const std::vector<TopicPartition>& changed) {
    for (const auto& [topic, index] : changed) {
        if (auto* found = state_.topic(topic)) {
            if (auto* partition = found->partition(index)) update_high_watermark(*partition);
        }
        high_watermark_moved(topic, index);
        schedule({topic, index});
    }
}

void ReplicaFetcher::schedule_all() {
    for (const auto& [name, topic] : state_.topics) {
        for (const auto& partition : topic.partitions) {
            if (partition.replicas.size() > 1) pending_.insert({name, partition.index});
        }
    }
    if (!pending_.empty()) schedule(*pending_.begin());
}

void ReplicaFetcher::schedule(const TopicPartition& partition) {
    pending_.insert(partition);
    if (posted_ || stopped_) return;
    posted_ = true;
    asio::post(io_, [this] { run_pending(); });
}

void ReplicaFetcher::run_pending() {
    posted_ = false;
    if (stopped_) return;
    auto work = std::move(pending_);
    pending_.clear();
    const auto now = now_ms();
    std::vector<TopicPartition> behind;
    for (const auto& key : work) {
        auto* topic = state_.topic(key.first);
        auto* partition = topic ? topic->partition(key.second) : nullptr;
        if (!partition) continue;
        const auto round = replicate(key.first, *partition, now);
        if (round == Round::Behind) behind.push_back(key);
        if (round == Round::Failed) retry_.insert(key);
    }
    // Followers still behind go on in the next turn, after whatever else the loop has to do.
    for (const auto& key : behind) schedule(key);
}

ReplicaFetcher::Round ReplicaFetcher::replicate(const std::string& topic, PartitionState& partition,
                                                std::int64_t now) {
    if (partition.leader == -1 || !running(state_, partition.leader)) return Round::Done;
    bool behind = false;
    bool failed = false;
    bool isr_grew = false;
    for (auto id : partition.replicas) {
        if (id == partition.leader || !running(state_, id) || !partition.log_of(id)) continue;
        const auto step = copy_from_leader(partition, id, kRoundBytes, now);
        if (step.failed) {
            failed = true;  // retried on the tick; leaves the ISR after replica.lag.time.max.ms
            continue;
        }
        behind = behind || !step.caught_up;
        if (may_join_isr(partition, id)) {
            partition.isr.push_back(id);
            isr_grew = true;
            spdlog::info("replica {} of {}-{} caught up and rejoins the ISR", id, topic, partition.index);
        }
    }
    // New replicas of a reassignment that have all caught up: the move completes now.
    if (isr_grew) {
        auto* owner = state_.topic(topic);
        if (owner && complete_reassignment_if_caught_up(state_, *owner, partition)) {
            persist();
            partitions_changed({{topic, partition.index}});
            return Round::Done;
        }
        persist();
    }
    if (update_high_watermark(partition) || isr_grew) high_watermark_moved(topic, partition.index);
    if (behind) return Round::Behind;
    return failed ? Round::Failed : Round::Done;
}

void ReplicaFetcher::tick() {
    if (stopped_) return;
    const auto now = now_ms();
    const auto lag = state_.config.replica_lag_time_max_ms();
    // Kafka checks for lagging followers every half replica.lag.time.max.ms.
    if (now - last_isr_check_ms_ >= std::max<std::int64_t>(lag / 2, 1)) {
        last_isr_check_ms_ = now;
        shrink_isrs(now);
    }
    timer_.expires_after(kTickInterval);
    timer_.async_wait([this](std::error_code ec) {
        if (ec) return;
        for (const auto& key : retry_) pending_.insert(key);
        retry_.clear();
        if (!pending_.empty() && !posted_) run_pending();
        tick();
    });
}

void ReplicaFetcher::shrink_isrs(std::int64_t now) {
    const auto lag = state_.config.replica_lag_time_max_ms();
    std::vector<TopicPartition> changed;
    for (auto& [name, topic] : state_.topics) {
        for (auto& partition : topic.partitions) {
            if (partition.leader == -1 || partition.isr.size() < 2) continue;
            const auto before = partition.isr.size();
            std::erase_if(partition.isr, [&](std::int32_t id) {
                if (id == partition.leader) return false;
                const auto it = partition.followers.try_emplace(id, FollowerProgress{-1, now, false}).first;
                if (now - it->second.last_caught_up_ms <= lag) return false;
                spdlog::warn("replica {} of {}-{} is {} ms behind and leaves the ISR", id, name,
                             partition.index, now - it->second.last_caught_up_ms);
                return true;
            });
            if (partition.isr.size() != before) changed.emplace_back(name, partition.index);
        }
    }
    if (changed.empty()) return;
    // Persisted before the high watermark moves on without the removed followers, so that no
    // acknowledgement ever depends on an ISR that was not saved.
    persist();
    partitions_changed(changed);
}

void ReplicaFetcher::high_watermark_moved(const std::string& topic, std::int32_t partition) {
    fetches_.notify(topic, partition);
    produce_waiters_.notify(topic, partition);
}

void ReplicaFetcher::persist() {
    if (auto error = save_metadata(state_); !error.empty()) spdlog::error("saving metadata: {}", error);
}

}  // namespace tideline::broker
