#include "model/snapshot_facts.h"

#include <QMap>
#include <algorithm>

namespace tideline::model {
namespace {

template <typename Predicate>
QList<TopicPartition> partitionsWhere(const ClusterSnapshot& snapshot, Predicate predicate) {
    QList<TopicPartition> found;
    for (const TopicInfo& topic : snapshot.topics) {
        for (const PartitionInfo& partition : topic.partitions) {
            if (predicate(topic, partition)) {
                found.append({topic.name, partition.id});
            }
        }
    }
    return found;
}

double secondsBetween(const ClusterSnapshot& before, const ClusterSnapshot& after) {
    if (!before.takenAt.isValid() || !after.takenAt.isValid()) {
        return 0.0;
    }
    return static_cast<double>(before.takenAt.msecsTo(after.takenAt)) / 1000.0;
}

QHash<qint32, std::optional<qint64>> highWatermarksById(const TopicInfo& topic) {
    QHash<qint32, std::optional<qint64>> byId;
    byId.reserve(topic.partitions.size());
    for (const PartitionInfo& partition : topic.partitions) {
        byId.insert(partition.id, partition.highWatermark);
    }
    return byId;
}

// Sums positive deltas only: a value that went back means the log or commit was reset, and the
// distance back says nothing about throughput.
qint64 forwardProgress(std::optional<qint64> before, std::optional<qint64> after) {
    if (!before || !after || *after < *before) {
        return 0;
    }
    return *after - *before;
}

}  // namespace

bool isOffline(const PartitionInfo& partition) { return partition.leader < 0; }

bool isUnderReplicated(const PartitionInfo& partition) {
    return partition.isr.size() < partition.replicas.size();
}

bool isUnderMinIsr(const PartitionInfo& partition, int minInsyncReplicas) {
    return partition.isr.size() < minInsyncReplicas;
}

bool hasNonPreferredLeader(const PartitionInfo& partition) {
    return !isOffline(partition) && !partition.replicas.isEmpty() &&
           partition.leader != partition.replicas.front();
}

int effectiveMinInsyncReplicas(const TopicInfo& topic) {
    return topic.minInsyncReplicas.value_or(kDefaultMinInsyncReplicas);
}

QList<TopicPartition> offlinePartitions(const ClusterSnapshot& snapshot) {
    return partitionsWhere(snapshot, [](const TopicInfo&, const PartitionInfo& p) { return isOffline(p); });
}

QList<TopicPartition> underReplicatedPartitions(const ClusterSnapshot& snapshot) {
    return partitionsWhere(snapshot,
                           [](const TopicInfo&, const PartitionInfo& p) { return isUnderReplicated(p); });
}

QList<TopicPartition> underMinIsrPartitions(const ClusterSnapshot& snapshot) {
    return partitionsWhere(snapshot, [](const TopicInfo& topic, const PartitionInfo& p) {
        return isUnderMinIsr(p, effectiveMinInsyncReplicas(topic));
    });
}

QList<TopicPartition> nonPreferredLeaderPartitions(const ClusterSnapshot& snapshot) {
    return partitionsWhere(snapshot,
                           [](const TopicInfo&, const PartitionInfo& p) { return hasNonPreferredLeader(p); });
}

std::optional<qint64> messagesIn(const PartitionInfo& partition) {
    if (!partition.lowWatermark || !partition.highWatermark) {
        return std::nullopt;
    }
    return std::max<qint64>(0, *partition.highWatermark - *partition.lowWatermark);
}

std::optional<qint64> messagesIn(const TopicInfo& topic) {
    std::optional<qint64> total;
    for (const PartitionInfo& partition : topic.partitions) {
        if (const std::optional<qint64> messages = messagesIn(partition)) {
            total = total.value_or(0) + *messages;
        }
    }
    return total;
}

QHash<QString, double> produceRates(const ClusterSnapshot& before, const ClusterSnapshot& after) {
    QHash<QString, double> rates;
    const double seconds = secondsBetween(before, after);
    if (seconds <= 0.0) {
        return rates;
    }
    QHash<QString, const TopicInfo*> earlier;
    earlier.reserve(before.topics.size());
    for (const TopicInfo& topic : before.topics) {
        earlier.insert(topic.name, &topic);
    }
    for (const TopicInfo& topic : after.topics) {
        const TopicInfo* old = earlier.value(topic.name);
        if (old == nullptr) {
            continue;
        }
        const auto oldHighs = highWatermarksById(*old);
        qint64 appended = 0;
        for (const PartitionInfo& partition : topic.partitions) {
            if (const auto it = oldHighs.constFind(partition.id); it != oldHighs.cend()) {
                appended += forwardProgress(*it, partition.highWatermark);
            }
        }
        rates.insert(topic.name, static_cast<double>(appended) / seconds);
    }
    return rates;
}

QHash<QString, double> consumeRates(const ClusterSnapshot& before, const ClusterSnapshot& after) {
    QHash<QString, double> rates;
    const double seconds = secondsBetween(before, after);
    if (seconds <= 0.0) {
        return rates;
    }
    QHash<QString, const ConsumerGroupInfo*> earlier;
    earlier.reserve(before.groups.size());
    for (const ConsumerGroupInfo& group : before.groups) {
        earlier.insert(group.id, &group);
    }
    for (const ConsumerGroupInfo& group : after.groups) {
        const ConsumerGroupInfo* old = earlier.value(group.id);
        if (old == nullptr) {
            continue;
        }
        QMap<TopicPartition, qint64> oldOffsets;
        for (const CommittedOffset& committed : old->committedOffsets) {
            oldOffsets.insert({committed.topic, committed.partition}, committed.offset);
        }
        qint64 consumed = 0;
        for (const CommittedOffset& committed : group.committedOffsets) {
            const auto it = oldOffsets.constFind({committed.topic, committed.partition});
            if (it != oldOffsets.cend()) {
                consumed += forwardProgress(*it, committed.offset);
            }
        }
        rates.insert(group.id, static_cast<double>(consumed) / seconds);
    }
    return rates;
}

std::optional<qint64> offsetLag(std::optional<qint64> committed, std::optional<qint64> highWatermark) {
    if (!committed || !highWatermark) {
        return std::nullopt;
    }
    return std::max<qint64>(0, *highWatermark - *committed);
}

QList<PartitionLag> groupLag(const ClusterSnapshot& snapshot, const ConsumerGroupInfo& group) {
    // Every partition of a topic the group touches gets a row, so that partitions it never committed
    // to show up as such instead of silently missing.
    QMap<TopicPartition, PartitionLag> rows;
    auto rowFor = [&rows](const QString& topic, qint32 partition) -> PartitionLag& {
        auto it = rows.find({topic, partition});
        if (it == rows.end()) {
            it = rows.insert({topic, partition}, PartitionLag{topic, partition, {}, {}, {}, {}, {}});
        }
        return *it;
    };
    QStringList topics;
    for (const CommittedOffset& committed : group.committedOffsets) {
        rowFor(committed.topic, committed.partition).committed = committed.offset;
        topics.append(committed.topic);
    }
    for (const GroupMember& member : group.members) {
        for (const TopicPartition& assigned : member.assignment) {
            PartitionLag& row = rowFor(assigned.topic, assigned.partition);
            row.assignedClientId = member.clientId;
            row.assignedHost = member.host;
            topics.append(assigned.topic);
        }
    }
    topics.removeDuplicates();
    for (const QString& name : topics) {
        const TopicInfo* topic = findTopic(snapshot, name);
        if (topic == nullptr) {
            continue;
        }
        for (const PartitionInfo& partition : topic->partitions) {
            rowFor(name, partition.id).highWatermark = partition.highWatermark;
        }
    }
    QList<PartitionLag> result;
    result.reserve(rows.size());
    for (PartitionLag& row : rows) {
        row.lag = offsetLag(row.committed, row.highWatermark);
        result.append(row);
    }
    return result;
}

GroupLagTotals totalLag(const QList<PartitionLag>& partitions) {
    GroupLagTotals totals;
    for (const PartitionLag& partition : partitions) {
        if (!partition.hasCommit()) {
            ++totals.partitionsWithoutCommit;
        } else if (!partition.lag) {
            ++totals.partitionsWithUnknownLag;
        } else {
            totals.lag += *partition.lag;
        }
    }
    return totals;
}

const TopicInfo* findTopic(const ClusterSnapshot& snapshot, const QString& name) {
    const auto it =
        std::lower_bound(snapshot.topics.cbegin(), snapshot.topics.cend(), name,
                         [](const TopicInfo& topic, const QString& key) { return topic.name < key; });
    return it != snapshot.topics.cend() && it->name == name ? &*it : nullptr;
}

const ConsumerGroupInfo* findGroup(const ClusterSnapshot& snapshot, const QString& id) {
    const auto it =
        std::lower_bound(snapshot.groups.cbegin(), snapshot.groups.cend(), id,
                         [](const ConsumerGroupInfo& group, const QString& key) { return group.id < key; });
    return it != snapshot.groups.cend() && it->id == id ? &*it : nullptr;
}

void sortSnapshot(ClusterSnapshot& snapshot) {
    auto byId = [](const auto& a, const auto& b) { return a.id < b.id; };
    std::sort(snapshot.brokers.begin(), snapshot.brokers.end(), byId);
    std::sort(snapshot.topics.begin(), snapshot.topics.end(),
              [](const TopicInfo& a, const TopicInfo& b) { return a.name < b.name; });
    for (TopicInfo& topic : snapshot.topics) {
        std::sort(topic.partitions.begin(), topic.partitions.end(), byId);
    }
    std::sort(snapshot.groups.begin(), snapshot.groups.end(), byId);
    for (ConsumerGroupInfo& group : snapshot.groups) {
        std::sort(group.committedOffsets.begin(), group.committedOffsets.end(),
                  [](const CommittedOffset& a, const CommittedOffset& b) {
                      return TopicPartition{a.topic, a.partition} < TopicPartition{b.topic, b.partition};
                  });
    }
}

}  // namespace tideline::model
