// SaslHandshake and SaslAuthenticate (PLAIN), and the gate in front of every other request on a
// SASL listener: Kafka serves nothing but ApiVersions and the SASL exchange until a connection
// has authenticated, and closes connections that try.
#include <spdlog/spdlog.h>

#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

using Stage = SaslSession::Stage;

bool is_api(std::int16_t key, protocol::ApiKey api) { return key == static_cast<std::int16_t>(api); }

}  // namespace

bool sasl_before_decode(BrokerServices& services, const std::shared_ptr<Connection>& connection,
                        const std::vector<std::uint8_t>& frame) {
    if (!services.sasl.enabled()) return false;
    auto& session = connection->sasl();
    if (session.stage == Stage::Failed) {
        connection->close("request after failed SASL authentication");
        return true;
    }
    if (session.stage != Stage::RawToken) return false;
    // After a v0 handshake the token travels bare; success is answered with an empty token and a
    // wrong login by closing the connection, as Kafka does.
    const auto result = services.sasl.check_plain(frame);
    if (!result.ok) {
        spdlog::info("broker {}: SASL/PLAIN login from {} refused: {}", connection->broker_id(),
                     connection->peer(), result.message);
        connection->close(result.message);
        return true;
    }
    session.stage = Stage::Done;
    session.user = result.user;
    connection->fill_slot(connection->open_slot(), {0, 0, 0, 0});
    return true;
}

bool sasl_allows(const BrokerServices& services, const SaslSession& session, std::int16_t api_key) {
    if (!services.sasl.enabled() || session.stage == Stage::Done) return true;
    if (is_api(api_key, protocol::ApiKey::ApiVersions)) return true;
    if (session.stage == Stage::Handshake) return is_api(api_key, protocol::ApiKey::SaslHandshake);
    if (session.stage == Stage::Authenticate) return is_api(api_key, protocol::ApiKey::SaslAuthenticate);
    return false;
}

void sasl_handshake(RequestContext& ctx, const protocol::SaslHandshakeRequest& request) {
    protocol::SaslHandshakeResponse response;
    response.mechanisms = {kPlainMechanism};
    if (!ctx.services.sasl.enabled() || ctx.sasl.stage != Stage::Handshake) {
        // A plaintext listener, or a second handshake on an authenticated connection.
        response.error_code = kIllegalSaslState;
        ctx.responder.send(response);
        return;
    }
    if (request.mechanism != kPlainMechanism) {
        response.error_code = kUnsupportedSaslMechanism;
        ctx.sasl.stage = Stage::Failed;
        ctx.responder.send(response);
        return;
    }
    ctx.sasl.stage = ctx.version() == 0 ? Stage::RawToken : Stage::Authenticate;
    ctx.responder.send(response);
}

void sasl_authenticate(RequestContext& ctx, const protocol::SaslAuthenticateRequest& request) {
    protocol::SaslAuthenticateResponse response;
    response.error_message = std::nullopt;
    if (!ctx.services.sasl.enabled() || ctx.sasl.stage != Stage::Authenticate) {
        response.error_code = kIllegalSaslState;
        response.error_message = ctx.services.sasl.enabled()
                                     ? "SaslAuthenticate request received after successful authentication"
                                     : "SaslAuthenticate request received on a listener without SASL";
        ctx.responder.send(response);
        return;
    }
    const auto result = ctx.services.sasl.check_plain(request.auth_bytes);
    if (!result.ok) {
        spdlog::info("broker {}: SASL/PLAIN login refused: {}", ctx.broker.id, result.message);
        ctx.sasl.stage = Stage::Failed;
        response.error_code = kSaslAuthenticationFailed;
        response.error_message = result.message;
        ctx.responder.send(response);
        return;
    }
    ctx.sasl.stage = Stage::Done;
    ctx.sasl.user = result.user;
    spdlog::debug("broker {}: {} authenticated with SASL/PLAIN", ctx.broker.id, result.user);
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
