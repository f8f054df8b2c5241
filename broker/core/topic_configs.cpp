#include "broker/core/topic_configs.h"

#include <charconv>
#include <set>

namespace tideline::broker {
namespace {

const std::set<std::string>& known_topic_configs() {
    static const std::set<std::string> names = {
        "cleanup.policy",
        "compression.type",
        "delete.retention.ms",
        "file.delete.delay.ms",
        "flush.messages",
        "flush.ms",
        "follower.replication.throttled.replicas",
        "index.interval.bytes",
        "leader.replication.throttled.replicas",
        "local.retention.bytes",
        "local.retention.ms",
        "max.compaction.lag.ms",
        "max.message.bytes",
        "message.downconversion.enable",
        "message.format.version",
        "message.timestamp.after.max.ms",
        "message.timestamp.before.max.ms",
        "message.timestamp.difference.max.ms",
        "message.timestamp.type",
        "min.cleanable.dirty.ratio",
        "min.compaction.lag.ms",
        "min.insync.replicas",
        "preallocate",
        "remote.storage.enable",
        "retention.bytes",
        "retention.ms",
        "segment.bytes",
        "segment.index.bytes",
        "segment.jitter.ms",
        "segment.ms",
        "unclean.leader.election.enable",
    };
    return names;
}

template <typename T>
std::optional<T> parse_number(const std::string& text) {
    T value{};
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return value;
}

template <typename T>
T number_or(const std::map<std::string, std::string>& configs, const std::string& name, T fallback) {
    auto it = configs.find(name);
    if (it == configs.end()) return fallback;
    return parse_number<T>(it->second).value_or(fallback);
}

}  // namespace

std::optional<std::string> topic_config_problem(const std::string& name,
                                                const std::optional<std::string>& value) {
    if (!known_topic_configs().contains(name)) return "Unknown topic config name: " + name;
    if (!value) return "Null value not supported for topic configs: " + name;
    // The ones the log acts on must parse, or the log would silently fall back to the default.
    static const std::set<std::string> int_configs = {"segment.bytes", "max.message.bytes",
                                                      "index.interval.bytes", "min.insync.replicas"};
    static const std::set<std::string> long_configs = {"segment.ms", "retention.ms", "retention.bytes"};
    const bool bad_int = int_configs.contains(name) && !parse_number<std::int32_t>(*value);
    const bool bad_long = long_configs.contains(name) && !parse_number<std::int64_t>(*value);
    if (bad_int || bad_long) {
        return "Invalid value " + *value + " for configuration " + name + ": Not a number of type " +
               (bad_int ? "INT" : "LONG");
    }
    if (name == "message.timestamp.type" && *value != "CreateTime" && *value != "LogAppendTime") {
        return "Invalid value " + *value +
               " for configuration message.timestamp.type: String must be one of: "
               "CreateTime, LogAppendTime";
    }
    return std::nullopt;
}

storage::LogConfig log_config_for(const BrokerConfig& broker,
                                  const std::map<std::string, std::string>& topic) {
    storage::LogConfig config;
    config.segment_bytes = number_or<std::int32_t>(topic, "segment.bytes", broker.log_segment_bytes());
    config.segment_ms = number_or<std::int64_t>(topic, "segment.ms", config.segment_ms);
    config.index_interval_bytes =
        number_or<std::int32_t>(topic, "index.interval.bytes", config.index_interval_bytes);
    config.max_message_bytes =
        number_or<std::int32_t>(topic, "max.message.bytes", broker.message_max_bytes());
    auto type = topic.find("message.timestamp.type");
    if (type != topic.end() && type->second == "LogAppendTime") {
        config.timestamp_type = protocol::TimestampType::LogAppendTime;
    }
    return config;
}

}  // namespace tideline::broker
