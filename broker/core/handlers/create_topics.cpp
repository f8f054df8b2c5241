// CreateTopics: Kafka's validation and error codes per topic; validate_only checks without creating.
#include <map>

#include "broker/core/config_catalog.h"
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::CreateTopicsResponse;
using Request = protocol::CreateTopicsRequest;

NewTopic to_new_topic(const Request::CreatableTopic& topic) {
    NewTopic out;
    out.name = topic.name;
    out.partitions = topic.num_partitions;
    out.replication_factor = topic.replication_factor;
    for (const auto& assignment : topic.assignments) {
        const auto index = static_cast<std::size_t>(std::max(0, assignment.partition_index));
        if (out.assignment.size() <= index) out.assignment.resize(index + 1);
        out.assignment[index] = assignment.broker_ids;
    }
    for (const auto& config : topic.configs) out.configs[config.name] = config.value.value_or("");
    return out;
}

// CreateTopics v5+ tells the client what it got: partitions, replication factor and configs, the
// same entries (names, values, sources) as a DescribeConfigs of the new topic would list.
void describe_created(RequestContext& ctx, const NewTopic& topic, Response::CreatableTopicResult& result) {
    const auto resolved = ctx.services.admin.resolve(topic);
    result.num_partitions = resolved.partitions;
    result.replication_factor = resolved.replication_factor;
    std::vector<Response::CreatableTopicConfigs> configs;
    for (const auto& config : describe_topic_configs(ctx.state().config, topic.configs)) {
        const std::optional<std::string> value =
            config.sensitive ? std::nullopt : std::optional<std::string>(config.value);
        configs.push_back({config.name,
                           value,
                           config.read_only,
                           static_cast<std::int8_t>(config.source),
                           config.sensitive,
                           {}});
    }
    result.configs = std::move(configs);
}

}  // namespace

void create_topics(RequestContext& ctx, const Request& request) {
    std::map<std::string, int> mentions;
    for (const auto& topic : request.topics) ++mentions[topic.name];

    // Checked topics are created together at the end, with one metadata write for all of them.
    Response response;
    std::vector<NewTopic> creatable;
    std::vector<std::size_t> creatable_at;
    for (const auto& topic : request.topics) {
        Response::CreatableTopicResult result;
        result.name = topic.name;
        result.error_message = std::nullopt;
        if (mentions[topic.name] > 1) {
            result.error_code = errors::kInvalidRequest;
            result.error_message =
                "Create topics request contains multiple entries for the topic " + topic.name;
            response.topics.push_back(std::move(result));
            continue;
        }
        if (!topic.assignments.empty()) {
            // Assignments must name partitions 0..n-1 exactly once each.
            std::vector<bool> seen(topic.assignments.size(), false);
            bool valid = true;
            for (const auto& assignment : topic.assignments) {
                const auto index = assignment.partition_index;
                if (index < 0 || static_cast<std::size_t>(index) >= seen.size() ||
                    seen[static_cast<std::size_t>(index)]) {
                    valid = false;
                    break;
                }
                seen[static_cast<std::size_t>(index)] = true;
            }
            if (!valid) {
                result.error_code = errors::kInvalidReplicaAssignment;
                result.error_message = "Replica assignment partitions must be numbered 0 to " +
                                       std::to_string(topic.assignments.size() - 1) + ", each once.";
                response.topics.push_back(std::move(result));
                continue;
            }
        }
        creatable.push_back(to_new_topic(topic));
        creatable_at.push_back(response.topics.size());
        response.topics.push_back(std::move(result));
    }
    const auto outcomes = ctx.services.admin.create_topics(creatable, request.validate_only);
    for (std::size_t i = 0; i < creatable.size(); ++i) {
        auto& result = response.topics[creatable_at[i]];
        result.error_code = outcomes[i].error_code;
        if (!outcomes[i].ok()) {
            result.error_message = outcomes[i].message;
            continue;
        }
        if (const auto* created = ctx.state().topic(result.name); created && !request.validate_only)
            result.topic_id = created->id;
        if (ctx.version() >= 5) describe_created(ctx, creatable[i], result);
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
