// The HTTP control API (cpp-httplib) on its own thread, bound to 127.0.0.1 only. Every request
// needs `Authorization: Bearer <token>`. Handlers never touch cluster state: they run Commands on
// the event loop and wait for the answer.
//
//     GET  /v1/cluster              cluster id, controller, brokers with state and counters
//     POST /v1/shutdown             stops the whole cluster
//     POST /v1/brokers/{id}/stop    closes that broker's listener and connections; leaders move
//     POST /v1/brokers/{id}/start   listens again; its replicas catch up and rejoin the ISR
#pragma once

#include <asio.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace tideline::broker {

struct ControlCommands {
    std::function<nlohmann::json()> cluster;
    std::function<void()> shutdown;
    // Both return an HTTP status and a JSON body.
    std::function<std::pair<int, nlohmann::json>(std::int32_t)> stop_broker;
    std::function<std::pair<int, nlohmann::json>(std::int32_t)> start_broker;
};

class ControlApi {
public:
    ControlApi(asio::io_context& loop, std::string token, ControlCommands commands);
    ~ControlApi();
    ControlApi(const ControlApi&) = delete;
    ControlApi& operator=(const ControlApi&) = delete;

    // Returns a message naming the port when binding fails, empty on success.
    std::string bind(const std::string& host, int port);
    void start();
    void stop();

private:
    void add_routes();

    asio::io_context& loop_;
    std::string token_;
    ControlCommands commands_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
};

}  // namespace tideline::broker
