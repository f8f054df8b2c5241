// The records the coordinator keeps in `__consumer_offsets`, in Kafka's own format so that any
// tool reading the topic understands them: the key is an int16 schema version followed by
// OffsetCommitKey (versions 0-1) or GroupMetadataKey (version 2), the value an int16 version
// followed by OffsetCommitValue or GroupMetadataValue; a null value (tombstone) deletes the key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "broker/core/groups/group.h"
#include "messages.h"
#include "record_batch.h"

namespace tideline::broker {

// The versions written; readers accept every version Kafka has used.
inline constexpr std::int16_t kOffsetKeyVersion = 1;
inline constexpr std::int16_t kOffsetValueVersion = 3;
inline constexpr std::int16_t kGroupKeyVersion = 2;
inline constexpr std::int16_t kGroupValueVersion = 3;

protocol::RecordInput offset_commit_record(const std::string& group, const GroupTopicPartition& partition,
                                           const CommittedOffset& offset);
protocol::RecordInput offset_tombstone(const std::string& group, const GroupTopicPartition& partition);
protocol::RecordInput group_metadata_record(const Group& group, std::int64_t now_ms);
protocol::RecordInput group_tombstone(const std::string& group);

// One record read back from the topic. A value of nullopt is a tombstone.
struct OffsetRecord {
    protocol::OffsetCommitKey key;
    std::optional<protocol::OffsetCommitValue> value;
};
struct GroupRecord {
    std::string group;
    std::optional<protocol::GroupMetadataValue> value;
};
using CoordinatorRecord = std::variant<OffsetRecord, GroupRecord>;

// nullopt for keys of other kinds (Kafka's newer coordinator writes more) and unreadable bytes.
std::optional<CoordinatorRecord> decode_coordinator_record(protocol::ByteView key,
                                                           std::optional<protocol::ByteView> value);

}  // namespace tideline::broker
