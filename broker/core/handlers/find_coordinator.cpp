// FindCoordinator: a group's coordinator is the leader of its `__consumer_offsets` partition. The
// topic is created on the first lookup; v4 looks up several keys at once.
#include "broker/core/groups/group_coordinator.h"
#include "broker/core/groups/group_errors.h"
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

namespace ge = group_errors;
using Response = protocol::FindCoordinatorResponse;

constexpr std::int8_t kGroupKey = 0;
constexpr std::int8_t kTransactionKey = 1;

Response::Coordinator failed(const std::string& key, std::int16_t error, std::string message) {
    return {key, -1, "", -1, error, std::move(message), {}};
}

Response::Coordinator lookup(RequestContext& ctx, std::int8_t key_type, const std::string& key) {
    if (key_type == kTransactionKey) {
        // No transaction coordinator runs here; clients treat this as "not yet" and give up after
        // their own timeout, as against a cluster whose transaction state topic is unavailable.
        return failed(key, ge::kCoordinatorNotAvailable,
                      "Transactions are not supported by tideline-broker: no transaction coordinator.");
    }
    if (key_type != kGroupKey) {
        return failed(key, ge::kInvalidRequest, "Unknown coordinator type " + std::to_string(key_type) + ".");
    }
    auto& topic = ctx.services.groups.offsets_topic();
    if (!topic.exists()) {
        if (auto error = topic.create(); error != ge::kNone) {
            return failed(key, error, "The coordinator is not available.");
        }
    }
    const auto* broker = ctx.state().broker(topic.coordinator_for(key));
    if (!broker || !broker->running) {
        return failed(key, ge::kCoordinatorNotAvailable, "The coordinator is not available.");
    }
    return {key, broker->id, broker->host, broker->port, ge::kNone, "NONE", {}};
}

}  // namespace

void find_coordinator(RequestContext& ctx, const protocol::FindCoordinatorRequest& request) {
    Response response;
    if (ctx.version() >= 4) {
        for (const auto& key : request.coordinator_keys) {
            response.coordinators.push_back(lookup(ctx, request.key_type, key));
        }
    } else {
        const auto found = lookup(ctx, ctx.version() == 0 ? kGroupKey : request.key_type, request.key);
        response.error_code = found.error_code;
        response.error_message = found.error_message;
        response.node_id = found.node_id;
        response.host = found.host;
        response.port = found.port;
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
