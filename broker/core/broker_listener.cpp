#include "broker/core/broker_listener.h"

#include <spdlog/spdlog.h>
#include <vector>

namespace tideline::broker {

BrokerListener::BrokerListener(asio::io_context& io, BrokerState& broker, std::int32_t max_frame_size,
                               Connection::FrameHandler on_frame)
    : io_(io),
      broker_(broker),
      max_frame_size_(max_frame_size),
      on_frame_(std::move(on_frame)),
      acceptor_(io) {}

BrokerListener::~BrokerListener() { stop(); }

std::string BrokerListener::listen(const std::string& host) {
    const auto where =
        host + ":" + std::to_string(broker_.port) + " (broker " + std::to_string(broker_.id) + ")";
    std::error_code ec;
    asio::ip::tcp::resolver resolver(io_);
    const auto endpoints =
        resolver.resolve(host, std::to_string(broker_.port), asio::ip::resolver_base::passive, ec);
    if (ec || endpoints.empty()) return "cannot resolve " + host + ": " + ec.message();
    const auto endpoint = endpoints.begin()->endpoint();

    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        std::error_code ignored;
        acceptor_.close(ignored);
        if (ec == asio::error::address_in_use) {
            return "cannot listen on " + where + ": port " + std::to_string(broker_.port) +
                   " is already in use";
        }
        return "cannot listen on " + where + ": " + ec.message();
    }
    return {};
}

void BrokerListener::start_accepting() { accept_next(); }

void BrokerListener::accept_next() {
    if (!acceptor_.is_open()) return;
    acceptor_.async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (!ec) {
            auto connection =
                std::make_shared<Connection>(std::move(socket), broker_, max_frame_size_, on_frame_,
                                             [this](Connection* closed) { connections_.erase(closed); });
            connections_[connection.get()] = connection;
            connection->start();
        } else {
            // Out of file descriptors and the like: keep the listener, the next accept may work.
            spdlog::warn("broker {}: accept failed: {}", broker_.id, ec.message());
        }
        accept_next();
    });
}

void BrokerListener::stop() {
    std::error_code ec;
    acceptor_.close(ec);
    std::vector<std::shared_ptr<Connection>> open;
    for (auto& [raw, weak] : connections_) {
        if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
    for (auto& connection : open) connection->close("broker stopped");
    connections_.clear();
}

}  // namespace tideline::broker
