// Kafka's "consumer" embedded protocol: what a consumer group's leader hands each member in SyncGroup
// and what DescribeGroups returns as the member's assignment bytes.
#pragma once

#include <QByteArray>
#include <QList>
#include <optional>

#include "model/snapshot.h"

namespace tideline::model {

// The protocol type Kafka consumers register; other types (Connect, Schema Registry) encode their
// assignment differently, and their bytes must not be read as partitions.
inline constexpr char kConsumerProtocolType[] = "consumer";

// Reads ConsumerProtocolAssignment (every version so far: version, [topic, [partition]], user data),
// sorted by topic and partition. Empty bytes, as for a member that has not synced yet, mean no
// partitions. Nothing when the bytes are truncated or not an assignment at all.
std::optional<QList<TopicPartition>> decodeConsumerAssignment(const QByteArray& bytes);

// The encoding, for tests and for a future "reset offsets" feature that must speak it.
QByteArray encodeConsumerAssignment(const QList<TopicPartition>& assignment, qint16 version = 0);

}  // namespace tideline::model
