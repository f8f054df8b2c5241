// Primitive encoding of the Kafka protocol: big-endian integers, (unsigned) varints, strings,
// bytes and tagged-field sections. Reader is bounds-checked and never throws past decode_*():
// a failed read raises DecodeFailure, which the top-level decoders turn into an error value.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace tideline::protocol {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;
using Uuid = std::array<std::uint8_t, 16>;

// A tagged field this code does not know: kept verbatim so that re-encoding preserves it.
struct RawTaggedField {
    std::uint32_t tag = 0;
    Bytes data;
    bool operator==(const RawTaggedField&) const = default;
};

class DecodeFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class EncodeFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Reader {
public:
    explicit Reader(ByteView data) : data_(data) {}

    std::size_t position() const { return pos_; }
    std::size_t remaining() const { return data_.size() - pos_; }
    ByteView rest() const { return data_.subspan(pos_); }

    std::int8_t read_int8() { return static_cast<std::int8_t>(take(1)[0]); }
    bool read_bool() { return take(1)[0] != 0; }
    std::int16_t read_int16() { return static_cast<std::int16_t>(read_be<std::uint16_t>()); }
    std::uint16_t read_uint16() { return read_be<std::uint16_t>(); }
    std::int32_t read_int32() { return static_cast<std::int32_t>(read_be<std::uint32_t>()); }
    std::uint32_t read_uint32() { return read_be<std::uint32_t>(); }
    std::int64_t read_int64() { return static_cast<std::int64_t>(read_be<std::uint64_t>()); }
    double read_float64();
    Uuid read_uuid();

    std::uint32_t read_uvarint();
    std::uint64_t read_uvarlong();
    std::int32_t read_varint();   // zig-zag
    std::int64_t read_varlong();  // zig-zag

    // Length prefixes: classic (int16/int32, -1 = null) or compact (uvarint N+1, 0 = null).
    // Returns -1 for null. Lengths beyond the remaining bytes fail here, before any allocation.
    std::int32_t read_string_length(bool compact);
    std::int32_t read_bytes_length(bool compact);
    std::int32_t read_array_length(bool compact);

    std::string read_string_body(std::int32_t length);
    Bytes read_bytes_body(std::int32_t length);
    ByteView take(std::size_t n);

private:
    template <typename T>
    T read_be() {
        auto bytes = take(sizeof(T));
        T value = 0;
        for (auto b : bytes) value = static_cast<T>((value << 8) | b);
        return value;
    }

    ByteView data_;
    std::size_t pos_ = 0;
};

class Writer {
public:
    Writer() = default;
    explicit Writer(Bytes& out) : external_(&out) {}

    Bytes& buffer() { return external_ ? *external_ : own_; }
    std::size_t size() { return buffer().size(); }

    void write_int8(std::int8_t v) { buffer().push_back(static_cast<std::uint8_t>(v)); }
    void write_bool(bool v) { buffer().push_back(v ? 1 : 0); }
    void write_int16(std::int16_t v) { write_be(static_cast<std::uint16_t>(v)); }
    void write_uint16(std::uint16_t v) { write_be(v); }
    void write_int32(std::int32_t v) { write_be(static_cast<std::uint32_t>(v)); }
    void write_uint32(std::uint32_t v) { write_be(v); }
    void write_int64(std::int64_t v) { write_be(static_cast<std::uint64_t>(v)); }
    void write_float64(double v);
    void write_uuid(const Uuid& v) { write_raw(v); }

    void write_uvarint(std::uint32_t v);
    void write_uvarlong(std::uint64_t v);
    void write_varint(std::int32_t v);
    void write_varlong(std::int64_t v);

    void write_string(const std::string& s, bool compact);
    void write_null_string(bool compact);
    void write_bytes(ByteView b, bool compact);
    void write_null_bytes(bool compact);
    void write_array_length(std::size_t n, bool compact);
    void write_null_array(bool compact);
    void write_raw(ByteView b) { buffer().insert(buffer().end(), b.begin(), b.end()); }

private:
    template <typename T>
    void write_be(T v) {
        for (int shift = (sizeof(T) - 1) * 8; shift >= 0; shift -= 8)
            buffer().push_back(static_cast<std::uint8_t>(v >> shift));
    }

    Bytes own_;
    Bytes* external_ = nullptr;
};

// Number of bytes write_uvarint(v) produces.
std::size_t uvarint_size(std::uint32_t v);

// A tagged-field section: a count, then (tag, size, value) per field.
template <typename OnField>
void read_tagged_fields(Reader& r, OnField&& on_field) {
    const auto count = r.read_uvarint();
    for (std::uint32_t i = 0; i < count; ++i) {
        const auto tag = r.read_uvarint();
        const auto size = r.read_uvarint();
        on_field(tag, r.take(size));
    }
}

// Writes the known and the preserved unknown fields together in ascending tag order, as Kafka does.
void write_tagged_fields(Writer& w, std::vector<RawTaggedField>& known,
                         const std::vector<RawTaggedField>& unknown);

}  // namespace tideline::protocol
