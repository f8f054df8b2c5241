#include "broker/core/idempotence.h"

#include <spdlog/spdlog.h>
#include <limits>
#include <optional>

#include "broker/core/metadata_file.h"
#include "record_batch.h"

namespace tideline::broker {
namespace {

constexpr std::int16_t kUnknownServerError = -1;
// How much of a log's tail is scanned to rebuild producer state: a producer silent for longer
// than this is unknown afterwards, and its next batch gets UNKNOWN_PRODUCER_ID, from which
// clients recover by starting a new sequence (as after Kafka's own producer state expiry).
constexpr std::uint64_t kRebuildScanBytes = 64ull * 1024 * 1024;
constexpr std::size_t kRebuildReadBytes = 8 * 1024 * 1024;

std::optional<ProducerBatch> producer_batch_of(const protocol::BatchHeader& header) {
    if (header.producer_id < 0 || header.is_control()) return std::nullopt;
    ProducerBatch batch;
    batch.producer_id = header.producer_id;
    batch.producer_epoch = header.producer_epoch;
    batch.first_sequence = header.base_sequence;
    batch.last_sequence = last_sequence_of(header.base_sequence, header.last_offset_delta);
    batch.first_offset = header.base_offset;
    batch.last_offset = header.last_offset();
    return batch;
}

void rebuild_from_log(PartitionProducers& producers, const storage::PartitionLog& log) {
    const auto& segments = log.segments();
    std::uint64_t scanned = 0;
    auto offset = log.log_end_offset();
    for (auto it = segments.rbegin(); it != segments.rend() && scanned < kRebuildScanBytes; ++it) {
        scanned += it->size();
        offset = it->base_offset();
    }
    offset = std::max(offset, log.log_start_offset());
    while (offset < log.log_end_offset()) {
        auto slice = log.read(offset, kRebuildReadBytes);
        if (!slice || slice->records.empty()) break;
        protocol::BatchSetReader reader(slice->records, {.verify_crc = false});
        auto next = offset;
        while (auto view = reader.next()) {
            if (auto batch = producer_batch_of(view->header)) producers.record(*batch);
            next = view->header.last_offset() + 1;
        }
        if (next <= offset) break;
        offset = next;
    }
}

}  // namespace

ProducerIdGrant Idempotence::allocate() {
    const auto id = state_.next_producer_id;
    ++state_.next_producer_id;
    // Persisted before the id leaves the broker, so a restart can never hand it out again.
    if (auto error = save_metadata(state_); !error.empty()) {
        --state_.next_producer_id;
        spdlog::error("cannot persist producer id {}: {}", id, error);
        return {kUnknownServerError, -1, -1};
    }
    granted_epochs_[id] = 0;
    return {0, id, 0};
}

ProducerIdGrant Idempotence::init_producer(std::int64_t producer_id, std::int16_t producer_epoch) {
    const bool resuming = producer_id >= 0 && producer_epoch >= 0 && producer_id < state_.next_producer_id;
    if (!resuming) return allocate();
    auto granted = granted_epochs_.find(producer_id);
    if (granted != granted_epochs_.end() && producer_epoch < granted->second) {
        return {kInvalidProducerEpoch, -1, -1};
    }
    // An exhausted epoch cannot be bumped: the producer starts over with a new id.
    if (producer_epoch >= std::numeric_limits<std::int16_t>::max() - 1) return allocate();
    const auto epoch = static_cast<std::int16_t>(producer_epoch + 1);
    granted_epochs_[producer_id] = epoch;
    return {0, producer_id, epoch};
}

Idempotence::Slot& Idempotence::slot_for(const TopicState& topic, const PartitionState& partition) {
    auto& slot = slots_[{topic.name, partition.index}];
    if (slot.topic_id != topic.id || slot.leader_epoch != partition.leader_epoch) {
        slot = Slot{topic.id, partition.leader_epoch, {}};
        if (const auto* log = partition.leader_log()) rebuild_from_log(slot.producers, *log);
        if (slot.producers.producer_count() > 0) {
            spdlog::debug("{}-{}: producer state of {} producer(s) rebuilt from the log", topic.name,
                          partition.index, slot.producers.producer_count());
        }
    }
    return slot;
}

IdempotenceVerdict Idempotence::check(const TopicState& topic, const PartitionState& partition,
                                      std::span<const std::uint8_t> records) {
    // Headers only: a batch whose bytes are broken is refused by the append with the right error.
    protocol::BatchSetReader reader(records, {.verify_crc = false});
    std::vector<ProducerBatch> batches;
    while (auto view = reader.next()) {
        if (auto batch = producer_batch_of(view->header)) batches.push_back(*batch);
    }
    if (batches.empty()) return {};
    auto& slot = slot_for(topic, partition);
    // Several batches in one request are checked as if each earlier one had been appended.
    std::optional<PartitionProducers> scratch;
    const PartitionProducers* current = &slot.producers;
    for (std::size_t i = 0; i < batches.size(); ++i) {
        auto verdict = current->check(batches[i]);
        if (verdict.kind == SequenceVerdict::Kind::Duplicate) {
            return {verdict.kind, 0, {}, verdict.first_offset};
        }
        if (verdict.kind == SequenceVerdict::Kind::Reject) {
            return {verdict.kind, verdict.error_code, std::move(verdict.message), -1};
        }
        if (i + 1 < batches.size()) {
            if (!scratch) scratch = slot.producers;
            scratch->record(batches[i]);
            current = &*scratch;
        }
    }
    return {};
}

void Idempotence::record(const TopicState& topic, const PartitionState& partition,
                         std::span<const std::uint8_t> appended) {
    auto& slot = slot_for(topic, partition);
    protocol::BatchSetReader reader(appended, {.verify_crc = false});
    while (auto view = reader.next()) {
        if (auto batch = producer_batch_of(view->header)) slot.producers.record(*batch);
    }
}

}  // namespace tideline::broker
