// Random identifiers the cluster hands out: cluster ids, topic ids, control API tokens.
#pragma once

#include <optional>
#include <string>

#include "wire.h"

namespace tideline::broker {

// A random (version 4) UUID, never the all-zero one, which Kafka reserves for "no topic id".
protocol::Uuid random_uuid();

// Kafka's printed form of a UUID: URL-safe base64 without padding (22 characters).
std::string uuid_to_base64(const protocol::Uuid& uuid);
std::optional<protocol::Uuid> uuid_from_base64(const std::string& text);

// `bytes` random bytes as lowercase hex, from the OS's random source.
std::string random_hex(std::size_t bytes);

}  // namespace tideline::broker
