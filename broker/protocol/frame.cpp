#include "frame.h"

#include "supported_versions.h"

namespace tideline::protocol {

namespace {

bool is_flexible(std::int16_t api_key, std::int16_t api_version) {
    const auto* schema = find_api_schema(api_key);
    return schema && schema->first_flexible_version >= 0 && api_version >= schema->first_flexible_version;
}

DecodeError malformed(std::string message) { return {DecodeErrorKind::Malformed, std::move(message)}; }

Bytes with_size_prefix(Writer& w, std::size_t size_at) {
    auto& bytes = w.buffer();
    const auto size = static_cast<std::uint32_t>(bytes.size() - size_at - 4);
    for (int i = 0; i < 4; ++i) bytes[size_at + i] = static_cast<std::uint8_t>(size >> (24 - 8 * i));
    return std::move(bytes);
}

}  // namespace

std::int16_t request_header_version(std::int16_t api_key, std::int16_t api_version) {
    return is_flexible(api_key, api_version) ? 2 : 1;
}

std::int16_t response_header_version(std::int16_t api_key, std::int16_t api_version) {
    if (api_key == static_cast<std::int16_t>(ApiKey::ApiVersions)) return 0;
    return is_flexible(api_key, api_version) ? 1 : 0;
}

std::optional<std::int32_t> read_frame_size(ByteView prefix) {
    if (prefix.size() < 4) return std::nullopt;
    Reader r(prefix.first(4));
    const auto size = r.read_int32();
    if (size < 0 || size > kMaxFrameSize) return std::nullopt;
    return size;
}

Result<DecodedRequest> decode_request(ByteView frame) {
    DecodeError error;
    try {
        Reader peek(frame);
        error.api_key = peek.read_int16();
        error.api_version = peek.read_int16();
        error.correlation_id = peek.read_int32();
    } catch (const DecodeFailure& failure) {
        return malformed(std::string("request header: ") + failure.what());
    }
    auto body = make_request(error.api_key);
    if (!body) {
        error.kind = DecodeErrorKind::UnknownApiKey;
        error.message = "unknown API key " + std::to_string(error.api_key);
        return error;
    }
    const auto supported = supported_api(error.api_key);
    if (!supported || error.api_version < supported->min_version ||
        error.api_version > supported->max_version) {
        error.kind = DecodeErrorKind::UnsupportedVersion;
        error.message = std::string(find_api_schema(error.api_key)->name) + " v" +
                        std::to_string(error.api_version) + " is not supported";
        return error;
    }
    DecodedRequest decoded{{}, request_header_version(error.api_key, error.api_version), std::move(*body), 0};
    try {
        Reader r(frame);
        decoded.header.read(r, decoded.header_version);
        std::visit([&](auto& message) { message.read(r, error.api_version); }, decoded.body);
        decoded.trailing_bytes = r.remaining();
    } catch (const DecodeFailure& failure) {
        error.message = std::string(find_api_schema(error.api_key)->name) + " v" +
                        std::to_string(error.api_version) + " request: " + failure.what();
        return error;
    }
    return decoded;
}

Result<DecodedResponse> decode_response(ByteView frame, std::int16_t api_key, std::int16_t api_version) {
    auto body = make_response(api_key);
    const auto* schema = find_api_schema(api_key);
    if (!body || !schema)
        return DecodeError{DecodeErrorKind::UnknownApiKey, "unknown API key " + std::to_string(api_key)};
    if (api_version < schema->min_version || api_version > schema->max_version)
        return DecodeError{DecodeErrorKind::UnsupportedVersion,
                           "no schema for version " + std::to_string(api_version)};
    DecodedResponse decoded{{}, std::move(*body), 0};
    try {
        Reader r(frame);
        decoded.header.read(r, response_header_version(api_key, api_version));
        std::visit([&](auto& message) { message.read(r, api_version); }, decoded.body);
        decoded.trailing_bytes = r.remaining();
    } catch (const DecodeFailure& failure) {
        return malformed(std::string(schema->name) + " v" + std::to_string(api_version) +
                         " response: " + failure.what());
    }
    return decoded;
}

Bytes encode_request(const RequestHeader& header, const AnyRequest& body) {
    Writer w;
    w.write_int32(0);
    header.write(w, request_header_version(header.request_api_key, header.request_api_version));
    std::visit([&](const auto& message) { message.write(w, header.request_api_version); }, body);
    return with_size_prefix(w, 0);
}

Bytes encode_response(std::int32_t correlation_id, std::int16_t api_key, std::int16_t api_version,
                      const AnyResponse& body) {
    Writer w;
    w.write_int32(0);
    ResponseHeader header;
    header.correlation_id = correlation_id;
    header.write(w, response_header_version(api_key, api_version));
    std::visit([&](const auto& message) { message.write(w, api_version); }, body);
    return with_size_prefix(w, 0);
}

std::int16_t api_key_of(const AnyRequest& body) {
    return std::visit([](const auto& message) { return message.kApiKey; }, body);
}

std::int16_t api_key_of(const AnyResponse& body) {
    return std::visit([](const auto& message) { return message.kApiKey; }, body);
}

}  // namespace tideline::protocol
