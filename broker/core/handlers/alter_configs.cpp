// AlterConfigs (replaces a resource's overrides) and IncrementalAlterConfigs (SET, DELETE,
// APPEND, SUBTRACT on them), for topics and the brokers' dynamic settings.
#include "broker/core/config_admin.h"
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {

void alter_configs(RequestContext& ctx, const protocol::AlterConfigsRequest& request) {
    protocol::AlterConfigsResponse response;
    ConfigAdmin admin(ctx.state());
    for (const auto& resource : request.resources) {
        std::vector<std::pair<std::string, std::optional<std::string>>> configs;
        for (const auto& config : resource.configs) configs.emplace_back(config.name, config.value);
        const auto outcome =
            admin.replace(resource.resource_type, resource.resource_name, configs, request.validate_only);
        response.responses.push_back(
            {outcome.error_code,
             outcome.error_code ? std::optional<std::string>(outcome.message) : std::nullopt,
             resource.resource_type,
             resource.resource_name,
             {}});
    }
    ctx.responder.send(response);
}

void incremental_alter_configs(RequestContext& ctx, const protocol::IncrementalAlterConfigsRequest& request) {
    protocol::IncrementalAlterConfigsResponse response;
    ConfigAdmin admin(ctx.state());
    for (const auto& resource : request.resources) {
        std::vector<ConfigOperation> operations;
        for (const auto& config : resource.configs)
            operations.push_back({config.name, config.config_operation, config.value});
        const auto outcome =
            admin.apply(resource.resource_type, resource.resource_name, operations, request.validate_only);
        response.responses.push_back(
            {outcome.error_code,
             outcome.error_code ? std::optional<std::string>(outcome.message) : std::nullopt,
             resource.resource_type,
             resource.resource_name,
             {}});
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
