// Broker-level configuration: Kafka's property names with values chosen for a local development
// cluster, overridden by `--set name=value`. Every broker of the cluster shares one config.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace tideline::broker {

class BrokerConfig {
public:
    // Defaults for a cluster of `broker_count` brokers (default.replication.factor depends on it).
    static BrokerConfig with_defaults(int broker_count);

    // Unknown names are kept rather than refused: Kafka itself only warns about them, and scripts
    // written for a real cluster pass settings this broker does not act on.
    // `--set`: Kafka reports these as STATIC_BROKER_CONFIG.
    void set(const std::string& name, std::string value) {
        values_[name] = std::move(value);
        static_names_.insert(name);
    }
    // AlterConfigs on the broker resource: DYNAMIC_BROKER_CONFIG, ahead of `--set` and defaults.
    void set_dynamic(std::map<std::string, std::string> values) { dynamic_ = std::move(values); }
    const std::map<std::string, std::string>& dynamic() const { return dynamic_; }
    bool is_static(const std::string& name) const { return static_names_.contains(name); }
    std::optional<std::string> get(const std::string& name) const;
    // Defaults and `--set` values, without the dynamic ones.
    const std::map<std::string, std::string>& all() const { return values_; }

    // A message for the user when a setting this broker relies on does not parse; empty when usable.
    std::string validate() const;

    std::int32_t num_partitions() const { return int_value("num.partitions"); }
    std::int16_t default_replication_factor() const {
        return static_cast<std::int16_t>(int_value("default.replication.factor"));
    }
    std::int32_t min_insync_replicas() const { return int_value("min.insync.replicas"); }
    bool auto_create_topics() const { return bool_value("auto.create.topics.enable"); }
    std::int32_t log_segment_bytes() const { return int_value("log.segment.bytes"); }
    std::int64_t log_retention_ms() const { return long_value("log.retention.ms"); }
    std::int64_t log_retention_bytes() const { return long_value("log.retention.bytes"); }
    std::int64_t log_retention_check_interval_ms() const {
        return long_value("log.retention.check.interval.ms");
    }
    std::int32_t offsets_topic_num_partitions() const { return int_value("offsets.topic.num.partitions"); }
    std::int32_t group_initial_rebalance_delay_ms() const {
        return int_value("group.initial.rebalance.delay.ms");
    }
    std::int32_t group_min_session_timeout_ms() const { return int_value("group.min.session.timeout.ms"); }
    std::int32_t group_max_session_timeout_ms() const { return int_value("group.max.session.timeout.ms"); }
    std::int32_t offset_metadata_max_bytes() const { return int_value("offset.metadata.max.bytes"); }
    std::int32_t message_max_bytes() const { return int_value("message.max.bytes"); }
    std::int32_t socket_request_max_bytes() const { return int_value("socket.request.max.bytes"); }
    std::int64_t replica_lag_time_max_ms() const { return long_value("replica.lag.time.max.ms"); }
    bool unclean_leader_election() const { return bool_value("unclean.leader.election.enable"); }

private:
    std::int32_t int_value(const std::string& name) const;
    std::int64_t long_value(const std::string& name) const;
    bool bool_value(const std::string& name) const;

    std::map<std::string, std::string> values_;
    std::set<std::string> static_names_;
    std::map<std::string, std::string> dynamic_;
};

// Why `value` cannot be a dynamic value of broker setting `name` (not dynamic, does not parse),
// or nullopt when it can.
std::optional<std::string> dynamic_broker_setting_problem(const std::string& name, const std::string& value);

}  // namespace tideline::broker
