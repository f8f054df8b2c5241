// AlterConfigs and IncrementalAlterConfigs: Kafka's checks, then the new configs are saved in the
// cluster metadata file and put to work at once (logs reconfigured; retention and min.insync
// read them on every use).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "broker/core/cluster_state.h"

namespace tideline::broker {

inline constexpr std::int8_t kTopicResource = 2;
inline constexpr std::int8_t kBrokerResource = 4;

inline constexpr std::int16_t kInvalidConfig = 40;
inline constexpr std::int16_t kInvalidRequestError = 42;

struct ConfigOutcome {
    std::int16_t error_code = 0;
    std::string message;
};

// One IncrementalAlterConfigs operation (Kafka's codes: 0 SET, 1 DELETE, 2 APPEND, 3 SUBTRACT).
struct ConfigOperation {
    std::string name;
    std::int8_t operation = 0;
    std::optional<std::string> value;
};

class ConfigAdmin {
public:
    explicit ConfigAdmin(ClusterState& state) : state_(state) {}

    // Where a resource's current configs are: a topic's overrides or the dynamic broker settings.
    // An error when the resource does not exist or cannot be altered.
    ConfigOutcome check_resource(std::int8_t type, const std::string& name) const;

    // AlterConfigs: `configs` replaces the resource's whole set of overrides.
    ConfigOutcome replace(std::int8_t type, const std::string& name,
                          const std::vector<std::pair<std::string, std::optional<std::string>>>& configs,
                          bool validate_only);
    // IncrementalAlterConfigs: the operations applied to the current overrides.
    ConfigOutcome apply(std::int8_t type, const std::string& name,
                        const std::vector<ConfigOperation>& operations, bool validate_only);

private:
    ConfigOutcome commit(std::int8_t type, const std::string& name,
                         std::map<std::string, std::string> configs, bool validate_only);
    std::map<std::string, std::string> current(std::int8_t type, const std::string& name) const;
    std::string effective_value(std::int8_t type, const std::string& name, const std::string& config) const;

    ClusterState& state_;
};

}  // namespace tideline::broker
