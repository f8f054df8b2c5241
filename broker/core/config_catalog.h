// What DescribeConfigs reports: every topic config Kafka 2.4 lists for a topic, and the broker's
// settings, each with its value, where that value comes from (Kafka's ConfigSource), its
// synonyms in order of precedence, its type and a line of documentation.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "broker/core/broker_config.h"

namespace tideline::broker {

// Kafka's ConfigSource codes as DescribeConfigs carries them.
enum class ConfigSourceCode : std::int8_t {
    DynamicTopic = 1,
    DynamicBroker = 2,
    StaticBroker = 4,
    Default = 5,
};

// Kafka's ConfigType codes (DescribeConfigs v3+).
enum class ConfigTypeCode : std::int8_t {
    Unknown = 0,
    Boolean = 1,
    String = 2,
    Int = 3,
    Long = 5,
    Double = 6,
    List = 7,
};

struct ConfigSynonym {
    std::string name;
    std::string value;
    ConfigSourceCode source = ConfigSourceCode::Default;
};

struct DescribedConfig {
    std::string name;
    std::string value;
    ConfigSourceCode source = ConfigSourceCode::Default;
    bool read_only = false;
    bool sensitive = false;
    ConfigTypeCode type = ConfigTypeCode::Unknown;
    std::string documentation;
    std::vector<ConfigSynonym> synonyms;  // the effective one first
};

// A topic's configs: its overrides, else the broker setting Kafka derives the default from
// (dynamic, then `--set`, then this broker's default), else Kafka's default.
std::vector<DescribedConfig> describe_topic_configs(const BrokerConfig& broker,
                                                    const std::map<std::string, std::string>& overrides);

// The broker's settings: those it acts on and the broker-level names of the topic defaults.
std::vector<DescribedConfig> describe_broker_configs(const BrokerConfig& broker, std::int32_t broker_id);

// Why `value` is not acceptable for topic config `name` (Kafka's message), or nullopt. Checks the
// name against Kafka's topic configs and the value against the config's type.
std::optional<std::string> topic_config_value_problem(const std::string& name, const std::string& value);

// The type of a topic config (Unknown for names Kafka 2.4 does not list); LIST configs take
// APPEND and SUBTRACT in IncrementalAlterConfigs.
ConfigTypeCode topic_config_type(const std::string& name);

}  // namespace tideline::broker
