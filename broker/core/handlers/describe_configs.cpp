// DescribeConfigs: every config of a topic or broker with its value and source; synonyms when
// asked (v1+), type and documentation at v3+.
#include "broker/core/config_admin.h"
#include "broker/core/config_catalog.h"
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::DescribeConfigsResponse;

// The encoder refuses fields a version cannot carry, so each is set only where it exists:
// is_default at v0, source and synonyms from v1, type and documentation from v3.
Response::DescribeConfigsResourceResult to_wire(const DescribedConfig& config, std::int16_t version,
                                                bool synonyms, bool documentation) {
    Response::DescribeConfigsResourceResult out;
    out.name = config.name;
    out.value = config.sensitive ? std::nullopt : std::optional<std::string>(config.value);
    out.read_only = config.read_only;
    out.is_sensitive = config.sensitive;
    if (version == 0) {
        out.is_default = config.source == ConfigSourceCode::Default;
        return out;
    }
    out.config_source = static_cast<std::int8_t>(config.source);
    if (synonyms) {
        for (const auto& synonym : config.synonyms)
            out.synonyms.push_back(
                {synonym.name, synonym.value, static_cast<std::int8_t>(synonym.source), {}});
    }
    if (version >= 3) {
        out.config_type = static_cast<std::int8_t>(config.type);
        out.documentation = documentation && !config.documentation.empty()
                                ? std::optional<std::string>(config.documentation)
                                : std::nullopt;
    }
    return out;
}

}  // namespace

void describe_configs(RequestContext& ctx, const protocol::DescribeConfigsRequest& request) {
    Response response;
    ConfigAdmin admin(ctx.state());
    for (const auto& resource : request.resources) {
        auto& result = response.results.emplace_back();
        result.resource_type = resource.resource_type;
        result.resource_name = resource.resource_name;
        result.error_message = std::nullopt;
        const auto outcome = admin.check_resource(resource.resource_type, resource.resource_name);
        if (outcome.error_code != 0) {
            result.error_code = outcome.error_code;
            result.error_message = outcome.message;
            continue;
        }
        const auto configs =
            resource.resource_type == kTopicResource
                ? describe_topic_configs(ctx.state().config,
                                         ctx.state().topic(resource.resource_name)->configs)
                : describe_broker_configs(ctx.state().config, resource.resource_name.empty()
                                                                  ? ctx.broker.id
                                                                  : std::stoi(resource.resource_name));
        for (const auto& config : configs) {
            const auto& keys = resource.configuration_keys;
            if (keys && std::find(keys->begin(), keys->end(), config.name) == keys->end()) continue;
            result.configs.push_back(
                to_wire(config, ctx.version(), request.include_synonyms, request.include_documentation));
        }
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
