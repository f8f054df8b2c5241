#include "broker/core/log_retention.h"

#include <spdlog/spdlog.h>
#include <charconv>
#include <chrono>

namespace tideline::broker {
namespace {

std::int64_t topic_or_broker(const TopicState& topic, const std::string& name, std::int64_t broker_value) {
    auto it = topic.configs.find(name);
    if (it == topic.configs.end()) return broker_value;
    std::int64_t value = broker_value;
    std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
    return value;
}

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

void LogRetention::start() { schedule(); }

void LogRetention::stop() { timer_.cancel(); }

void LogRetention::schedule() {
    timer_.expires_after(std::chrono::milliseconds(state_.config.log_retention_check_interval_ms()));
    timer_.async_wait([this](std::error_code ec) {
        if (ec) return;
        apply_now();
        schedule();
    });
}

std::size_t LogRetention::apply_now() {
    std::size_t deleted = 0;
    const auto now = now_ms();
    for (auto& [name, topic] : state_.topics) {
        // Compacted topics keep their segments until compaction exists.
        const auto policy = topic.configs.find("cleanup.policy");
        if (policy != topic.configs.end() && policy->second.find("delete") == std::string::npos) continue;
        const auto retention_ms = topic_or_broker(topic, "retention.ms", state_.config.log_retention_ms());
        const auto retention_bytes =
            topic_or_broker(topic, "retention.bytes", state_.config.log_retention_bytes());
        for (auto& partition : topic.partitions) {
            for (auto& [broker_id, log] : partition.logs) {
                auto result = log->apply_retention(now, retention_ms, retention_bytes);
                if (!result) {
                    spdlog::warn("retention of {}: {}", log->dir().string(), result.error().message);
                    continue;
                }
                deleted += *result;
            }
        }
    }
    if (deleted > 0) spdlog::info("retention deleted {} segment(s)", deleted);
    return deleted;
}

}  // namespace tideline::broker
