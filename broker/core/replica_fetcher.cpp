#include "broker/core/replica_fetcher.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <chrono>

#include "broker/core/metadata_file.h"
#include "broker/core/partition_reassignment.h"
#include "broker/core/replication.h"

namespace tideline::broker {
namespace {

// How long a follower whose copy failed waits before it tries again.
constexpr auto kRetryInterval = std::chrono::milliseconds(50);
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
    : io_(io),
      state_(state),
      fetches_(fetches),
      produce_waiters_(io, state),
      isr_timer_(io),
      retry_timer_(io) {}

void ReplicaFetcher::start() {
    stopped_ = false;
    schedule_all();
    arm_isr_check();
}

void ReplicaFetcher::stop() {
    stopped_ = true;
    isr_timer_.cancel();
    retry_timer_.cancel();
}

void ReplicaFetcher::leader_appended(const std::string& topic, PartitionState& partition,
                                     const FreshBatches* fresh) {
    if (fresh && !stopped_ && partition.replicas.size() > 1)
        after_round({topic, partition.index}, replicate(topic, partition, now_ms(), fresh));
    if (update_high_watermark(partition)) high_watermark_moved(topic, partition.index);
    if (!fresh && partition.replicas.size() > 1) schedule({topic, partition.index});
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
    for (const auto& key : work) {
        auto* topic = state_.topic(key.first);
        auto* partition = topic ? topic->partition(key.second) : nullptr;
        if (partition) after_round(key, replicate(key.first, *partition, now));
    }
}

void ReplicaFetcher::after_round(const TopicPartition& key, Round round) {
    // Followers still behind go on in the next turn, after whatever else the loop has to do.
    if (round == Round::Behind) schedule(key);
    if (round == Round::Failed) retry_later(key);
}

void ReplicaFetcher::retry_later(const TopicPartition& key) {
    retry_.insert(key);
    if (retry_armed_ || stopped_) return;
    retry_armed_ = true;
    retry_timer_.expires_after(kRetryInterval);
    retry_timer_.async_wait([this](std::error_code ec) {
        retry_armed_ = false;
        if (ec || stopped_) return;
        auto keys = std::move(retry_);
        retry_.clear();
        for (const auto& key : keys) schedule(key);
    });
}

ReplicaFetcher::Round ReplicaFetcher::replicate(const std::string& topic, PartitionState& partition,
                                                std::int64_t now, const FreshBatches* fresh) {
    if (partition.leader == -1 || !running(state_, partition.leader)) return Round::Done;
    bool behind = false;
    bool failed = false;
    bool isr_grew = false;
    for (auto id : partition.replicas) {
        if (id == partition.leader || !running(state_, id) || !partition.log_of(id)) continue;
        // With fresh batches no follower reads here: this runs inside the produce request.
        const auto step = copy_from_leader(partition, id, fresh ? 0 : kRoundBytes, now, fresh);
        if (step.failed) {
            failed = true;  // retried after kRetryInterval; leaves the ISR after replica.lag.time.max.ms
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

void ReplicaFetcher::arm_isr_check() {
    if (stopped_) return;
    // Kafka checks for lagging followers every half replica.lag.time.max.ms.
    const auto lag = state_.config.replica_lag_time_max_ms();
    isr_timer_.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(lag / 2, 1)));
    isr_timer_.async_wait([this](std::error_code ec) {
        if (ec || stopped_) return;
        shrink_isrs(now_ms());
        arm_isr_check();
    });
}

void ReplicaFetcher::shrink_isrs(std::int64_t now) {
    const auto lag = state_.config.replica_lag_time_max_ms();
    std::vector<TopicPartition> changed;
    for (auto& [name, topic] : state_.topics) {
        for (auto& partition : topic.partitions) {
            if (partition.leader == -1 || partition.isr.size() < 2) continue;
            const auto* leader_log = partition.leader_log();
            const auto before = partition.isr.size();
            std::erase_if(partition.isr, [&](std::int32_t id) {
                if (id == partition.leader) return false;
                const auto it = partition.followers.try_emplace(id, FollowerProgress{-1, now, false}).first;
                // A follower level with its leader is caught up now, even if nothing was appended
                // (and so nothing copied) for a long while.
                const auto* log = partition.log_of(id);
                if (leader_log && log && log->log_end_offset() >= leader_log->log_end_offset())
                    it->second.last_caught_up_ms = now;
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
