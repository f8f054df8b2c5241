// SASL/PLAIN on the Kafka listeners (`--sasl-user name:password`): the logins the cluster
// accepts, and where one connection is in Kafka's authentication sequence. Before a connection
// has authenticated, only ApiVersions, SaslHandshake and SaslAuthenticate are served.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace tideline::broker {

inline constexpr std::int16_t kUnsupportedSaslMechanism = 33;
inline constexpr std::int16_t kIllegalSaslState = 34;
inline constexpr std::int16_t kSaslAuthenticationFailed = 58;
inline constexpr const char* kPlainMechanism = "PLAIN";

struct SaslSession {
    enum class Stage {
        Handshake,     // nothing but ApiVersions and SaslHandshake yet
        Authenticate,  // after SaslHandshake v1: a SaslAuthenticate request comes next
        RawToken,      // after SaslHandshake v0: the next frame is a bare PLAIN token (no Kafka header)
        Done,          // authenticated: everything is served
        Failed,        // a wrong login: every further frame closes the connection
    };
    Stage stage = Stage::Handshake;
    std::string user;
};

struct SaslResult {
    bool ok = false;
    std::string user;
    std::string message;  // why not, for SASL_AUTHENTICATION_FAILED
};

class SaslLogins {
public:
    SaslLogins() = default;
    explicit SaslLogins(std::map<std::string, std::string> passwords) : passwords_(std::move(passwords)) {}

    bool enabled() const { return !passwords_.empty(); }
    // Checks a PLAIN token: [authzid] NUL authcid NUL password (RFC 4616).
    SaslResult check_plain(std::span<const std::uint8_t> token) const;

private:
    std::map<std::string, std::string> passwords_;
};

}  // namespace tideline::broker
