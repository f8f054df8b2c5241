// APIs that the version table offers but this broker does not serve yet. Each gets an answer of
// its own type carrying UNSUPPORTED_VERSION (per item where the answer has items), so that
// clients fail that one call with a clear error instead of losing their connection.
#include <spdlog/spdlog.h>
#include <concepts>

#include "broker/core/handlers/handlers.h"
#include "frame.h"

namespace tideline::broker::handlers {
namespace {

namespace p = protocol;

constexpr std::int16_t kUnsupported = 35;
const std::string kMessage = "This API is not implemented by tideline-broker yet.";

// Every other API has one top-level error code, which is all its answer needs (see build()).
template <typename Request>
std::monostate answer(const Request&, std::int16_t) {
    return {};
}

template <typename Response>
concept HasErrorCode = requires(Response response) {
    response.error_code = kUnsupported;
};

template <typename Request>
std::optional<p::AnyResponse> build(const Request& request, std::int16_t version) {
    auto specific = answer(request, version);
    if constexpr (!std::is_same_v<decltype(specific), std::monostate>) {
        return p::AnyResponse(std::move(specific));
    } else {
        auto any = p::make_response(Request::kApiKey);
        if (!any) return std::nullopt;
        bool set = false;
        std::visit(
            [&](auto& response) {
                if constexpr (HasErrorCode<decltype(response)>) {
                    response.error_code = kUnsupported;
                    set = true;
                }
            },
            *any);
        if (!set) return std::nullopt;
        return any;
    }
}

}  // namespace

bool not_implemented(RequestContext& ctx, const protocol::AnyRequest& request) {
    auto response = std::visit([&](const auto& body) { return build(body, ctx.version()); }, request);
    if (!response) return false;
    // Some answers cannot say "unsupported" at every version (the error field is newer than the
    // version asked for); those connections are closed, as for an unknown API.
    try {
        protocol::encode_response(ctx.header.correlation_id, ctx.header.request_api_key, ctx.version(),
                                  *response);
    } catch (const protocol::EncodeFailure&) {
        return false;
    }
    spdlog::debug("broker {}: API {} v{} is not implemented, answered UNSUPPORTED_VERSION", ctx.broker.id,
                  ctx.header.request_api_key, ctx.version());
    ctx.responder.send(*response);
    return true;
}

}  // namespace tideline::broker::handlers
