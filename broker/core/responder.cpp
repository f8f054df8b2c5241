#include "broker/core/responder.h"

#include <spdlog/spdlog.h>

#include "frame.h"

namespace tideline::broker {

Responder::Responder(std::shared_ptr<Connection> connection, std::uint64_t slot, std::int32_t correlation_id,
                     std::int16_t api_key, std::int16_t api_version)
    : connection_(std::move(connection)),
      slot_(slot),
      correlation_id_(correlation_id),
      api_key_(api_key),
      api_version_(api_version) {}

Responder::Responder(Responder&& other) noexcept
    : connection_(std::move(other.connection_)),
      slot_(other.slot_),
      correlation_id_(other.correlation_id_),
      api_key_(other.api_key_),
      api_version_(other.api_version_) {}

Responder& Responder::operator=(Responder&& other) noexcept {
    if (this != &other) {
        if (connection_) close_connection("request dropped unanswered");
        connection_ = std::move(other.connection_);
        slot_ = other.slot_;
        correlation_id_ = other.correlation_id_;
        api_key_ = other.api_key_;
        api_version_ = other.api_version_;
    }
    return *this;
}

Responder::~Responder() {
    if (connection_) close_connection("request dropped unanswered");
}

void Responder::send(const protocol::AnyResponse& response) {
    if (!connection_) return;
    try {
        auto frame = protocol::encode_response(correlation_id_, api_key_, api_version_, response);
        auto connection = std::move(connection_);
        connection->fill_slot(slot_, std::move(frame));
    } catch (const protocol::EncodeFailure& failure) {
        spdlog::error("cannot encode the answer to API {} v{}: {}", api_key_, api_version_, failure.what());
        close_connection("answer could not be encoded");
    }
}

void Responder::send_nothing() {
    if (!connection_) return;
    auto connection = std::move(connection_);
    connection->fill_slot(slot_, {});
}

void Responder::close_connection(const std::string& reason) {
    if (!connection_) return;
    auto connection = std::move(connection_);
    connection->close(reason);
}

}  // namespace tideline::broker
