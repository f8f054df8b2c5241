// DescribeCluster: the running brokers and the controller, as the Admin API's describeCluster sees them.
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {

void describe_cluster(RequestContext& ctx, const protocol::DescribeClusterRequest& request) {
    protocol::DescribeClusterResponse response;
    response.error_message = std::nullopt;
    if (ctx.version() >= 1) response.endpoint_type = request.endpoint_type;
    response.cluster_id = ctx.state().cluster_id;
    response.controller_id = ctx.state().controller_id();
    for (const auto& broker : ctx.state().brokers) {
        if (!broker.running) continue;
        response.brokers.push_back({broker.id, broker.host, broker.port, std::nullopt, {}});
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
