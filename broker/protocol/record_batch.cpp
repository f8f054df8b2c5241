#include "record_batch.h"

#include "crc32c.h"

#include <algorithm>
#include <utility>

namespace tideline::protocol {

namespace layout = batch_layout;

namespace {

void store_be(std::span<std::uint8_t> out, std::size_t at, std::uint64_t value, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i)
        out[at + i] = static_cast<std::uint8_t>(value >> (8 * (width - 1 - i)));
}

std::string at_offset(std::size_t position) { return " (batch at byte " + std::to_string(position) + ")"; }

}  // namespace

std::optional<BatchHeader> parse_batch_header(ByteView batch) {
    if (batch.size() < layout::kHeaderSize) return std::nullopt;
    // Cannot throw: the size is checked above and every field has a fixed width.
    Reader r(batch.first(layout::kHeaderSize));
    BatchHeader h;
    h.base_offset = r.read_int64();
    h.batch_length = r.read_int32();
    h.partition_leader_epoch = r.read_int32();
    h.magic = r.read_int8();
    h.crc = r.read_uint32();
    h.attributes = r.read_int16();
    h.last_offset_delta = r.read_int32();
    h.base_timestamp = r.read_int64();
    h.max_timestamp = r.read_int64();
    h.producer_id = r.read_int64();
    h.producer_epoch = r.read_int16();
    h.base_sequence = r.read_int32();
    h.records_count = r.read_int32();
    return h;
}

std::uint32_t compute_batch_crc(ByteView batch) {
    if (batch.size() < layout::kHeaderSize) return 0;
    return crc32c(batch.subspan(layout::kAttributesOffset));
}

const char* to_string(BatchError error) {
    switch (error) {
        case BatchError::PartialBatch:
            return "partial batch";
        case BatchError::InvalidBatchLength:
            return "invalid batch length";
        case BatchError::UnsupportedMagic:
            return "unsupported magic";
        case BatchError::CrcMismatch:
            return "CRC mismatch";
        case BatchError::UnknownCompression:
            return "unknown compression";
        case BatchError::CompressedRecords:
            return "compressed records";
        case BatchError::InvalidRecord:
            return "invalid record";
        case BatchError::RecordCountMismatch:
            return "record count mismatch";
    }
    return "unknown batch error";
}

std::optional<BatchView> BatchSetReader::fail(BatchError code, std::string message) {
    error_ = BatchProblem{code, std::move(message) + at_offset(position_), position_};
    return std::nullopt;
}

std::optional<BatchView> BatchSetReader::next() {
    if (error_ || position_ >= data_.size()) return std::nullopt;
    ByteView rest = data_.subspan(position_);

    // The order of checks follows Kafka's own reader: a length that can never be valid is
    // corruption even when the batch is cut off, whereas a plausible one may simply not have
    // arrived completely yet.
    if (rest.size() < layout::kLogOverhead)
        return fail(BatchError::PartialBatch,
                    "only " + std::to_string(rest.size()) + " bytes left, the batch length is cut off");
    Reader length_reader(rest.subspan(layout::kBatchLengthOffset, 4));
    std::int32_t batch_length = length_reader.read_int32();
    if (batch_length < layout::kMinBatchLength)
        return fail(BatchError::InvalidBatchLength, "batch length " + std::to_string(batch_length) +
                                                        " is below the minimum of " +
                                                        std::to_string(layout::kMinBatchLength));
    std::size_t total_size = layout::kLogOverhead + static_cast<std::size_t>(batch_length);
    if (total_size > options_.max_batch_size)
        return fail(BatchError::InvalidBatchLength, "batch of " + std::to_string(total_size) +
                                                        " bytes exceeds the limit of " +
                                                        std::to_string(options_.max_batch_size));
    if (rest.size() > layout::kMagicOffset && rest[layout::kMagicOffset] != kCurrentMagic)
        return fail(BatchError::UnsupportedMagic,
                    "magic " + std::to_string(static_cast<std::int8_t>(rest[layout::kMagicOffset])) +
                        ", only magic 2 is supported");
    if (rest.size() < total_size)
        return fail(BatchError::PartialBatch, "batch of " + std::to_string(total_size) + " bytes, only " +
                                                  std::to_string(rest.size()) + " present");

    BatchView batch{*parse_batch_header(rest), rest.first(total_size), position_};
    if (options_.verify_crc) {
        std::uint32_t actual = compute_batch_crc(batch.bytes);
        if (actual != batch.header.crc)
            return fail(BatchError::CrcMismatch, "stored CRC " + std::to_string(batch.header.crc) +
                                                     ", computed " + std::to_string(actual));
    }
    if (!batch.header.known_compression())
        return fail(BatchError::UnknownCompression,
                    "compression codec id " + std::to_string(batch.header.compression_id()));

    position_ += total_size;
    return batch;
}

std::optional<BatchProblem> validate_batches(ByteView batches, BatchReadOptions options) {
    BatchSetReader reader(batches, options);
    while (reader.next()) {
    }
    return reader.error();
}

