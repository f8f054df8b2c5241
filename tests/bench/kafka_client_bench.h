// The client side of the figures, through librdkafka's C API: produce throughput and produce
// latency (topics are created with tests/scale/kafka_populate.h).
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

}  // namespace tideline::bench
