#include "broker/core/config_admin.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <set>

#include "broker/core/config_catalog.h"
#include "broker/core/metadata_file.h"
#include "broker/core/topic_configs.h"

namespace tideline::broker {
namespace {

constexpr std::int16_t kUnknownTopicOrPartition = 3;
constexpr std::int16_t kUnknownServerError = -1;

enum Operation : std::int8_t { kSet = 0, kDelete = 1, kAppend = 2, kSubtract = 3 };

std::vector<std::string> split_list(const std::string& value) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start < value.size()) {
        auto end = value.find(',', start);
        if (end == std::string::npos) end = value.size();
        if (end > start) items.push_back(value.substr(start, end - start));
        start = end + 1;
    }
    return items;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

}  // namespace

ConfigOutcome ConfigAdmin::check_resource(std::int8_t type, const std::string& name) const {
    if (type == kTopicResource) {
        if (!state_.topics.contains(name))
            return {kUnknownTopicOrPartition, "The topic '" + name + "' does not exist."};
        return {};
    }
    if (type == kBrokerResource) {
        // Every broker of this process shares one config: the cluster default ("") and each
        // broker id name the same settings.
        if (name.empty()) return {};
        try {
            std::size_t used = 0;
            const auto id = std::stoi(name, &used);
            if (used == name.size() && state_.broker(id)) return {};
        } catch (const std::exception&) {
        }
        return {kInvalidRequestError, "Unexpected broker id " + name};
    }
    return {kInvalidRequestError, "Unsupported resource type " + std::to_string(type)};
}

std::map<std::string, std::string> ConfigAdmin::current(std::int8_t type, const std::string& name) const {
    if (type == kTopicResource) return state_.topics.at(name).configs;
    return state_.config.dynamic();
}

std::string ConfigAdmin::effective_value(std::int8_t type, const std::string& name,
                                         const std::string& config) const {
    if (type == kBrokerResource) return state_.config.get(config).value_or("");
    for (const auto& described : describe_topic_configs(state_.config, state_.topics.at(name).configs)) {
        if (described.name == config) return described.value;
    }
    return {};
}

ConfigOutcome ConfigAdmin::replace(
    std::int8_t type, const std::string& name,
    const std::vector<std::pair<std::string, std::optional<std::string>>>& configs, bool validate_only) {
    if (auto outcome = check_resource(type, name); outcome.error_code) return outcome;
    std::map<std::string, std::string> next;
    for (const auto& [config, value] : configs) {
        if (next.contains(config)) return {kInvalidRequestError, "Error due to duplicate config keys"};
        if (!value) return {kInvalidConfig, "Null value not supported for : " + config};
        next[config] = *value;
    }
    return commit(type, name, std::move(next), validate_only);
}

ConfigOutcome ConfigAdmin::apply(std::int8_t type, const std::string& name,
                                 const std::vector<ConfigOperation>& operations, bool validate_only) {
    if (auto outcome = check_resource(type, name); outcome.error_code) return outcome;
    auto next = current(type, name);
    std::set<std::string> seen;
    for (const auto& op : operations) {
        if (!seen.insert(op.name).second) return {kInvalidRequestError, "Error due to duplicate config keys"};
        const bool list = type == kTopicResource && topic_config_type(op.name) == ConfigTypeCode::List;
        switch (op.operation) {
            case kSet:
                if (!op.value) return {kInvalidConfig, "Null value not supported for : " + op.name};
                next[op.name] = *op.value;
                break;
            case kDelete:
                next.erase(op.name);
                break;
            case kAppend:
            case kSubtract: {
                if (!list) {
                    return {kInvalidConfig, std::string("Config value ") +
                                                (op.operation == kAppend ? "append" : "subtract") +
                                                " is not allowed for config key: " + op.name};
                }
                auto items = split_list(effective_value(type, name, op.name));
                for (const auto& item : split_list(op.value.value_or(""))) {
                    const auto at = std::find(items.begin(), items.end(), item);
                    if (op.operation == kAppend && at == items.end()) items.push_back(item);
                    if (op.operation == kSubtract && at != items.end()) items.erase(at);
                }
                next[op.name] = join_list(items);
                break;
            }
            default:
                return {kInvalidRequestError, "Unknown config operation " + std::to_string(op.operation)};
        }
    }
    return commit(type, name, std::move(next), validate_only);
}

ConfigOutcome ConfigAdmin::commit(std::int8_t type, const std::string& name,
                                  std::map<std::string, std::string> configs, bool validate_only) {
    for (const auto& [config, value] : configs) {
        if (type == kTopicResource) {
            if (auto problem = topic_config_problem(config, value)) return {kInvalidConfig, *problem};
            if (auto problem = topic_config_value_problem(config, value)) return {kInvalidConfig, *problem};
        } else if (auto problem = dynamic_broker_setting_problem(config, value)) {
            return {kInvalidConfig, *problem};
        }
    }
    if (validate_only) return {};

    std::map<std::string, std::string> previous;
    if (type == kTopicResource) {
        previous = std::exchange(state_.topics.at(name).configs, std::move(configs));
    } else {
        previous = state_.config.dynamic();
        state_.config.set_dynamic(std::move(configs));
    }
    if (auto error = save_metadata(state_); !error.empty()) {
        spdlog::error("saving configs of {}: {}", name, error);
        if (type == kTopicResource) {
            state_.topics.at(name).configs = std::move(previous);
        } else {
            state_.config.set_dynamic(std::move(previous));
        }
        return {kUnknownServerError, "could not save the cluster metadata: " + error};
    }
    // The logs take the new settings at once; a broker-level change reaches every topic that does
    // not override it.
    for (auto& [topic_name, topic] : state_.topics) {
        if (type == kTopicResource && topic_name != name) continue;
        const auto log_config = log_config_for(state_.config, topic.configs);
        for (auto& partition : topic.partitions) {
            for (auto& [broker_id, log] : partition.logs) log->reconfigure(log_config);
        }
    }
    spdlog::info("configs of {} {} changed", type == kTopicResource ? "topic" : "broker", name);
    return {};
}

}  // namespace tideline::broker
