#include "broker/core/random_ids.h"

#include <random>

namespace tideline::broker {
namespace {

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::random_device& entropy() {
    static std::random_device device;
    return device;
}

int base64_value(char c) {
    for (int i = 0; i < 64; ++i) {
        if (kBase64Url[i] == c) return i;
    }
    return -1;
}

}  // namespace

protocol::Uuid random_uuid() {
    protocol::Uuid uuid{};
    do {
        for (auto& byte : uuid) byte = static_cast<std::uint8_t>(entropy()() & 0xff);
        uuid[6] = static_cast<std::uint8_t>((uuid[6] & 0x0f) | 0x40);
        uuid[8] = static_cast<std::uint8_t>((uuid[8] & 0x3f) | 0x80);
    } while (uuid == protocol::Uuid{});
    return uuid;
}

std::string uuid_to_base64(const protocol::Uuid& uuid) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (auto byte : uuid) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kBase64Url[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0) out += kBase64Url[(buffer << (6 - bits)) & 0x3f];
    return out;
}

std::optional<protocol::Uuid> uuid_from_base64(const std::string& text) {
    if (text.size() != 22) return std::nullopt;
    protocol::Uuid uuid{};
    std::uint32_t buffer = 0;
    int bits = 0;
    std::size_t at = 0;
    for (char c : text) {
        const int value = base64_value(c);
        if (value < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (at < uuid.size()) uuid[at++] = static_cast<std::uint8_t>((buffer >> bits) & 0xff);
        }
    }
    return uuid;
}

std::string random_hex(std::size_t bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) {
        const auto byte = entropy()() & 0xff;
        out += kHex[byte >> 4];
        out += kHex[byte & 0x0f];
    }
    return out;
}

}  // namespace tideline::broker
