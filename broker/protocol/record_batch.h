// Kafka record batches (magic v2): the unit in which records travel in Produce requests, Fetch
// responses and the log. The broker validates and patches batches in place and never re-encodes
// what a producer sent, so everything here works on views into the original bytes.
//
// Reading never throws and never reads out of bounds: problems come back as BatchProblem values.
// Writing (used for the broker's own records and for tests) throws EncodeFailure on bad input.
#pragma once

#include "wire.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tideline::protocol {

// Byte positions inside a batch. Everything from kAttributesOffset on is covered by the CRC;
// base offset and partition leader epoch are not, which is what makes in-place patching cheap.
namespace batch_layout {
inline constexpr std::size_t kBaseOffsetOffset = 0;
inline constexpr std::size_t kBatchLengthOffset = 8;
inline constexpr std::size_t kPartitionLeaderEpochOffset = 12;
inline constexpr std::size_t kMagicOffset = 16;
inline constexpr std::size_t kCrcOffset = 17;
inline constexpr std::size_t kAttributesOffset = 21;
inline constexpr std::size_t kLastOffsetDeltaOffset = 23;
inline constexpr std::size_t kBaseTimestampOffset = 27;
inline constexpr std::size_t kMaxTimestampOffset = 35;
inline constexpr std::size_t kProducerIdOffset = 43;
inline constexpr std::size_t kProducerEpochOffset = 51;
inline constexpr std::size_t kBaseSequenceOffset = 53;
inline constexpr std::size_t kRecordsCountOffset = 57;
inline constexpr std::size_t kHeaderSize = 61;
// baseOffset and batchLength: the part of a batch that batchLength does not count.
inline constexpr std::size_t kLogOverhead = 12;
inline constexpr std::int32_t kMinBatchLength = static_cast<std::int32_t>(kHeaderSize - kLogOverhead);
}  // namespace batch_layout

inline constexpr std::int8_t kCurrentMagic = 2;
inline constexpr std::int64_t kNoProducerId = -1;
inline constexpr std::int16_t kNoProducerEpoch = -1;
inline constexpr std::int32_t kNoSequence = -1;
inline constexpr std::int32_t kNoPartitionLeaderEpoch = -1;

enum class Compression : std::uint8_t { None = 0, Gzip = 1, Snappy = 2, Lz4 = 3, Zstd = 4 };
enum class TimestampType : std::uint8_t { CreateTime = 0, LogAppendTime = 1 };

namespace batch_attributes {
inline constexpr std::int16_t kCompressionMask = 0x07;
inline constexpr std::int16_t kTimestampType = 0x08;
inline constexpr std::int16_t kTransactional = 0x10;
inline constexpr std::int16_t kControl = 0x20;
inline constexpr std::int16_t kDeleteHorizon = 0x40;
}  // namespace batch_attributes

