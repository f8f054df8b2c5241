// The client side of the figures, through librdkafka's C API: topic creation with the Admin API,
// produce throughput and produce latency.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tideline::bench {

struct ProduceRun {
    std::string bootstrap;
    std::string topic;
    std::size_t record_size = 1024;
    std::uint64_t total_bytes = 0;  // of record values
    std::string acks = "1";
};

struct ProduceResult {
    double mb_per_s = 0;  // 10^6 bytes of record values per second, until every record is acknowledged
    std::uint64_t records = 0;
};

// Produces as fast as librdkafka's queue takes records and waits until all are acknowledged.
// nullopt (with a message on stderr) when any record failed.
std::optional<ProduceResult> produce_throughput(const ProduceRun& run);

struct LatencyResult {
    double p50_ms = 0;
    double p99_ms = 0;
    std::uint64_t records = 0;
};

// Sends `rate` records per second, one at a time (linger.ms=0), for `seconds`, and measures each one
// from the produce call to its delivery report.
std::optional<LatencyResult> produce_latency(const ProduceRun& run, int rate, double seconds);

// CreateTopics through the Admin API, `per_request` topics per request. False on any error.
bool create_topics(const std::string& bootstrap, const std::vector<std::string>& names, int partitions,
                   int replication_factor, std::size_t per_request = 1000);

}  // namespace tideline::bench
