// Topic-level configs: which names Kafka knows, and what the partition logs take from them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "broker/core/broker_config.h"
#include "broker/storage/partition_log.h"

namespace tideline::broker {

// Kafka's message for a config a topic cannot have (unknown name, unusable value), or nullopt.
std::optional<std::string> topic_config_problem(const std::string& name,
                                                const std::optional<std::string>& value);

// The log settings of a topic: its own overrides, else the broker's defaults.
storage::LogConfig log_config_for(const BrokerConfig& broker,
                                  const std::map<std::string, std::string>& topic);

}  // namespace tideline::broker
