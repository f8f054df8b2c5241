// Small snapshots for tests, built in a line or two each.
#pragma once

#include <QDateTime>
#include <QTimeZone>

#include "model/snapshot.h"
#include "model/snapshot_facts.h"

namespace tideline::model::testing {

inline PartitionInfo partition(qint32 id, qint32 leader, QList<qint32> replicas, QList<qint32> isr,
                               std::optional<qint64> low = 0, std::optional<qint64> high = 0) {
    PartitionInfo info;
    info.id = id;
    info.leader = leader;
    info.replicas = std::move(replicas);
    info.isr = std::move(isr);
    info.lowWatermark = low;
    info.highWatermark = high;
    return info;
}

// A healthy partition led by its preferred replica, with the given watermarks.
inline PartitionInfo healthyPartition(qint32 id, qint64 low, qint64 high) {
    return partition(id, 1, {1, 2, 3}, {1, 2, 3}, low, high);
}

inline TopicInfo topic(const QString& name, QList<PartitionInfo> partitions) {
    TopicInfo info;
    info.name = name;
    info.partitions = std::move(partitions);
    return info;
}

inline ConsumerGroupInfo group(const QString& id, QList<CommittedOffset> committed,
                               QList<GroupMember> members = {}) {
    ConsumerGroupInfo info;
    info.id = id;
    info.state = "Stable";
    info.protocolType = "consumer";
    info.protocol = "range";
    info.coordinatorId = 1;
    info.committedOffsets = std::move(committed);
    info.members = std::move(members);
    return info;
}

inline BrokerInfo broker(qint32 id, const QString& host = "localhost", int port = 9092) {
    return BrokerInfo{id, host, port, {}, BrokerReachability::Reachable};
}

inline ClusterSnapshot snapshot(QList<TopicInfo> topics, QList<ConsumerGroupInfo> groups = {},
                                qint64 takenAtMs = 1'700'000'000'000) {
    ClusterSnapshot result;
    result.clusterId = "test-cluster";
    result.controllerId = 1;
    result.takenAt = QDateTime::fromMSecsSinceEpoch(takenAtMs, QTimeZone::utc());
    result.brokers = {broker(1), broker(2), broker(3)};
    result.topics = std::move(topics);
    result.groups = std::move(groups);
    sortSnapshot(result);
    return result;
}

}  // namespace tideline::model::testing
