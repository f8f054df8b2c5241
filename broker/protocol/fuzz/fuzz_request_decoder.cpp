// libFuzzer entry point: arbitrary bytes into the request decoder (and, steered by the first bytes,
// the response decoder). Besides "no crash, no out-of-bounds read", it checks that whatever decodes
// re-encodes to bytes that decode again and encode to the very same bytes. (Values may differ after
// the first pass: unknown tagged fields that arrived out of order are written in ascending order.)
#include <cstdlib>

#include "frame.h"

using namespace tideline::protocol;

namespace {

void check_request(ByteView data) {
    auto decoded = decode_request(data);
    if (!decoded) return;
    const auto& request = decoded.value();
    const auto encoded = encode_request(request.header, request.body);
    auto again = decode_request(ByteView(encoded).subspan(4));
    if (!again || again.value().trailing_bytes != 0) std::abort();
    if (encode_request(again.value().header, again.value().body) != encoded) std::abort();
}

void check_response(ByteView data) {
    if (data.size() < 4) return;
    const auto api_key = static_cast<std::int16_t>(data[0] % 64);
    const auto version = static_cast<std::int16_t>(data[1] % 16);
    auto decoded = decode_response(data.subspan(2), api_key, version);
    if (!decoded) return;
    const auto encoded =
        encode_response(decoded.value().header.correlation_id, api_key, version, decoded.value().body);
    auto again = decode_response(ByteView(encoded).subspan(4), api_key, version);
    if (!again || again.value().trailing_bytes != 0) std::abort();
    if (encode_response(again.value().header.correlation_id, api_key, version, again.value().body) != encoded)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView bytes(data, size);
    check_request(bytes);
    check_response(bytes);
    return 0;
}
