#include "broker/core/sasl.h"

#include <algorithm>

namespace tideline::broker {
namespace {

// Compares without stopping at the first difference, so the time taken does not tell how much
// of a guessed password was right.
bool same_secret(const std::string& a, const std::string& b) {
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        difference |= static_cast<unsigned char>(x ^ y);
    }
    return difference == 0;
}

}  // namespace

SaslResult SaslLogins::check_plain(std::span<const std::uint8_t> token) const {
    std::vector<std::string> parts(1);
    for (auto byte : token) {
        if (byte == 0) {
            parts.emplace_back();
        } else {
            parts.back().push_back(static_cast<char>(byte));
        }
    }
    if (parts.size() != 3)
        return {
            false, {}, "Invalid SASL/PLAIN response: expected 3 tokens, got " + std::to_string(parts.size())};
    const auto& authzid = parts[0];
    const auto& user = parts[1];
    const auto& password = parts[2];
    if (user.empty()) return {false, {}, "Authentication failed: username not specified"};
    if (password.empty()) return {false, {}, "Authentication failed: password not specified"};
    if (!authzid.empty() && authzid != user) {
        return {
            false,
            {},
            "Authentication failed: Client requested an authorization id that is different from username"};
    }
    auto it = passwords_.find(user);
    const bool ok = it != passwords_.end() && same_secret(it->second, password);
    if (!ok) return {false, {}, "Authentication failed: Invalid username or password"};
    return {true, user, {}};
}

}  // namespace tideline::broker
