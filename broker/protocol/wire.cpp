#include "wire.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace tideline::protocol {

ByteView Reader::take(std::size_t n) {
    if (n > remaining())
        throw DecodeFailure("truncated: need " + std::to_string(n) + " bytes at offset " +
                            std::to_string(pos_) + ", have " + std::to_string(remaining()));
    auto view = data_.subspan(pos_, n);
    pos_ += n;
    return view;
}

double Reader::read_float64() { return std::bit_cast<double>(read_be<std::uint64_t>()); }

Uuid Reader::read_uuid() {
    Uuid u{};
    auto bytes = take(16);
    std::memcpy(u.data(), bytes.data(), 16);
    return u;
}

std::uint64_t Reader::read_uvarlong() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        auto b = take(1)[0];
        if (shift == 63 && b > 1) throw DecodeFailure("varlong overflow");
        value |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) return value;
    }
    throw DecodeFailure("varlong too long");
}

std::uint32_t Reader::read_uvarint() {
    std::uint32_t value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        auto b = take(1)[0];
        if (shift == 28 && b > 0x0f) throw DecodeFailure("varint overflow");
        value |= static_cast<std::uint32_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) return value;
    }
    throw DecodeFailure("varint too long");
}

std::int32_t Reader::read_varint() {
    auto u = read_uvarint();
    return static_cast<std::int32_t>((u >> 1) ^ (~(u & 1) + 1));
}

std::int64_t Reader::read_varlong() {
    auto u = read_uvarlong();
    return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

namespace {
std::int32_t compact_length(Reader& r, const char* what) {
    auto n = r.read_uvarint();
    if (n > static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max()))
        throw DecodeFailure(std::string(what) + " length out of range");
    return static_cast<std::int32_t>(n) - 1;
}

void check_fits(const Reader& r, std::int32_t length, std::size_t min_element, const char* what) {
    if (length < -1)
        throw DecodeFailure(std::string("negative ") + what + " length " + std::to_string(length));
    if (length > 0 && static_cast<std::size_t>(length) * min_element > r.remaining())
        throw DecodeFailure(std::string(what) + " length " + std::to_string(length) + " exceeds the " +
                            std::to_string(r.remaining()) + " bytes left");
}
}  // namespace

std::int32_t Reader::read_string_length(bool compact) {
    std::int32_t n = compact ? compact_length(*this, "string") : read_int16();
    check_fits(*this, n, 1, "string");
    return n;
}

std::int32_t Reader::read_bytes_length(bool compact) {
    std::int32_t n = compact ? compact_length(*this, "bytes") : read_int32();
    check_fits(*this, n, 1, "bytes");
    return n;
}

std::int32_t Reader::read_array_length(bool compact) {
    std::int32_t n = compact ? compact_length(*this, "array") : read_int32();
    // Every element takes at least one byte, so a count beyond the bytes left is garbage.
    check_fits(*this, n, 1, "array");
    return n;
}

std::string Reader::read_string_body(std::int32_t length) {
    auto bytes = take(static_cast<std::size_t>(length));
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Bytes Reader::read_bytes_body(std::int32_t length) {
    auto bytes = take(static_cast<std::size_t>(length));
    return {bytes.begin(), bytes.end()};
}

void Writer::write_float64(double v) { write_be(std::bit_cast<std::uint64_t>(v)); }

void Writer::write_uvarlong(std::uint64_t v) {
    while (v >= 0x80) {
        buffer().push_back(static_cast<std::uint8_t>(v | 0x80));
        v >>= 7;
    }
    buffer().push_back(static_cast<std::uint8_t>(v));
}

void Writer::write_uvarint(std::uint32_t v) { write_uvarlong(v); }

void Writer::write_varint(std::int32_t v) {
    write_uvarint((static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31));
}

void Writer::write_varlong(std::int64_t v) {
    write_uvarlong((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

void Writer::write_string(const std::string& s, bool compact) {
    if (compact) {
        write_uvarint(static_cast<std::uint32_t>(s.size() + 1));
    } else {
        if (s.size() > static_cast<std::size_t>(std::numeric_limits<std::int16_t>::max()))
            throw EncodeFailure("string longer than 32767 bytes");
        write_int16(static_cast<std::int16_t>(s.size()));
    }
    write_raw({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

void Writer::write_null_string(bool compact) {
    if (compact)
        write_uvarint(0);
    else
        write_int16(-1);
}

void Writer::write_bytes(ByteView b, bool compact) {
    if (compact)
        write_uvarint(static_cast<std::uint32_t>(b.size() + 1));
    else
        write_int32(static_cast<std::int32_t>(b.size()));
    write_raw(b);
}

void Writer::write_null_bytes(bool compact) {
    if (compact)
        write_uvarint(0);
    else
        write_int32(-1);
}

void Writer::write_array_length(std::size_t n, bool compact) {
    if (compact)
        write_uvarint(static_cast<std::uint32_t>(n + 1));
    else
        write_int32(static_cast<std::int32_t>(n));
}

void Writer::write_null_array(bool compact) {
    if (compact)
        write_uvarint(0);
    else
        write_int32(-1);
}

std::size_t uvarint_size(std::uint32_t v) {
    std::size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

void write_tagged_fields(Writer& w, std::vector<RawTaggedField>& known,
                         const std::vector<RawTaggedField>& unknown) {
    if (!unknown.empty()) {
        known.insert(known.end(), unknown.begin(), unknown.end());
        std::stable_sort(known.begin(), known.end(),
                         [](const auto& a, const auto& b) { return a.tag < b.tag; });
    }
    w.write_uvarint(static_cast<std::uint32_t>(known.size()));
    for (const auto& field : known) {
        w.write_uvarint(field.tag);
        w.write_uvarint(static_cast<std::uint32_t>(field.data.size()));
        w.write_raw(field.data);
    }
}

}  // namespace tideline::protocol
