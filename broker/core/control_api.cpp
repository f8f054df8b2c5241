#include "broker/core/control_api.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>

#include "broker/core/loop_call.h"

namespace tideline::broker {
namespace {

void reply(httplib::Response& response, int status, const nlohmann::json& body) {
    response.status = status;
    response.set_content(body.dump(2) + "\n", "application/json");
}

// Compares every byte whatever the input, so response timing does not reveal a token prefix.
bool same_secret(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

// cpp-httplib only says that binding failed; a probe tells "in use" apart from other reasons.
bool port_in_use(const std::string& host, int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
    const bool in_use =
        ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 && errno == EADDRINUSE;
    ::close(fd);
    return in_use;
}

}  // namespace

ControlApi::ControlApi(asio::io_context& loop, std::string token, ControlCommands commands)
    : loop_(loop),
      token_(std::move(token)),
      commands_(std::move(commands)),
      server_(std::make_unique<httplib::Server>()) {
    // A few workers are plenty for one console and some scripts; keep-alive clients each hold one.
    server_->new_task_queue = [] { return new httplib::ThreadPool(4); };
    add_routes();
}

ControlApi::~ControlApi() { stop(); }

void ControlApi::add_routes() {
    server_->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
        const auto header = request.get_header_value("Authorization");
        if (!same_secret(header, "Bearer " + token_)) {
            response.set_header("WWW-Authenticate", "Bearer");
            reply(response, 401,
                  {{"error", "missing or wrong bearer token (see control.token in the data dir)"}});
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    server_->Get("/v1/cluster", [this](const httplib::Request&, httplib::Response& response) {
        auto status = call_on_loop(loop_, commands_.cluster);
        if (!status) return reply(response, 503, {{"error", "the cluster is shutting down"}});
        reply(response, 200, *status);
    });

    server_->Post("/v1/shutdown", [this](const httplib::Request&, httplib::Response& response) {
        asio::post(loop_, commands_.shutdown);
        reply(response, 202, {{"state", "shutting down"}});
    });

    auto broker_command = [this](auto command) {
        return [this, command](const httplib::Request& request, httplib::Response& response) {
            const auto id = std::stoi(request.matches[1].str());
            auto result = call_on_loop(loop_, [this, command, id] { return (commands_.*command)(id); });
            if (!result) return reply(response, 503, {{"error", "the cluster is shutting down"}});
            reply(response, result->first, result->second);
        };
    };
    server_->Post(R"(/v1/brokers/(\d{1,6})/stop)", broker_command(&ControlCommands::stop_broker));
    server_->Post(R"(/v1/brokers/(\d{1,6})/start)", broker_command(&ControlCommands::start_broker));

    server_->set_error_handler([](const httplib::Request&, httplib::Response& response) {
        if (response.body.empty()) {
            reply(response, response.status,
                  {{"error", response.status == 404 ? "no such endpoint" : "bad request"}});
        }
    });
}

std::string ControlApi::bind(const std::string& host, int port) {
    if (server_->bind_to_port(host, port)) return {};
    const auto where = "cannot listen on " + host + ":" + std::to_string(port) + " (control API): ";
    if (port_in_use(host, port)) return where + "port " + std::to_string(port) + " is already in use";
    return where + "the address is not available";
}

void ControlApi::start() {
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "control-api");
        server_->listen_after_bind();
    });
    // httplib's stop() does nothing to a server that is not running yet, and the server would then
    // block in accept() forever: so start() returns only once it runs.
    for (int i = 0; i < 500 && !server_->is_running(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

void ControlApi::stop() {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
}

}  // namespace tideline::broker
