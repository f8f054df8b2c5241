// CRC-32C (Castagnoli), the checksum of Kafka record batches (magic v2).
#pragma once

#include <cstdint>
#include <span>

namespace tideline::protocol {

// Standard CRC-32C (reflected polynomial 0x82F63B78, initial and final value 0xFFFFFFFF).
// Incremental: crc32c(b, crc32c(a)) == crc32c(a followed by b), so a checksum can be built
// over data that arrives in pieces. The seed is a previous result, not a raw register value.
std::uint32_t crc32c(std::span<const std::uint8_t> data, std::uint32_t seed = 0);

}  // namespace tideline::protocol
