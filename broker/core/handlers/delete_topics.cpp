// DeleteTopics: by name (v0-5) or by name or topic id (v6).
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::DeleteTopicsResponse;

constexpr std::int16_t kUnknownTopicId = 100;

Response::DeletableTopicResult delete_one(RequestContext& ctx, const std::string& name) {
    Response::DeletableTopicResult result;
    result.name = name;
    const auto* topic = ctx.state().topic(name);
    const auto partitions = topic ? static_cast<std::int32_t>(topic->partitions.size()) : 0;
    if (topic) result.topic_id = topic->id;
    const auto outcome = ctx.services.admin.delete_topic(name);
    result.error_code = outcome.error_code;
    if (!outcome.ok()) result.error_message = outcome.message;
    if (outcome.ok()) ctx.services.groups.on_topic_deleted(name);
    // Consumers parked on the topic learn at once that it is gone.
    for (std::int32_t p = 0; p < partitions; ++p) ctx.services.fetches.notify(name, p);
    return result;
}

}  // namespace

void delete_topics(RequestContext& ctx, const protocol::DeleteTopicsRequest& request) {
    Response response;
    if (ctx.version() < 6) {
        for (const auto& name : request.topic_names) response.responses.push_back(delete_one(ctx, name));
    } else {
        for (const auto& wanted : request.topics) {
            if (wanted.name) {
                response.responses.push_back(delete_one(ctx, *wanted.name));
                continue;
            }
            if (const auto* topic = ctx.state().topic_by_id(wanted.topic_id)) {
                const auto name = topic->name;
                response.responses.push_back(delete_one(ctx, name));
                continue;
            }
            Response::DeletableTopicResult result;
            result.name = std::nullopt;
            result.topic_id = wanted.topic_id;
            result.error_code = kUnknownTopicId;
            result.error_message = "This server does not host this topic ID.";
            response.responses.push_back(std::move(result));
        }
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
