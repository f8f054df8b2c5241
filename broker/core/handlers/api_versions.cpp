// ApiVersions: the version table of supported_versions.h, the one place that decides what we serve.
#include "broker/core/handlers/handlers.h"
#include "supported_versions.h"

namespace tideline::broker::handlers {
namespace {

constexpr std::int16_t kUnsupportedVersion = 35;

}  // namespace

void api_versions(RequestContext& ctx, const protocol::ApiVersionsRequest&) {
    protocol::ApiVersionsResponse response;
    for (const auto& api : protocol::supported_apis()) {
        response.api_keys.push_back({api.key, api.min_version, api.max_version, {}});
    }
    ctx.responder.send(response);
}

protocol::ApiVersionsResponse unsupported_api_versions() {
    // Only the ApiVersions range, as Kafka sends it: the client needs nothing else to retry.
    protocol::ApiVersionsResponse response;
    response.error_code = kUnsupportedVersion;
    const auto range = protocol::supported_api(static_cast<std::int16_t>(protocol::ApiKey::ApiVersions));
    response.api_keys.push_back({range->key, range->min_version, range->max_version, {}});
    return response;
}

}  // namespace tideline::broker::handlers