// Offsets and timestamps come from untrusted bytes: adding them must wrap, not be undefined.
constexpr std::int64_t wrapping_add(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

struct BatchHeader {
    std::int64_t base_offset = 0;
    std::int32_t batch_length = 0;
    std::int32_t partition_leader_epoch = kNoPartitionLeaderEpoch;
    std::int8_t magic = kCurrentMagic;
    std::uint32_t crc = 0;
    std::int16_t attributes = 0;
    std::int32_t last_offset_delta = 0;
    std::int64_t base_timestamp = 0;
    std::int64_t max_timestamp = 0;
    std::int64_t producer_id = kNoProducerId;
    std::int16_t producer_epoch = kNoProducerEpoch;
    std::int32_t base_sequence = kNoSequence;
    std::int32_t records_count = 0;

    // Raw codec id (0-7); only 0-4 are defined, see known_compression().
    int compression_id() const { return attributes & batch_attributes::kCompressionMask; }
    bool known_compression() const { return compression_id() <= static_cast<int>(Compression::Zstd); }
    Compression compression() const { return static_cast<Compression>(compression_id()); }
    TimestampType timestamp_type() const {
        return (attributes & batch_attributes::kTimestampType) ? TimestampType::LogAppendTime
                                                               : TimestampType::CreateTime;
    }
    bool is_transactional() const { return attributes & batch_attributes::kTransactional; }
    bool is_control() const { return attributes & batch_attributes::kControl; }
    bool has_delete_horizon() const { return attributes & batch_attributes::kDeleteHorizon; }
    std::int64_t last_offset() const { return wrapping_add(base_offset, last_offset_delta); }
    // Bytes the whole batch occupies, length fields included (meaningful once batch_length is validated).
    std::size_t total_size() const {
        return batch_layout::kLogOverhead + static_cast<std::size_t>(batch_length);
    }
};

// Reads the 61 header bytes as they are, without any validation; nullopt if fewer are given.
std::optional<BatchHeader> parse_batch_header(ByteView batch);

// The CRC a batch should carry: CRC-32C from the attributes to the end. `batch` must hold
// exactly one whole batch of at least kHeaderSize bytes (returns 0 otherwise).
std::uint32_t compute_batch_crc(ByteView batch);

enum class BatchError : std::uint8_t {
    // The buffer ends inside a batch. Normal at the end of a Fetch response (the broker cuts at
    // max_bytes), but corruption in a Produce request.
    PartialBatch,
    InvalidBatchLength,  // batchLength below the 49-byte minimum, or above the size limit
    UnsupportedMagic,
    CrcMismatch,
    UnknownCompression,   // codec id 5-7
    CompressedRecords,    // records asked for on a compressed batch: decompression is not done here
    InvalidRecord,        // a record's framing is broken: lengths, varints, bytes left over
    RecordCountMismatch,  // the records do not add up to recordsCount
};

const char* to_string(BatchError error);

struct BatchProblem {
    BatchError code = BatchError::InvalidRecord;
    std::string message;
    std::size_t position = 0;  // where the batch at fault starts in the buffer that was read

    bool is_partial_batch() const { return code == BatchError::PartialBatch; }
};

// One complete, framing- and CRC-checked batch inside a larger buffer.
struct BatchView {
    BatchHeader header;
    ByteView bytes;            // the whole batch, total_size() bytes
    std::size_t position = 0;  // offset of the batch in the buffer it was read from

    // What follows the header: the records, or the compressed blob holding them.
    ByteView payload() const { return bytes.subspan(batch_layout::kHeaderSize); }
};

struct BatchReadOptions {
    bool verify_crc = true;
    // Largest acceptable batch including the length fields (the broker passes message.max.bytes).
    // A larger batchLength is reported as InvalidBatchLength rather than as a partial batch.
    // No limit by default: any batchLength the format allows is accepted.
    std::size_t max_batch_size = std::numeric_limits<std::size_t>::max();
};

// Walks the concatenated batches of a `records` field without copying:
//     BatchSetReader reader(records);
//     while (auto batch = reader.next()) { ... }
//     if (reader.error()) { ... reader.error()->is_partial_batch() ... }
// next() returns nullopt at the end of the buffer or at the first problem, and stays there.
class BatchSetReader {
public:
    explicit BatchSetReader(ByteView batches, BatchReadOptions options = {})
        : data_(batches), options_(options) {}

    std::optional<BatchView> next();
    const std::optional<BatchProblem>& error() const { return error_; }
    std::size_t position() const { return position_; }

private:
    std::optional<BatchView> fail(BatchError code, std::string message);

    ByteView data_;
    BatchReadOptions options_;
    std::size_t position_ = 0;
    std::optional<BatchProblem> error_;
};

// Reads every batch; nullopt when all of them are whole and valid (a partial tail is a problem).
std::optional<BatchProblem> validate_batches(ByteView batches, BatchReadOptions options = {});

// In-place patches at the start of a batch. Neither field is covered by the CRC, so the batch
// stays valid. Return false, touching nothing, if the span is too short to hold the field.
[[nodiscard]] bool set_base_offset(std::span<std::uint8_t> batch, std::int64_t base_offset);
[[nodiscard]] bool set_partition_leader_epoch(std::span<std::uint8_t> batch, std::int32_t epoch);

struct RecordHeaderView {
    std::string_view key;
    std::optional<ByteView> value;  // nullopt = null
};

// One record of an uncompressed batch; every view points into the batch's bytes.
struct RecordView {
    std::int8_t attributes = 0;
    std::int64_t timestamp_delta = 0;
    std::int32_t offset_delta = 0;
    std::optional<ByteView> key;    // nullopt = null
    std::optional<ByteView> value;  // nullopt = null (a tombstone)
    std::vector<RecordHeaderView> headers;

    std::int64_t offset(const BatchHeader& batch) const {
        return wrapping_add(batch.base_offset, offset_delta);
    }
    // With LogAppendTime the broker's time, stored as maxTimestamp, replaces every record's own.
    std::int64_t timestamp(const BatchHeader& batch) const {
        return batch.timestamp_type() == TimestampType::LogAppendTime
                   ? batch.max_timestamp
                   : wrapping_add(batch.base_timestamp, timestamp_delta);
    }
};

// Reads the records of one uncompressed batch, checking that each record's length covers exactly
// its fields and that there are exactly recordsCount of them, with no bytes left over.
// next() returns nullopt after the last record or at the first problem (see error()).
class RecordReader {
public:
    explicit RecordReader(const BatchView& batch);

    std::optional<RecordView> next();
    const std::optional<BatchProblem>& error() const { return error_; }
    std::int32_t records_read() const { return records_read_; }

private:
    std::optional<RecordView> fail(BatchError code, std::string message);

    Reader reader_;
    std::int32_t records_expected_ = 0;
    std::int32_t records_read_ = 0;
    std::size_t batch_position_ = 0;
    bool done_ = false;
    std::optional<BatchProblem> error_;
};

struct DecodedRecords {
    std::vector<RecordView> records;
    std::optional<BatchProblem> error;
};

// All records of an uncompressed batch at once, or the first problem.
DecodedRecords decode_records(const BatchView& batch);

struct RecordHeader {
    std::string key;
    std::optional<Bytes> value;
};

struct RecordInput {
    std::optional<Bytes> key;
    std::optional<Bytes> value;
    std::vector<RecordHeader> headers;
    std::int64_t timestamp = 0;  // absolute, in ms
    // Position relative to the base offset; the record's index in the batch when not given.
    std::optional<std::int32_t> offset_delta;
    std::int8_t attributes = 0;  // unused by Kafka so far, always 0 on the wire
};

struct BatchSpec {
    std::int64_t base_offset = 0;
    std::int32_t partition_leader_epoch = kNoPartitionLeaderEpoch;
    std::int16_t attributes = 0;  // compression bits must be 0: only uncompressed batches are written
    std::int64_t producer_id = kNoProducerId;
    std::int16_t producer_epoch = kNoProducerEpoch;
    std::int32_t base_sequence = kNoSequence;
};

// Appends one uncompressed batch to `out`. The first record's timestamp becomes baseTimestamp
// (as Kafka's own producer does); lastOffsetDelta, maxTimestamp and the CRC are computed.
// Throws EncodeFailure for: no records, compression bits set, offset deltas not strictly
// increasing, or sizes beyond int32.
void append_batch(Bytes& out, const BatchSpec& spec, std::span<const RecordInput> records);
Bytes write_batch(const BatchSpec& spec, std::span<const RecordInput> records);

}  // namespace tideline::protocol
