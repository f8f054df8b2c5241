#include "crc32c.h"

#include <array>
#include <cstddef>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace tideline::protocol {

namespace {

constexpr std::uint32_t kCastagnoliReflected = 0x82F63B78u;

using SlicingTables = std::array<std::array<std::uint32_t, 256>, 8>;

// Slicing-by-8: table k gives the CRC contribution of a byte followed by k zero bytes, so eight
// input bytes fold into the register with eight independent lookups instead of eight dependent
// shift/lookup rounds. Built at compile time so there is no initialisation order to worry about.
constexpr SlicingTables make_tables() {
    SlicingTables tables{};
    for (std::uint32_t byte = 0; byte < 256; ++byte) {
        std::uint32_t crc = byte;
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? kCastagnoliReflected : 0u);
        tables[0][byte] = crc;
    }
    for (std::size_t k = 1; k < tables.size(); ++k) {
        for (std::size_t byte = 0; byte < 256; ++byte) {
            std::uint32_t previous = tables[k - 1][byte];
            tables[k][byte] = (previous >> 8) ^ tables[0][previous & 0xffu];
        }
    }
    return tables;
}

constexpr SlicingTables kTables = make_tables();

static_assert(kTables[0][1] == 0xF26B8303u, "CRC-32C table generation is wrong");

// Assembled byte by byte so the code is independent of host endianness and alignment; compilers
// turn this into a single load on little-endian targets.
inline std::uint32_t load_le32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

#if defined(__x86_64__)
// SSE 4.2 has an instruction for exactly this polynomial, several times faster than the tables; every
// produce and every log recovery checks all bytes with it. Chosen at run time, for older CPUs.
__attribute__((target("sse4.2"))) std::uint32_t crc32c_sse42(const std::uint8_t* p, std::size_t n,
                                                             std::uint32_t crc) {
    std::uint64_t wide = crc;
    while (n >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, sizeof word);
        wide = _mm_crc32_u64(wide, word);
        p += 8;
        n -= 8;
    }
    crc = static_cast<std::uint32_t>(wide);
    while (n-- > 0) crc = _mm_crc32_u8(crc, *p++);
    return crc;
}

const bool kHasSse42 = __builtin_cpu_supports("sse4.2");
#endif

}  // namespace

std::uint32_t crc32c(std::span<const std::uint8_t> data, std::uint32_t seed) {
    std::uint32_t crc = ~seed;
#if defined(__x86_64__)
    if (kHasSse42) return ~crc32c_sse42(data.data(), data.size(), crc);
#endif
    const std::uint8_t* p = data.data();
    std::size_t n = data.size();

    while (n >= 8) {
        std::uint32_t low = load_le32(p) ^ crc;
        std::uint32_t high = load_le32(p + 4);
        crc = kTables[7][low & 0xffu] ^ kTables[6][(low >> 8) & 0xffu] ^ kTables[5][(low >> 16) & 0xffu] ^
              kTables[4][low >> 24] ^ kTables[3][high & 0xffu] ^ kTables[2][(high >> 8) & 0xffu] ^
              kTables[1][(high >> 16) & 0xffu] ^ kTables[0][high >> 24];
        p += 8;
        n -= 8;
    }
    while (n-- > 0) crc = (crc >> 8) ^ kTables[0][(crc ^ *p++) & 0xffu];
    return ~crc;
}

}  // namespace tideline::protocol
