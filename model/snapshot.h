// What Tideline knows about one cluster at one moment. Plain values only: a session builds them on its
// own thread and hands copies to the GUI thread through queued signals, so no thread ever reads
// another's state. Lists are QList so that these copies share their data instead of duplicating it.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

namespace tideline::model {

enum class BrokerReachability {
    Unknown,      // the client has had no reason to connect to it yet
    Reachable,    // connected and past the handshake
    Unreachable,  // a connection was attempted and is not up: often a wrong advertised listener
};

struct BrokerInfo {
    qint32 id = -1;
    QString host;
    int port = 0;
    QString rack;  // empty when unknown; librdkafka 2.0.2's metadata API does not report racks
    BrokerReachability reachability = BrokerReachability::Unknown;

    bool operator==(const BrokerInfo&) const = default;
};

struct PartitionInfo {
    qint32 id = -1;
    qint32 leader = -1;      // -1: no broker leads it, so it is offline
    QList<qint32> replicas;  // the first one is the preferred leader
    QList<qint32> isr;
    QList<qint32> offlineReplicas;
    // Unknown until an offsets poll has answered for this partition.
    std::optional<qint64> lowWatermark;
    std::optional<qint64> highWatermark;
    QString error;  // what the broker reported for this partition, e.g. "Leader not available"

    bool operator==(const PartitionInfo&) const = default;
};

// A topic's bytes on disk, from DescribeLogDirs. Leader bytes are what retention.bytes bounds per
// partition and what users compare with it; the followers' copies add to the disk used.
struct TopicSize {
    qint64 leaderBytes = 0;            // the leader replica of every partition
    qint64 allReplicasBytes = 0;       // every replica that reported, followers included
    bool allReplicasReported = false;  // false: some follower's broker did not answer

    bool operator==(const TopicSize&) const = default;
};

struct TopicInfo {
    QString name;
    bool internal = false;
    QList<PartitionInfo> partitions;  // sorted by id
    // The topic's min.insync.replicas when it has been read; facts assume 1 otherwise.
    std::optional<int> minInsyncReplicas;
    // Read at the config refresh cadence; unknown until then, and when the cluster refuses or lacks
    // DescribeLogDirs or a leader's broker did not answer.
    std::optional<TopicSize> size;
    QString error;  // e.g. an authorization failure that hides the partitions

    bool operator==(const TopicInfo&) const = default;
};

struct TopicPartition {
    QString topic;
    qint32 partition = -1;

    bool operator==(const TopicPartition&) const = default;
    bool operator<(const TopicPartition& other) const {
        return topic != other.topic ? topic < other.topic : partition < other.partition;
    }
};

struct GroupMember {
    QString memberId;
    QString clientId;
    QString host;
    // Decoded from the consumer protocol's assignment bytes; empty for other protocol types.
    QList<TopicPartition> assignment;

    bool operator==(const GroupMember&) const = default;
};

struct CommittedOffset {
    QString topic;
    qint32 partition = -1;
    qint64 offset = -1;

    bool operator==(const CommittedOffset&) const = default;
};

struct ConsumerGroupInfo {
    QString id;
    QString state;         // as Kafka spells it (Stable, Empty, PreparingRebalance, ...); empty if unknown
    QString protocolType;  // "consumer" for Kafka consumers, "connect" for Connect workers, ...
    QString protocol;      // the chosen assignor for consumers, e.g. "range"
    qint32 coordinatorId = -1;
    QList<GroupMember> members;
    QList<CommittedOffset> committedOffsets;  // sorted by topic, then partition
    QString error;  // why describing the group or reading its offsets failed, when it did

    bool operator==(const ConsumerGroupInfo&) const = default;
};

struct ClusterSnapshot {
    // Increases with every snapshot of a session, so that a late, older one can be recognised and dropped.
    quint64 requestId = 0;
    // When the watermarks and committed offsets were read: rates divide their deltas by this time's.
    QDateTime takenAt;
    QString clusterId;
    qint32 controllerId = -1;
    QList<BrokerInfo> brokers;        // sorted by id
    QList<TopicInfo> topics;          // sorted by name
    QList<ConsumerGroupInfo> groups;  // sorted by id
    // Partial failures that still left a usable snapshot, phrased for the user.
    QStringList warnings;
    // Set on the early snapshot a session sends once the cluster's metadata is known, before its first
    // watermarks, groups and committed offsets are read: brokers, topics and partitions only, no
    // watermarks (unknown, not zero), no groups, no takenAt. Full snapshots follow.
    bool metadataOnly = false;

    bool operator==(const ClusterSnapshot&) const = default;
};

// Makes the value types usable in queued signals; safe to call any number of times from any thread.
void registerSnapshotMetaTypes();

}  // namespace tideline::model

Q_DECLARE_METATYPE(tideline::model::ClusterSnapshot)
Q_DECLARE_METATYPE(tideline::model::BrokerReachability)
