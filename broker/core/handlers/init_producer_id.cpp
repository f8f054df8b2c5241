// InitProducerId: idempotent producers get a producer id and epoch. Transactions are not served,
// so a transactional id is refused rather than silently treated as a plain idempotent producer.
#include <spdlog/spdlog.h>

#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

constexpr std::int16_t kUnsupportedVersion = 35;

}  // namespace

void init_producer_id(RequestContext& ctx, const protocol::InitProducerIdRequest& request) {
    protocol::InitProducerIdResponse response;
    if (request.transactional_id && !request.transactional_id->empty()) {
        spdlog::info(
            "broker {}: InitProducerId for transactional id '{}' refused: transactions are not "
            "supported",
            ctx.broker.id, *request.transactional_id);
        response.error_code = kUnsupportedVersion;
        ctx.responder.send(response);
        return;
    }
    // Only v3+ carries an existing id and epoch; older versions always ask for a new producer.
    const bool has_id = ctx.version() >= 3;
    const auto grant = ctx.services.idempotence.init_producer(has_id ? request.producer_id : -1,
                                                              has_id ? request.producer_epoch : -1);
    response.error_code = grant.error_code;
    response.producer_id = grant.producer_id;
    response.producer_epoch = grant.producer_epoch;
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