bool set_base_offset(std::span<std::uint8_t> batch, std::int64_t base_offset) {
    if (batch.size() < layout::kBaseOffsetOffset + 8) return false;
    store_be(batch, layout::kBaseOffsetOffset, static_cast<std::uint64_t>(base_offset), 8);
    return true;
}

bool set_partition_leader_epoch(std::span<std::uint8_t> batch, std::int32_t epoch) {
    if (batch.size() < layout::kPartitionLeaderEpochOffset + 4) return false;
    store_be(batch, layout::kPartitionLeaderEpochOffset, static_cast<std::uint32_t>(epoch), 4);
    return true;
}

RecordReader::RecordReader(const BatchView& batch)
    : reader_(batch.payload()),
      records_expected_(batch.header.records_count),
      batch_position_(batch.position) {
    if (batch.header.compression() != Compression::None) {
        fail(BatchError::CompressedRecords, std::string("records are compressed (codec id ") +
                                                std::to_string(batch.header.compression_id()) + ")");
    } else if (records_expected_ < 0) {
        fail(BatchError::RecordCountMismatch, "negative records count " + std::to_string(records_expected_));
    }
}

std::optional<RecordView> RecordReader::fail(BatchError code, std::string message) {
    error_ = BatchProblem{code, std::move(message) + at_offset(batch_position_), batch_position_};
    done_ = true;
    return std::nullopt;
}

namespace {

std::optional<ByteView> read_nullable_bytes(Reader& r, const char* what) {
    std::int32_t length = r.read_varint();
    if (length == -1) return std::nullopt;
    if (length < 0)
        throw DecodeFailure(std::string("negative ") + what + " length " + std::to_string(length));
    return r.take(static_cast<std::size_t>(length));
}

// The record body, with the record's own length already consumed: `r` spans exactly that length.
RecordView read_record_body(Reader& r) {
    RecordView record;
    record.attributes = r.read_int8();
    record.timestamp_delta = r.read_varlong();
    record.offset_delta = r.read_varint();
    record.key = read_nullable_bytes(r, "key");
    record.value = read_nullable_bytes(r, "value");
    std::int32_t header_count = r.read_varint();
    // Each header takes at least two bytes (two length varints), which bounds the reservation
    // below by the data actually present rather than by a count an attacker chose.
    if (header_count < 0 || static_cast<std::size_t>(header_count) > r.remaining() / 2)
        throw DecodeFailure("header count " + std::to_string(header_count) + " does not fit the record");
    record.headers.reserve(static_cast<std::size_t>(header_count));
    for (std::int32_t i = 0; i < header_count; ++i) {
        std::int32_t key_length = r.read_varint();
        if (key_length < 0) throw DecodeFailure("negative header key length " + std::to_string(key_length));
        ByteView key = r.take(static_cast<std::size_t>(key_length));
        RecordHeaderView header;
        header.key = {reinterpret_cast<const char*>(key.data()), key.size()};
        header.value = read_nullable_bytes(r, "header value");
        record.headers.push_back(header);
    }
    return record;
}

}  // namespace

std::optional<RecordView> RecordReader::next() {
    if (done_) return std::nullopt;
    if (records_read_ == records_expected_) {
        done_ = true;
        if (reader_.remaining() != 0)
            return fail(BatchError::RecordCountMismatch, std::to_string(reader_.remaining()) +
                                                             " bytes left after the announced " +
                                                             std::to_string(records_expected_) + " records");
        return std::nullopt;
    }
    if (reader_.remaining() == 0)
        return fail(BatchError::RecordCountMismatch, "batch announces " + std::to_string(records_expected_) +
                                                         " records but holds " +
                                                         std::to_string(records_read_));
    std::string context = "record " + std::to_string(records_read_) + ": ";
    try {
        std::int32_t length = reader_.read_varint();
        if (length < 0 || static_cast<std::size_t>(length) > reader_.remaining())
            return fail(BatchError::InvalidRecord, context + "length " + std::to_string(length) + " with " +
                                                       std::to_string(reader_.remaining()) + " bytes left");
        Reader body(reader_.take(static_cast<std::size_t>(length)));
        RecordView record = read_record_body(body);
        if (body.remaining() != 0)
            return fail(BatchError::InvalidRecord, context + "length " + std::to_string(length) + " leaves " +
                                                       std::to_string(body.remaining()) + " bytes unread");
        ++records_read_;
        return record;
    } catch (const DecodeFailure& failure) {
        return fail(BatchError::InvalidRecord, context + failure.what());
    }
}

DecodedRecords decode_records(const BatchView& batch) {
    DecodedRecords decoded;
    RecordReader reader(batch);
    if (!reader.error() && batch.header.records_count > 0) {
        // Every record takes at least 7 bytes, so the payload bounds the reservation.
        std::size_t plausible = std::min<std::size_t>(static_cast<std::size_t>(batch.header.records_count),
                                                      batch.payload().size() / 7);
        decoded.records.reserve(plausible);
    }
    while (auto record = reader.next()) decoded.records.push_back(std::move(*record));
    decoded.error = reader.error();
    return decoded;
}

