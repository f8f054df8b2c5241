// A stand-in Kafka broker for interop tests: it listens on 127.0.0.1, cuts what real clients send
// into frames, decodes every frame with our codec and keeps the result, and answers only as much
// (ApiVersions, Metadata, Produce, InitProducerId) as a client needs to carry on sending. It stores
// nothing: its only purpose is to show that real clients' bytes decode and our answers are accepted.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "frame.h"
#include "supported_versions.h"

namespace tideline::testing {

struct CapturedRequest {
    int connection = 0;  // which accepted connection it came on, counting from 1
    std::int16_t api_key = -1;
    std::int16_t api_version = -1;
    std::int32_t correlation_id = -1;
    std::optional<std::string> client_id;
    std::size_t trailing_bytes = 0;
    protocol::Bytes frame;  // as received, without the size prefix
    // Empty only for an ApiVersions request at a version we do not serve: that is the version
    // negotiation Kafka defines (answered with UNSUPPORTED_VERSION), not a decode failure.
    std::optional<protocol::DecodedRequest> decoded;

    template <typename T>
    const T* body() const {
        return decoded ? std::get_if<T>(&decoded->body) : nullptr;
    }
};

struct WirePeerOptions {
    // What an all-topics Metadata request gets; requested topics are always answered as existing.
    std::vector<std::string> topics = {"tl-alpha", "tl-beta"};
    int partitions = 1;
    std::string cluster_id = "tideline-wire-peer";
    std::int64_t producer_id = 4242;  // handed out by InitProducerId
};

class WirePeer {
public:
    explicit WirePeer(WirePeerOptions options = {});
    ~WirePeer();
    WirePeer(const WirePeer&) = delete;
    WirePeer& operator=(const WirePeer&) = delete;

    // False when the listener could not be set up; start_error() says why.
    bool ok() const { return listen_fd_ >= 0; }
    const std::string& start_error() const { return start_error_; }
    std::uint16_t port() const { return port_; }
    std::string bootstrap() const { return "127.0.0.1:" + std::to_string(port_); }

    std::vector<CapturedRequest> requests() const;
    std::vector<CapturedRequest> requests(std::int16_t api_key) const;
    // Frames that failed to decode, bad size prefixes, responses that failed to encode.
    std::vector<std::string> errors() const;
    int connections_accepted() const;
    // One line per request seen ("Metadata v4 on connection 2"), for failure messages.
    std::string summary() const;

    // Blocks until `count` requests with `api_key` were seen, or the timeout passes.
    bool wait_for_requests(std::int16_t api_key, std::size_t count, std::chrono::milliseconds timeout) const;

private:
    struct Connection;

    void run();
    void accept_all(std::vector<Connection>& connections);
    void read_available(Connection& connection);
    void handle_frames(Connection& connection);
    void handle_frame(Connection& connection, protocol::Bytes frame);
    std::optional<protocol::AnyResponse> answer(const protocol::DecodedRequest& request);
    void record_error(std::string message);

    WirePeerOptions options_;
    int listen_fd_ = -1;
    int wake_fds_[2] = {-1, -1};  // a pipe: writing to it breaks the I/O thread out of poll()
    std::uint16_t port_ = 0;
    std::string start_error_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    int next_connection_id_ = 1;                                                 // I/O thread only
    std::map<std::pair<std::string, std::int32_t>, std::int64_t> next_offsets_;  // I/O thread only

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::vector<CapturedRequest> requests_;
    std::vector<std::string> errors_;
    int connections_accepted_ = 0;
};

}  // namespace tideline::testing
