#include "broker/storage/append_validation.h"

#include <string>

namespace tideline::broker::storage {

namespace {

StorageError problem_error(const protocol::BatchProblem& problem) {
    using protocol::BatchError;
    switch (problem.code) {
        case BatchError::UnsupportedMagic:
        case BatchError::UnknownCompression:
            return {ErrorCode::InvalidRecord, problem.message};
        case BatchError::PartialBatch:
        case BatchError::InvalidBatchLength:
        case BatchError::CrcMismatch:
        case BatchError::CompressedRecords:
        case BatchError::InvalidRecord:
        case BatchError::RecordCountMismatch:
            break;
    }
    return {ErrorCode::CorruptMessage, problem.message};
}

// Records are stored as sent, so the deltas in them must already be the ones the batch header
// implies: 0, 1, ..., recordsCount - 1.
std::optional<StorageError> check_records(const protocol::BatchView& batch) {
    protocol::RecordReader reader(batch);
    std::int32_t expected_delta = 0;
    while (auto record = reader.next()) {
        if (record->offset_delta != expected_delta)
            return StorageError{ErrorCode::InvalidRecord,
                                "record " + std::to_string(expected_delta) + " has offset delta " +
                                    std::to_string(record->offset_delta) + " (batch at byte " +
                                    std::to_string(batch.position) + ")"};
        ++expected_delta;
    }
    if (reader.error()) return StorageError{ErrorCode::InvalidRecord, reader.error()->message};
    return std::nullopt;
}

std::optional<StorageError> check_batch(const protocol::BatchView& batch, const AppendLimits& limits) {
    const auto& header = batch.header;
    const std::string where = " (batch at byte " + std::to_string(batch.position) + ")";
    if (header.total_size() > limits.max_batch_bytes)
        return StorageError{ErrorCode::MessageTooLarge, "batch of " + std::to_string(header.total_size()) +
                                                            " bytes exceeds max.message.bytes " +
                                                            std::to_string(limits.max_batch_bytes) + where};
    if (header.records_count <= 0 || header.last_offset_delta != header.records_count - 1)
        return StorageError{ErrorCode::InvalidRecord,
                            "lastOffsetDelta " + std::to_string(header.last_offset_delta) +
                                " does not match " + std::to_string(header.records_count) + " records" +
                                where};
    if (header.is_control() && !limits.allow_control_batches)
        return StorageError{ErrorCode::InvalidRecord,
                            "control batches are not accepted from clients" + where};
    if (header.compression() == protocol::Compression::None) return check_records(batch);
    return std::nullopt;
}

}  // namespace

Result<std::vector<ValidatedBatch>> validate_for_append(protocol::ByteView batches,
                                                        const AppendLimits& limits) {
    if (batches.empty()) return StorageError{ErrorCode::InvalidRecord, "no record batches to append"};
    std::vector<ValidatedBatch> validated;
    protocol::BatchSetReader reader(batches);
    while (auto batch = reader.next()) {
        if (auto error = check_batch(*batch, limits)) return *error;
        validated.push_back({batch->header, batch->position});
    }
    if (reader.error()) return problem_error(*reader.error());
    return validated;
}

}  // namespace tideline::broker::storage
