// The control API's commands, run on the event loop (see control_api.h).
#include <spdlog/spdlog.h>

#include "broker/core/engine.h"
#include "broker/core/leadership.h"

namespace tideline::broker {

nlohmann::json Engine::cluster_status() const {
    auto brokers = nlohmann::json::array();
    for (const auto& broker : state_.brokers) {
        brokers.push_back({
            {"id", broker.id},
            {"host", broker.host},
            {"port", broker.port},
            {"state", broker.running ? "running" : "stopped"},
            {"counters",
             {{"bytes_in", broker.counters.bytes_in},
              {"bytes_out", broker.counters.bytes_out},
              {"requests", broker.counters.requests},
              {"connections", broker.counters.connections_open},
              {"connections_total", broker.counters.connections_total}}},
        });
    }
    std::size_t partitions = 0;
    for (const auto& [name, topic] : state_.topics) partitions += topic.partitions.size();
    return {
        {"cluster_id", state_.cluster_id},
        {"controller_id", state_.controller_id()},
        {"brokers", brokers},
        {"topics", state_.topics.size()},
        {"partitions", partitions},
    };
}

std::pair<int, nlohmann::json> Engine::stop_broker(std::int32_t id) {
    auto* broker = state_.broker(id);
    if (!broker) return {404, {{"error", "no broker " + std::to_string(id)}}};
    if (!broker->running) return {409, {{"error", "broker " + std::to_string(id) + " is already stopped"}}};
    listeners_[static_cast<std::size_t>(id - 1)]->stop();
    broker->running = false;
    persist_leadership(on_broker_stopped(state_, id));
    spdlog::info("broker {} stopped", id);
    return {200, {{"id", id}, {"state", "stopped"}}};
}

std::pair<int, nlohmann::json> Engine::start_broker(std::int32_t id) {
    auto* broker = state_.broker(id);
    if (!broker) return {404, {{"error", "no broker " + std::to_string(id)}}};
    if (broker->running) return {409, {{"error", "broker " + std::to_string(id) + " is already running"}}};
    auto& listener = *listeners_[static_cast<std::size_t>(id - 1)];
    if (auto error = listener.listen(options_.host); !error.empty()) return {409, {{"error", error}}};
    listener.start_accepting();
    broker->running = true;
    persist_leadership(on_broker_started(state_, id));
    replicas_.schedule_all();  // its replicas truncate where they diverged and catch up
    spdlog::info("broker {} started", id);
    return {200, {{"id", id}, {"state", "running"}}};
}

}  // namespace tideline::broker
