// The answer side of one request: fills the request's slot on its connection exactly once. A
// handler may answer at once or move the Responder somewhere and answer later (Fetch waiting for
// data). Dropping it unanswered closes the connection, since every later answer would otherwise
// wait behind the empty slot forever.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api_catalog.h"
#include "broker/core/connection.h"

namespace tideline::broker {

class Responder {
public:
    Responder(std::shared_ptr<Connection> connection, std::uint64_t slot, std::int32_t correlation_id,
              std::int16_t api_key, std::int16_t api_version);
    Responder(Responder&& other) noexcept;
    Responder& operator=(Responder&& other) noexcept;
    Responder(const Responder&) = delete;
    Responder& operator=(const Responder&) = delete;
    ~Responder();

    // Encodes at the request's version. An answer the version cannot carry is a broker bug: it is
    // logged and the connection closed rather than sending something the client would misread.
    void send(const protocol::AnyResponse& response);
    // For requests Kafka does not answer (Produce with acks=0).
    void send_nothing();
    void close_connection(const std::string& reason);

    bool answered() const { return !connection_; }
    bool connection_open() const { return connection_ && connection_->is_open(); }
    std::int16_t api_version() const { return api_version_; }
    // The client's address ("host:port"), empty once answered.
    std::string peer() const { return connection_ ? connection_->peer() : std::string(); }

private:
    std::shared_ptr<Connection> connection_;  // null once answered
    std::uint64_t slot_ = 0;
    std::int32_t correlation_id_ = 0;
    std::int16_t api_key_ = 0;
    std::int16_t api_version_ = 0;
};

}  // namespace tideline::broker
