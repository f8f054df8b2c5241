// The Kafka listener of one broker: accepts connections on the broker's port and keeps track of
// them, so that stopping the broker can close its listener and every connection it accepted.
#pragma once

#include <asio.hpp>
#include <map>
#include <memory>
#include <string>
#include <system_error>

#include "broker/core/cluster_state.h"
#include "broker/core/connection.h"

namespace tideline::broker {

class BrokerListener {
public:
    BrokerListener(asio::io_context& io, BrokerState& broker, std::int32_t max_frame_size,
                   Connection::FrameHandler on_frame);
    ~BrokerListener();

    // Binds host:port of the broker. Returns a message naming the port when that fails.
    std::string listen(const std::string& host);
    void start_accepting();
    // Closes the listener and all connections; listen() may be called again afterwards.
    void stop();
    bool listening() const { return acceptor_.is_open(); }

private:
    void accept_next();

    asio::io_context& io_;
    BrokerState& broker_;
    std::int32_t max_frame_size_;
    Connection::FrameHandler on_frame_;
    asio::ip::tcp::acceptor acceptor_;
    // Weak: a connection lives as long as its pending I/O and answers; this map only finds it.
    std::map<Connection*, std::weak_ptr<Connection>> connections_;
};

}  // namespace tideline::broker
