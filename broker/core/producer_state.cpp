#include "broker/core/producer_state.h"

#include <limits>

namespace tideline::broker {

std::int32_t next_sequence(std::int32_t sequence) {
    return sequence == std::numeric_limits<std::int32_t>::max() ? 0 : sequence + 1;
}

std::int32_t last_sequence_of(std::int32_t first, std::int32_t last_offset_delta) {
    const auto last = static_cast<std::int64_t>(first) + last_offset_delta;
    constexpr auto kRange = static_cast<std::int64_t>(std::numeric_limits<std::int32_t>::max()) + 1;
    return static_cast<std::int32_t>(last >= kRange ? last - kRange : last);
}

SequenceVerdict PartitionProducers::check(const ProducerBatch& batch) const {
    auto it = producers_.find(batch.producer_id);
    const Entry* entry = it == producers_.end() ? nullptr : &it->second;
    const auto where = " (producer " + std::to_string(batch.producer_id) + ", epoch " +
                       std::to_string(batch.producer_epoch) + ")";

    // A retry of a batch that is still remembered gets the original answer, not a second copy.
    if (entry && entry->epoch == batch.producer_epoch) {
        for (const auto& seen : entry->batches) {
            if (seen.first_sequence == batch.first_sequence && seen.last_sequence == batch.last_sequence) {
                SequenceVerdict verdict;
                verdict.kind = SequenceVerdict::Kind::Duplicate;
                verdict.first_offset = seen.first_offset;
                verdict.last_offset = seen.last_offset;
                return verdict;
            }
        }
    }
    auto reject = [](std::int16_t code, std::string message) {
        SequenceVerdict verdict;
        verdict.kind = SequenceVerdict::Kind::Reject;
        verdict.error_code = code;
        verdict.message = std::move(message);
        return verdict;
    };
    if (!entry) {
        // Kafka cannot tell a new producer from one whose state was lost (retention removed its
        // batches): only a batch starting at sequence 0 proves it is a fresh start.
        if (batch.first_sequence != 0) {
            return reject(kUnknownProducerId, "Found no record of producer " +
                                                  std::to_string(batch.producer_id) +
                                                  " on this partition; first sequence is " +
                                                  std::to_string(batch.first_sequence) + where);
        }
        return SequenceVerdict::append();
    }
    if (batch.producer_epoch < entry->epoch) {
        return reject(kInvalidProducerEpoch, "Producer's epoch " + std::to_string(batch.producer_epoch) +
                                                 " is smaller than the last seen epoch " +
                                                 std::to_string(entry->epoch) + where);
    }
    if (batch.producer_epoch > entry->epoch) {
        if (batch.first_sequence != 0) {
            return reject(kOutOfOrderSequenceNumber,
                          "Invalid sequence number for new epoch: first sequence " +
                              std::to_string(batch.first_sequence) + " should be 0" + where);
        }
        return SequenceVerdict::append();
    }
    if (entry->batches.empty()) {
        if (batch.first_sequence != 0) {
            return reject(kOutOfOrderSequenceNumber,
                          "Expected sequence 0 but got " + std::to_string(batch.first_sequence) + where);
        }
        return SequenceVerdict::append();
    }
    const auto expected = next_sequence(entry->batches.back().last_sequence);
    if (batch.first_sequence != expected) {
        return reject(kOutOfOrderSequenceNumber, "Out of order sequence number: expected " +
                                                     std::to_string(expected) + ", got " +
                                                     std::to_string(batch.first_sequence) + where);
    }
    return SequenceVerdict::append();
}

void PartitionProducers::record(const ProducerBatch& batch) {
    auto& entry = producers_[batch.producer_id];
    if (batch.producer_epoch != entry.epoch) {
        entry.epoch = batch.producer_epoch;
        entry.batches.clear();
    }
    entry.batches.push_back(batch);
    while (entry.batches.size() > kProducerBatchWindow) entry.batches.pop_front();
}

}  // namespace tideline::broker
