// Whole Kafka frames: header + body, with the header version each API and version calls for.
// Decoding never throws and never reads out of bounds: bad input comes back as a DecodeError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "api_catalog.h"
#include "wire.h"

namespace tideline::protocol {

// Kafka's default socket.request.max.bytes: a larger size prefix is treated as garbage.
inline constexpr std::int32_t kMaxFrameSize = 100 * 1024 * 1024;

enum class DecodeErrorKind {
    Malformed,           // truncated, oversized or nonsensical bytes
    UnknownApiKey,       // an API key this codec does not know
    UnsupportedVersion,  // a known API at a version outside supported_versions
};

struct DecodeError {
    DecodeErrorKind kind = DecodeErrorKind::Malformed;
    std::string message;
    // Filled in as far as the header could be read, so that an answer can still be addressed.
    std::int16_t api_key = -1;
    std::int16_t api_version = -1;
    std::int32_t correlation_id = -1;
};

template <typename T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(DecodeError error) : state_(std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(state_); }
    const T& value() const { return std::get<0>(state_); }
    const DecodeError& error() const { return std::get<1>(state_); }

private:
    std::variant<T, DecodeError> state_;
};

struct DecodedRequest {
    RequestHeader header;
    std::int16_t header_version = 1;
    AnyRequest body;
    std::size_t trailing_bytes = 0;  // some clients send bytes after the body; Kafka ignores them
};

struct DecodedResponse {
    ResponseHeader header;
    AnyResponse body;
    std::size_t trailing_bytes = 0;
};

std::int16_t request_header_version(std::int16_t api_key, std::int16_t api_version);
// ApiVersions answers always use header v0, so that a client can read them at any version.
std::int16_t response_header_version(std::int16_t api_key, std::int16_t api_version);

// Reads the 4-byte size prefix; nullopt for a negative or oversized size.
std::optional<std::int32_t> read_frame_size(ByteView prefix);

// `frame` is what follows the size prefix.
Result<DecodedRequest> decode_request(ByteView frame);
Result<DecodedResponse> decode_response(ByteView frame, std::int16_t api_key, std::int16_t api_version);

// Both return the frame with its size prefix. They throw EncodeFailure when a message holds a value
// its version cannot carry (a bug in the caller, not bad input).
Bytes encode_request(const RequestHeader& header, const AnyRequest& body);
Bytes encode_response(std::int32_t correlation_id, std::int16_t api_key, std::int16_t api_version,
                      const AnyResponse& body);

std::int16_t api_key_of(const AnyRequest& body);
std::int16_t api_key_of(const AnyResponse& body);

}  // namespace tideline::protocol
