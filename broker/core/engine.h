// The whole tideline-broker process: N brokers of one cluster on one event-loop thread.
//
// Threads: the main thread prepares everything (data dir lock, metadata, logs, listeners), then
// starts the event-loop thread ("broker-loop"), which from then on is the only one to touch
// cluster state, and the control API thread, which posts its work to the loop. After the loop
// has ended the main thread owns the state again and closes it down.
#pragma once

#include <asio.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "broker/core/broker_listener.h"
#include "broker/core/cluster_options.h"
#include "broker/core/cluster_state.h"
#include "broker/core/control_api.h"
#include "broker/core/data_dir_lock.h"
#include "broker/core/fetch_waiters.h"
#include "broker/core/groups/group_coordinator.h"
#include "broker/core/idempotence.h"
#include "broker/core/log_retention.h"
#include "broker/core/replica_fetcher.h"
#include "broker/core/request_router.h"
#include "broker/core/topic_admin.h"

namespace tideline::broker {

// Process exit codes, so that scripts and the console can tell the usual failures apart.
namespace exit_codes {
inline constexpr int kOk = 0;
inline constexpr int kStartFailed = 1;
inline constexpr int kBadOptions = 2;
inline constexpr int kDataDirInUse = 3;
inline constexpr int kPortInUse = 4;
}  // namespace exit_codes

class Engine {
public:
    explicit Engine(ClusterOptions options);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Runs the cluster until SIGINT, SIGTERM or POST /v1/shutdown; returns the exit code.
    int run();

private:
    struct StartError {
        int exit_code = exit_codes::kStartFailed;
        std::string message;
    };

    std::optional<StartError> prepare();
    std::optional<StartError> open_listeners();
    void announce_ready();
    void shutdown();  // on the loop
    void persist_leadership(const std::vector<TopicPartition>& changed);

    // Control commands, run on the loop.
    nlohmann::json cluster_status() const;
    std::pair<int, nlohmann::json> stop_broker(std::int32_t id);
    std::pair<int, nlohmann::json> start_broker(std::int32_t id);

    ClusterOptions options_;
    std::unique_ptr<DataDirLock> lock_;
    ClusterState state_;
    // Declared after the state, so destroyed before it: pending handlers may still refer to it.
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    asio::signal_set signals_;
    TopicAdmin admin_;
    FetchWaiters fetches_;
    Idempotence idempotence_;
    SaslLogins sasl_;
    LogRetention retention_;
    ReplicaFetcher replicas_;
    GroupCoordinator groups_;
    BrokerServices services_;
    RequestRouter router_;
    std::vector<std::unique_ptr<BrokerListener>> listeners_;
    std::unique_ptr<ControlApi> control_;
    bool stopping_ = false;
};

}  // namespace tideline::broker
