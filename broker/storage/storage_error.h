// Errors of the on-disk log, as values. Codes are Kafka's own wire error codes so that the request
// layer can hand them to clients unchanged; the message is for logs and tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace tideline::broker::storage {

enum class ErrorCode : std::int16_t {
    OffsetOutOfRange = 1,
    CorruptMessage = 2,       // a batch fails its CRC or framing checks
    MessageTooLarge = 10,     // one batch above max.message.bytes
    RecordListTooLarge = 18,  // a whole append above segment.bytes: it could never fit a segment
    KafkaStorageError = 56,   // the disk failed us (I/O error, damaged files)
    FencedLeaderEpoch = 74,   // an append as leader of an epoch older than one already in the log
    InvalidRecord = 87,       // well-framed but not acceptable: offsets, counts, control batches
};

const char* to_string(ErrorCode code);

struct StorageError {
    ErrorCode code = ErrorCode::KafkaStorageError;
    std::string message;
};

// The outcome of an operation that returns nothing: nullopt when it succeeded.
using Status = std::optional<StorageError>;

// A value or the error that prevented it. Deliberately small: ok(), value(), error().
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(StorageError error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    // Only valid when ok(); std::get throws otherwise, which is a bug in the caller, not bad input.
    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const StorageError& error() const { return std::get<1>(state_); }

private:
    std::variant<T, StorageError> state_;
};

}  // namespace tideline::broker::storage
