// Idempotent producers: what one partition remembers about each producer id (its epoch and its
// last five batches) and Kafka's rules for the next batch it sends. Pure logic, no logs, no
// sockets: the produce handler asks check() before appending and calls record() after.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace tideline::broker {

inline constexpr std::int16_t kOutOfOrderSequenceNumber = 45;
inline constexpr std::int16_t kInvalidProducerEpoch = 47;
inline constexpr std::int16_t kUnknownProducerId = 59;

// Kafka keeps this many batches per producer to answer retries with their original offsets; a
// producer never has more in flight (max.in.flight.requests.per.connection <= 5).
inline constexpr std::size_t kProducerBatchWindow = 5;

// The producer fields of one batch header, plus where it landed once appended.
struct ProducerBatch {
    std::int64_t producer_id = -1;
    std::int16_t producer_epoch = -1;
    std::int32_t first_sequence = -1;
    std::int32_t last_sequence = -1;
    std::int64_t first_offset = -1;
    std::int64_t last_offset = -1;
};

struct SequenceVerdict {
    enum class Kind { Append, Duplicate, Reject };
    Kind kind = Kind::Append;
    std::int16_t error_code = 0;     // with Reject
    std::string message;             // with Reject
    std::int64_t first_offset = -1;  // with Duplicate: where the original batch landed
    std::int64_t last_offset = -1;

    static SequenceVerdict append() { return {}; }
};

class PartitionProducers {
public:
    // What Kafka does with `batch` (first_offset/last_offset unused) given what came before.
    SequenceVerdict check(const ProducerBatch& batch) const;
    // Remembers an appended batch (with its offsets). A newer epoch replaces the producer's history.
    void record(const ProducerBatch& batch);

    std::size_t producer_count() const { return producers_.size(); }

private:
    struct Entry {
        std::int16_t epoch = -1;
        std::deque<ProducerBatch> batches;  // oldest first, at most kProducerBatchWindow
    };
    std::map<std::int64_t, Entry> producers_;
};

// Sequence numbers wrap from INT32_MAX to 0, as in Kafka.
std::int32_t next_sequence(std::int32_t sequence);
// The last sequence of a batch of `record_count` records starting at `first`, wrapping likewise.
std::int32_t last_sequence_of(std::int32_t first, std::int32_t last_offset_delta);

}  // namespace tideline::broker
