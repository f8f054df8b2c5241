// CreatePartitions: grows topics; shrinking is INVALID_PARTITIONS, as in Kafka.
#include <map>

#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {

void create_partitions(RequestContext& ctx, const protocol::CreatePartitionsRequest& request) {
    std::map<std::string, int> mentions;
    for (const auto& topic : request.topics) ++mentions[topic.name];

    protocol::CreatePartitionsResponse response;
    for (const auto& topic : request.topics) {
        protocol::CreatePartitionsResponse::CreatePartitionsTopicResult result;
        result.name = topic.name;
        if (mentions[topic.name] > 1) {
            result.error_code = errors::kInvalidRequest;
            result.error_message = "Duplicate topic in request.";
            response.results.push_back(std::move(result));
            continue;
        }
        std::vector<std::vector<std::int32_t>> assignment;
        if (topic.assignments) {
            for (const auto& replicas : *topic.assignments) assignment.push_back(replicas.broker_ids);
        }
        const auto outcome =
            ctx.services.admin.create_partitions(topic.name, topic.count, assignment, request.validate_only);
        result.error_code = outcome.error_code;
        if (!outcome.ok()) result.error_message = outcome.message;
        response.results.push_back(std::move(result));
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
