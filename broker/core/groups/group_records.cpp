#include "broker/core/groups/group_records.h"

#include <chrono>

namespace tideline::broker {
namespace {

template <typename Message>
protocol::Bytes encode(std::int16_t version, const Message& message) {
    protocol::Bytes out;
    protocol::Writer writer(out);
    writer.write_int16(version);
    message.write(writer, version);
    return out;
}

protocol::RecordInput record(protocol::Bytes key, std::optional<protocol::Bytes> value, std::int64_t now_ms) {
    protocol::RecordInput input;
    input.key = std::move(key);
    input.value = std::move(value);
    input.timestamp = now_ms;
    return input;
}

protocol::Bytes offset_key(const std::string& group, const GroupTopicPartition& partition) {
    protocol::OffsetCommitKey key;
    key.group = group;
    key.topic = partition.first;
    key.partition = partition.second;
    return encode(kOffsetKeyVersion, key);
}

protocol::Bytes group_key(const std::string& group) {
    protocol::GroupMetadataKey key;
    key.group = group;
    return encode(kGroupKeyVersion, key);
}

std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

template <typename Message>
std::optional<Message> decode_value(protocol::ByteView bytes) {
    protocol::Reader reader(bytes);
    const auto version = reader.read_int16();
    if (version < Message::kMinVersion || version > Message::kMaxVersion) return std::nullopt;
    Message message;
    message.read(reader, version);
    return message;
}

}  // namespace

protocol::RecordInput offset_commit_record(const std::string& group, const GroupTopicPartition& partition,
                                           const CommittedOffset& offset) {
    protocol::OffsetCommitValue value;
    value.offset = offset.offset;
    value.leader_epoch = offset.leader_epoch;
    value.metadata = offset.metadata;
    value.commit_timestamp = offset.commit_timestamp;
    return record(offset_key(group, partition), encode(kOffsetValueVersion, value), offset.commit_timestamp);
}

protocol::RecordInput offset_tombstone(const std::string& group, const GroupTopicPartition& partition) {
    return record(offset_key(group, partition), std::nullopt, system_now_ms());
}

protocol::RecordInput group_metadata_record(const Group& group, std::int64_t now_ms) {
    protocol::GroupMetadataValue value;
    value.protocol_type = group.protocol_type.value_or("");
    value.generation = group.generation;
    value.protocol = group.protocol_name;
    value.leader = group.leader_id.empty() ? std::nullopt : std::optional<std::string>(group.leader_id);
    value.current_state_timestamp = group.state_timestamp_ms;
    for (const auto& [id, member] : group.members) {
        auto& out = value.members.emplace_back();
        out.member_id = id;
        out.group_instance_id = member.instance_id;
        out.client_id = member.client_id;
        out.client_host = member.client_host;
        out.rebalance_timeout = member.rebalance_timeout_ms;
        out.session_timeout = member.session_timeout_ms;
        if (group.protocol_name) {
            if (const auto* metadata = member.metadata_for(*group.protocol_name))
                out.subscription = *metadata;
        }
        out.assignment = member.assignment;
    }
    return record(group_key(group.id), encode(kGroupValueVersion, value), now_ms);
}

protocol::RecordInput group_tombstone(const std::string& group) {
    return record(group_key(group), std::nullopt, system_now_ms());
}

std::optional<CoordinatorRecord> decode_coordinator_record(protocol::ByteView key,
                                                           std::optional<protocol::ByteView> value) {
    try {
        protocol::Reader reader(key);
        const auto key_version = reader.read_int16();
        if (key_version == 0 || key_version == 1) {
            OffsetRecord out;
            out.key.read(reader, key_version);
            if (value) {
                out.value = decode_value<protocol::OffsetCommitValue>(*value);
                if (!out.value) return std::nullopt;
            }
            return out;
        }
        if (key_version == 2) {
            protocol::GroupMetadataKey group_key;
            group_key.read(reader, key_version);
            GroupRecord out{group_key.group, std::nullopt};
            if (value) {
                out.value = decode_value<protocol::GroupMetadataValue>(*value);
                if (!out.value) return std::nullopt;
            }
            return out;
        }
    } catch (const protocol::DecodeFailure&) {
    }
    return std::nullopt;
}

}  // namespace tideline::broker
