// The one table of what the broker serves: per API key, the version range it accepts.
// decode_request() checks every request against it; ApiVersions answers are built from it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace tideline::protocol {

struct SupportedApi {
    std::int16_t key;
    std::int16_t min_version;
    std::int16_t max_version;
};

std::span<const SupportedApi> supported_apis();
std::optional<SupportedApi> supported_api(std::int16_t key);

} // namespace tideline::protocol
