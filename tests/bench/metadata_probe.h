// A bare Metadata request over a plain socket, for timings that must not include a client library's
// reconnect backoff or bookkeeping: cold start (connect as soon as the port opens) and the time to
// answer Metadata for every topic.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace tideline::bench {

struct MetadataAnswer {
    int brokers = 0;
    int topics = 0;
    std::int64_t partitions = 0;
    std::size_t bytes = 0;
};

// Connects to 127.0.0.1:port (retrying while it is refused, until the deadline), sends Metadata v1
// for all topics and reads and decodes the whole answer. nullopt on timeout or a malformed answer.
std::optional<MetadataAnswer> probe_metadata(int port, std::chrono::milliseconds timeout);

}  // namespace tideline::bench