namespace {

std::int32_t checked_int32(std::size_t size, const char* what) {
    if (size > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        throw EncodeFailure(std::string(what) + " of " + std::to_string(size) + " bytes does not fit int32");
    return static_cast<std::int32_t>(size);
}

void write_nullable_bytes(Writer& w, const std::optional<Bytes>& bytes, const char* what) {
    if (!bytes) {
        w.write_varint(-1);
        return;
    }
    w.write_varint(checked_int32(bytes->size(), what));
    w.write_raw(*bytes);
}

void write_record_body(Writer& w, const RecordInput& record, std::int64_t timestamp_delta,
                       std::int32_t offset_delta) {
    w.write_int8(record.attributes);
    w.write_varlong(timestamp_delta);
    w.write_varint(offset_delta);
    write_nullable_bytes(w, record.key, "record key");
    write_nullable_bytes(w, record.value, "record value");
    w.write_varint(checked_int32(record.headers.size(), "header count"));
    for (const RecordHeader& header : record.headers) {
        w.write_varint(checked_int32(header.key.size(), "header key"));
        w.write_raw({reinterpret_cast<const std::uint8_t*>(header.key.data()), header.key.size()});
        write_nullable_bytes(w, header.value, "header value");
    }
}

void encode_batch(Bytes& out, const BatchSpec& spec, std::span<const RecordInput> records) {
    if (records.empty()) throw EncodeFailure("a record batch needs at least one record");
    if (spec.attributes & batch_attributes::kCompressionMask)
        throw EncodeFailure("only uncompressed batches can be written");
    checked_int32(records.size(), "record count");

    const std::size_t start = out.size();
    const std::int64_t base_timestamp = records.front().timestamp;
    std::int64_t max_timestamp = base_timestamp;
    std::int32_t last_offset_delta = -1;

    Writer w(out);
    w.write_int64(spec.base_offset);
    w.write_int32(0);  // batchLength, patched below
    w.write_int32(spec.partition_leader_epoch);
    w.write_int8(kCurrentMagic);
    w.write_uint32(0);  // CRC, patched below
    w.write_int16(spec.attributes);
    w.write_int32(0);  // lastOffsetDelta, patched below
    w.write_int64(base_timestamp);
    w.write_int64(0);  // maxTimestamp, patched below
    w.write_int64(spec.producer_id);
    w.write_int16(spec.producer_epoch);
    w.write_int32(spec.base_sequence);
    w.write_int32(static_cast<std::int32_t>(records.size()));

    // One scratch buffer for all records: a record is prefixed by its own length, which is only
    // known once its body is encoded.
    Bytes scratch;
    Writer body(scratch);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const RecordInput& record = records[i];
        std::int32_t offset_delta = record.offset_delta.value_or(static_cast<std::int32_t>(i));
        if (offset_delta <= last_offset_delta)
            throw EncodeFailure("offset deltas must be non-negative and strictly increasing (record " +
                                std::to_string(i) + ")");
        last_offset_delta = offset_delta;
        max_timestamp = std::max(max_timestamp, record.timestamp);

        scratch.clear();
        // Subtracted in unsigned arithmetic: the inverse of the reader's wrapping_add.
        auto timestamp_delta = static_cast<std::int64_t>(static_cast<std::uint64_t>(record.timestamp) -
                                                         static_cast<std::uint64_t>(base_timestamp));
        write_record_body(body, record, timestamp_delta, offset_delta);
        w.write_varint(checked_int32(scratch.size(), "record"));
        w.write_raw(scratch);
    }

    std::span<std::uint8_t> batch(out.data() + start, out.size() - start);
    std::int32_t batch_length = checked_int32(batch.size() - layout::kLogOverhead, "batch");
    store_be(batch, layout::kBatchLengthOffset, static_cast<std::uint32_t>(batch_length), 4);
    store_be(batch, layout::kLastOffsetDeltaOffset, static_cast<std::uint32_t>(last_offset_delta), 4);
    store_be(batch, layout::kMaxTimestampOffset, static_cast<std::uint64_t>(max_timestamp), 8);
    store_be(batch, layout::kCrcOffset, compute_batch_crc(batch), 4);
}

}  // namespace

void append_batch(Bytes& out, const BatchSpec& spec, std::span<const RecordInput> records) {
    const std::size_t start = out.size();
    try {
        encode_batch(out, spec, records);
    } catch (...) {
        out.resize(start);  // never leave half a batch behind in a buffer that may hold others
        throw;
    }
}

Bytes write_batch(const BatchSpec& spec, std::span<const RecordInput> records) {
    Bytes out;
    append_batch(out, spec, records);
    return out;
}

}  // namespace tideline::protocol
