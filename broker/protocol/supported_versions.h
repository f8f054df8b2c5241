// The one table of what the broker serves: per API key, the version range it accepts.
// decode_request() checks every request against it; ApiVersions answers are built from it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace tideline::protocol {

struct SupportedApi {
    std::int16_t key;
    std::int16_t min_version;  // decoding accepts min_version..max_version
    std::int16_t max_version;
    // What ApiVersions announces as the minimum. Only Produce differs: librdkafka (up to 2.8) turns
    // off gzip, snappy and lz4 unless a broker announces Produce v0, so we announce v0 and still
    // refuse v0-2, as Apache Kafka 4.0 does (KAFKA-18659).
    std::int16_t advertised_min_version;
};

std::span<const SupportedApi> supported_apis();
std::optional<SupportedApi> supported_api(std::int16_t key);

}  // namespace tideline::protocol
