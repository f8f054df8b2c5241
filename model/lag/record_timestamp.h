// The question the lag engine asks about records it cannot read itself, and the answer to it.
#pragma once

#include <QString>

namespace tideline::model {

struct RecordTimestampRequest {
    QString topic;
    qint32 partition = -1;
    qint64 offset = -1;  // a committed offset: the first record the group has not consumed

    bool operator==(const RecordTimestampRequest&) const = default;
    bool operator<(const RecordTimestampRequest& other) const {
        if (topic != other.topic) {
            return topic < other.topic;
        }
        return partition != other.partition ? partition < other.partition : offset < other.offset;
    }
};

enum class RecordTimestampType {
    NotAvailable,
    CreateTime,     // set by the producer: its clock, possibly skewed or replayed
    LogAppendTime,  // set by the broker on append
};

struct RecordTimestamp {
    QString topic;
    qint32 partition = -1;
    qint64 requestedOffset = -1;
    // The record actually found: later than requested when the requested one is gone (retention,
    // compaction) or is a transaction marker; either way, the next record the group will read.
    qint64 offset = -1;
    qint64 timestampMs = -1;
    RecordTimestampType type = RecordTimestampType::NotAvailable;

    bool operator==(const RecordTimestamp&) const = default;
};

}  // namespace tideline::model
