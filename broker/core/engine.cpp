#include "broker/core/engine.h"

#include <pthread.h>
#include <spdlog/spdlog.h>
#include <csignal>
#include <iostream>

#include "broker/core/control_token.h"
#include "broker/core/leadership.h"
#include "broker/core/metadata_file.h"
#include "broker/core/random_ids.h"
#include "broker/storage/atomic_file.h"
#include "frame.h"

namespace tideline::broker {
namespace {

// The control API only ever listens on loopback: its token is the only thing guarding it.
constexpr const char* kControlHost = "127.0.0.1";
// Written last by a clean shutdown, after every log was synced, and removed at start before anything
// is written: while it is there, the active segments need not be checked batch by batch.
constexpr const char* kCleanShutdownFileName = ".clean-shutdown";

std::map<std::string, std::string> sasl_passwords(const ClusterOptions& options) {
    std::map<std::string, std::string> passwords;
    for (const auto& user : options.saslUsers) passwords[user.name] = user.password;
    return passwords;
}

}  // namespace

Engine::Engine(ClusterOptions options)
    : options_(std::move(options)),
      work_(asio::make_work_guard(io_)),
      signals_(io_),
      admin_(state_),
      fetches_(io_),
      idempotence_(state_),
      sasl_(sasl_passwords(options_)),
      retention_(io_, state_),
      replicas_(io_, state_, fetches_),
      groups_(io_, state_, admin_, fetches_, replicas_),
      services_{io_, state_, admin_, fetches_, replicas_, idempotence_, sasl_, groups_},
      router_(services_) {}

Engine::~Engine() = default;

std::optional<Engine::StartError> Engine::prepare() {
    state_.config = BrokerConfig::with_defaults(options_.brokers);
    for (const auto& [name, value] : options_.settings) state_.config.set(name, value);
    if (auto error = state_.config.validate(); !error.empty())
        return StartError{exit_codes::kStartFailed, error};

    lock_ = std::make_unique<DataDirLock>(options_.dataDir);
    if (!lock_->ok()) return StartError{exit_codes::kDataDirInUse, lock_->error()};
    const auto token = load_or_create_control_token(options_.dataDir);
    if (token.token.empty()) return StartError{exit_codes::kStartFailed, token.error};

    state_.data_dir = options_.dataDir;
    for (int i = 0; i < options_.brokers; ++i) {
        state_.brokers.push_back(
            {i + 1, options_.host, static_cast<std::uint16_t>(options_.port + i), true, {}});
    }
    if (auto error = load_metadata(state_); !error.empty())
        return StartError{exit_codes::kStartFailed, error};
    if (state_.cluster_id.empty()) state_.cluster_id = uuid_to_base64(random_uuid());
    const auto clean_marker = state_.data_dir / kCleanShutdownFileName;
    std::error_code ec;
    const bool clean = std::filesystem::exists(clean_marker, ec);
    if (auto error = admin_.open_all_logs(clean); !error.empty())
        return StartError{exit_codes::kStartFailed, error};
    groups_.load();
    if (clean) {
        if (auto error = storage::remove_file(clean_marker))
            return StartError{exit_codes::kStartFailed, error->message};
        if (auto error = storage::sync_directory(state_.data_dir))
            return StartError{exit_codes::kStartFailed, error->message};
    }
    // Written at once: the cluster id must not change once a client has seen it, and recovery may
    // have moved leaders.
    if (auto error = save_metadata(state_); !error.empty())
        return StartError{exit_codes::kStartFailed, error};

    ControlCommands commands{
        [this] { return cluster_status(); },
        [this] { shutdown(); },
        [this](std::int32_t id) { return stop_broker(id); },
        [this](std::int32_t id) { return start_broker(id); },
    };
    control_ = std::make_unique<ControlApi>(io_, token.token, std::move(commands));
    return std::nullopt;
}

std::optional<Engine::StartError> Engine::open_listeners() {
    const auto max_frame = std::min(state_.config.socket_request_max_bytes(), protocol::kMaxFrameSize);
    auto on_frame = [this](const std::shared_ptr<Connection>& connection, std::vector<std::uint8_t> frame) {
        router_.handle_frame(connection, std::move(frame));
    };
    for (auto& broker : state_.brokers) {
        auto listener = std::make_unique<BrokerListener>(io_, broker, max_frame, on_frame);
        if (auto error = listener->listen(options_.host); !error.empty()) {
            const bool in_use = error.find("already in use") != std::string::npos;
            return StartError{in_use ? exit_codes::kPortInUse : exit_codes::kStartFailed, error};
        }
        listeners_.push_back(std::move(listener));
    }
    if (auto error = control_->bind(kControlHost, options_.controlPort); !error.empty()) {
        const bool in_use = error.find("already in use") != std::string::npos;
        return StartError{in_use ? exit_codes::kPortInUse : exit_codes::kStartFailed, error};
    }
    for (auto& listener : listeners_) listener->start_accepting();
    return std::nullopt;
}

void Engine::announce_ready() {
    for (const auto& broker : state_.brokers) {
        std::cout << "broker " << broker.id << " ready at " << broker.host << ":" << broker.port << "\n";
    }
    std::cout << "control api ready at " << kControlHost << ":" << options_.controlPort << "\n";
    std::cout << "cluster ready" << std::endl;
    spdlog::info("cluster {} ready: {} broker(s), data in {}", state_.cluster_id, state_.brokers.size(),
                 state_.data_dir.string());
    if (sasl_.enabled()) spdlog::info("Kafka listeners require SASL/PLAIN (SASL_PLAINTEXT)");
}

int Engine::run() {
    // Caught from here on, so that a signal during a long log recovery still ends in a clean shutdown
    // (handled once the loop runs) instead of killing the process mid-write.
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    std::optional<StartError> error = prepare();
    if (!error) error = open_listeners();
    if (error) {
        std::cerr << "tideline-broker: " << error->message << std::endl;
        return error->exit_code;
    }
    signals_.async_wait([this](std::error_code ec, int signal) {
        if (ec) return;
        spdlog::info("signal {}: shutting down", signal);
        shutdown();
    });
    asio::post(io_, [this] { announce_ready(); });
    retention_.start();
    asio::post(io_, [this] { replicas_.start(); });
    control_->start();

    std::thread loop([this] {
        pthread_setname_np(pthread_self(), "broker-loop");
        for (;;) {
            try {
                io_.run();
                return;
            } catch (const std::exception& failure) {
                // Handlers catch their own failures; anything that still gets here is logged and the
                // loop goes on, because one bad request must not take the cluster down.
                spdlog::error("event loop: {}", failure.what());
            }
        }
    });
    loop.join();

    // The loop is gone: from here on the main thread owns the state.
    control_->stop();
    listeners_.clear();
    bool synced = true;
    for (auto& [name, topic] : state_.topics) {
        for (auto& partition : topic.partitions) {
            for (auto& [broker_id, log] : partition.logs) {
                if (auto failure = log->flush()) {
                    spdlog::error("flushing {}: {}", log->dir().string(), failure->message);
                    synced = false;
                }
            }
        }
    }
    if (auto failure = save_metadata(state_); !failure.empty()) {
        spdlog::error("saving metadata: {}", failure);
        synced = false;
    }
    if (synced) {
        if (auto failure = storage::write_file_atomically(state_.data_dir / kCleanShutdownFileName, ""))
            spdlog::warn("{}: the next start checks every log in full", failure->message);
    }
    spdlog::info("cluster stopped");
    return exit_codes::kOk;
}

void Engine::shutdown() {
    if (stopping_) return;
    stopping_ = true;
    for (auto& listener : listeners_) listener->stop();
    fetches_.release_all();
    groups_.release_all();
    retention_.stop();
    replicas_.stop();
    std::error_code ignored;
    signals_.cancel(ignored);
    work_.reset();
    io_.stop();
}

void Engine::persist_leadership(const std::vector<TopicPartition>& changed) {
    if (changed.empty()) return;
    if (auto error = save_metadata(state_); !error.empty()) spdlog::error("saving metadata: {}", error);
    replicas_.partitions_changed(changed);
}

}  // namespace tideline::broker
