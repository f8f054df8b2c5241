// What the log checks before it accepts batches from a producer (or a coordinator), the part of
// Kafka's LogValidator that applies when batches are stored as received: framing and CRC, size limits,
// offset range against record count, and for uncompressed batches every record's framing. Compressed
// batches are not decompressed, so their records are taken on trust.
#pragma once

#include "broker/storage/storage_error.h"
#include "record_batch.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tideline::broker::storage {

struct AppendLimits {
    std::size_t max_batch_bytes = 1048588;  // max.message.bytes, per batch
    bool allow_control_batches = false;     // only transaction coordinators write markers
};

struct ValidatedBatch {
    protocol::BatchHeader header;
    std::size_t position = 0;  // where the batch starts in the appended buffer
};

// The batches of `batches`, in order, or why they cannot be appended:
//   CorruptMessage      framing broken, CRC mismatch, or a partial batch at the end
//   MessageTooLarge     a batch above max_batch_bytes
//   InvalidRecord       no batches; an unsupported magic or codec; offsets that disagree with the record
//                       count; a control batch from a client; a broken record inside an uncompressed batch
Result<std::vector<ValidatedBatch>> validate_for_append(protocol::ByteView batches,
                                                        const AppendLimits& limits);

}  // namespace tideline::broker::storage
