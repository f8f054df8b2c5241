// Facts derived from snapshots: partition health, message counts, rates and consumer lag. Pure
// functions of their arguments, so they run on any thread and are tested without a cluster.
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <optional>

#include "model/snapshot.h"

namespace tideline::model {

// What Kafka assumes when a topic's min.insync.replicas has not been read.
inline constexpr int kDefaultMinInsyncReplicas = 1;

bool isOffline(const PartitionInfo& partition);
bool isUnderReplicated(const PartitionInfo& partition);
bool isUnderMinIsr(const PartitionInfo& partition, int minInsyncReplicas);
// A leader other than the first replica: leadership is unbalanced until a preferred election.
bool hasNonPreferredLeader(const PartitionInfo& partition);
int effectiveMinInsyncReplicas(const TopicInfo& topic);

QList<TopicPartition> offlinePartitions(const ClusterSnapshot& snapshot);
QList<TopicPartition> underReplicatedPartitions(const ClusterSnapshot& snapshot);
QList<TopicPartition> underMinIsrPartitions(const ClusterSnapshot& snapshot);
QList<TopicPartition> nonPreferredLeaderPartitions(const ClusterSnapshot& snapshot);

// Records currently retained: high minus low watermark; unknown until both are known.
std::optional<qint64> messagesIn(const PartitionInfo& partition);
// Sum over the partitions whose watermarks are known; unknown when none is (as in a snapshot sent
// before any watermarks were read), never 0 for that.
std::optional<qint64> messagesIn(const TopicInfo& topic);

// Records per second appended to each topic between two snapshots, from high watermark deltas.
// Topics or partitions missing from either snapshot are left out, and a watermark that went back
// (topic recreated) counts as no progress; empty when `after` is not later than `before`.
QHash<QString, double> produceRates(const ClusterSnapshot& before, const ClusterSnapshot& after);
// Records per second each group committed past, from committed offset deltas, by the same rules.
QHash<QString, double> consumeRates(const ClusterSnapshot& before, const ClusterSnapshot& after);

// High watermark minus committed offset, never negative (a commit can briefly run ahead of the
// watermark the snapshot saw); unknown when either is.
std::optional<qint64> offsetLag(std::optional<qint64> committed, std::optional<qint64> highWatermark);

struct PartitionLag {
    QString topic;
    qint32 partition = -1;
    std::optional<qint64> committed;  // empty: the group has no commit for this partition
    std::optional<qint64> highWatermark;
    std::optional<qint64> lag;
    QString assignedClientId;  // the member consuming it now, empty when unassigned
    QString assignedHost;

    bool hasCommit() const { return committed.has_value(); }
    bool operator==(const PartitionLag&) const = default;
};

// One row per partition of every topic the group has committed to or is assigned, sorted by topic and
// partition. A partition without a commit reports "no commit", never a lag from offset zero.
QList<PartitionLag> groupLag(const ClusterSnapshot& snapshot, const ConsumerGroupInfo& group);

struct GroupLagTotals {
    qint64 lag = 0;                    // over partitions whose lag is known
    int partitionsWithoutCommit = 0;   // left out of `lag` rather than counted as everything
    int partitionsWithUnknownLag = 0;  // committed, but the watermark is not known
};
GroupLagTotals totalLag(const QList<PartitionLag>& partitions);

// Binary searches, relying on the snapshot's lists being sorted as snapshot.h documents.
const TopicInfo* findTopic(const ClusterSnapshot& snapshot, const QString& name);
const ConsumerGroupInfo* findGroup(const ClusterSnapshot& snapshot, const QString& id);

// Puts every list in the order snapshot.h documents; sessions deliver snapshots already sorted.
void sortSnapshot(ClusterSnapshot& snapshot);

}  // namespace tideline::model
