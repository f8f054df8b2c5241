#include "broker/core/broker_config.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>
#include <vector>

namespace tideline::broker {
namespace {

enum class Kind { Int, Long, Bool };

struct KnownSetting {
    const char* name;
    Kind kind;
    std::int64_t min;
};

// The settings the engine reads, with what they must parse as. Validated once at startup so that
// the typed getters can trust the values.
const std::vector<KnownSetting>& known_settings() {
    static const std::vector<KnownSetting> settings = {
        {"num.partitions", Kind::Int, 1},
        {"default.replication.factor", Kind::Int, 1},
        {"min.insync.replicas", Kind::Int, 1},
        {"auto.create.topics.enable", Kind::Bool, 0},
        {"log.segment.bytes", Kind::Int, 14},
        {"log.retention.ms", Kind::Long, -1},
        {"log.retention.bytes", Kind::Long, -1},
        {"log.retention.check.interval.ms", Kind::Long, 1},
        {"offsets.topic.num.partitions", Kind::Int, 1},
        {"group.initial.rebalance.delay.ms", Kind::Int, 0},
        {"group.min.session.timeout.ms", Kind::Int, 1},
        {"group.max.session.timeout.ms", Kind::Int, 1},
        {"offset.metadata.max.bytes", Kind::Int, 0},
        {"replica.lag.time.max.ms", Kind::Long, 1},
        {"unclean.leader.election.enable", Kind::Bool, 0},
        {"message.max.bytes", Kind::Int, 0},
        {"socket.request.max.bytes", Kind::Int, 1},
    };
    return settings;
}

template <typename T>
std::optional<T> parse_number(const std::string& text) {
    T value{};
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return value;
}

}  // namespace

BrokerConfig BrokerConfig::with_defaults(int broker_count) {
    BrokerConfig config;
    config.values_ = {
        {"num.partitions", "3"},
        {"default.replication.factor", std::to_string(std::min(3, broker_count))},
        {"min.insync.replicas", "1"},
        {"auto.create.topics.enable", "true"},
        {"log.segment.bytes", "1073741824"},
        {"log.retention.ms", "604800000"},
        {"log.retention.bytes", "-1"},
        {"log.retention.check.interval.ms", "300000"},
        // Kafka's 50 means 50 partitions x RF log directories before the first consumer group
        // commits anything; 10 keeps a fresh dev data dir small and still spreads groups.
        {"offsets.topic.num.partitions", "10"},
        {"group.initial.rebalance.delay.ms", "0"},
        // Kafka: 30000. A dev cluster's followers live in one process, so one that is 10 s behind is
        // stuck, not slow; a shorter wait shows ISR changes sooner.
        {"replica.lag.time.max.ms", "10000"},
        {"unclean.leader.election.enable", "false"},
        {"group.min.session.timeout.ms", "6000"},
        {"group.max.session.timeout.ms", "1800000"},
        {"offset.metadata.max.bytes", "4096"},
        {"message.max.bytes", "1048588"},
        {"socket.request.max.bytes", "104857600"},
    };
    return config;
}

std::optional<std::string> BrokerConfig::get(const std::string& name) const {
    if (auto dynamic = dynamic_.find(name); dynamic != dynamic_.end()) return dynamic->second;
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

namespace {

bool setting_accepts(const KnownSetting& setting, const std::string& value) {
    switch (setting.kind) {
        case Kind::Int: {
            auto number = parse_number<std::int32_t>(value);
            return number && *number >= setting.min;
        }
        case Kind::Long: {
            auto number = parse_number<std::int64_t>(value);
            return number && *number >= setting.min;
        }
        case Kind::Bool:
            return value == "true" || value == "false";
    }
    return false;
}

}  // namespace

std::optional<std::string> dynamic_broker_setting_problem(const std::string& name, const std::string& value) {
    // Kafka's cluster-wide dynamic settings among those this broker acts on.
    static const std::set<std::string> dynamic = {"log.retention.ms",    "log.retention.bytes",
                                                  "log.segment.bytes",   "message.max.bytes",
                                                  "min.insync.replicas", "unclean.leader.election.enable"};
    if (!dynamic.contains(name)) return "Cannot update these configs dynamically: Set(" + name + ")";
    for (const auto& setting : known_settings()) {
        if (setting.name == name && !setting_accepts(setting, value))
            return "Invalid value " + value + " for configuration " + name;
    }
    return std::nullopt;
}

std::string BrokerConfig::validate() const {
    for (const auto& setting : known_settings()) {
        const auto value = get(setting.name).value_or("");
        const bool ok = setting_accepts(setting, value);
        if (!ok) {
            const char* expected = setting.kind == Kind::Bool ? "true or false" : "a whole number";
            return std::string("--set ") + setting.name + "=" + value + ": expected " + expected +
                   (setting.kind == Kind::Bool ? "" : " >= " + std::to_string(setting.min));
        }
    }
    return {};
}

std::int32_t BrokerConfig::int_value(const std::string& name) const {
    return parse_number<std::int32_t>(get(name).value_or("")).value_or(0);
}

std::int64_t BrokerConfig::long_value(const std::string& name) const {
    return parse_number<std::int64_t>(get(name).value_or("")).value_or(0);
}

bool BrokerConfig::bool_value(const std::string& name) const { return get(name).value_or("") == "true"; }

}  // namespace tideline::broker
