#include "model/models/partitions_model.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "model/models/table_header.h"
#include "model/models/table_values.h"
#include "model/snapshot_facts.h"

namespace tideline::model {

namespace values = table_values;

QString partitionStatus(const PartitionInfo& partition, int minInsyncReplicas) {
    QStringList problems;
    if (isOffline(partition)) {
        problems.append(QStringLiteral("Offline"));
    }
    if (isUnderMinIsr(partition, minInsyncReplicas)) {
        problems.append(QStringLiteral("Under min ISR"));
    }
    if (isUnderReplicated(partition)) {
        problems.append(QStringLiteral("Under-replicated"));
    }
    if (hasNonPreferredLeader(partition)) {
        problems.append(QStringLiteral("Leader not preferred"));
    }
    if (!partition.error.isEmpty()) {
        problems.append(partition.error);
    }
    return problems.join(QStringLiteral(", "));
}

PartitionsModel::PartitionsModel(QObject* parent) : KeyedTableModel(parent) {}

QList<PartitionRow> PartitionsModel::rowsFrom(const ClusterSnapshot& snapshot, const QString& topic) {
    const TopicInfo* info = findTopic(snapshot, topic);
    if (info == nullptr) {
        return {};
    }
    const int minIsr = effectiveMinInsyncReplicas(*info);
    QList<PartitionRow> rows;
    rows.reserve(info->partitions.size());
    for (const PartitionInfo& partition : info->partitions) {
        rows.append({partition, minIsr});
    }
    return rows;
}

void PartitionsModel::setTopic(const QString& topic) {
    if (topic == topic_) {
        return;
    }
    topic_ = topic;
    resetRows(rowsFrom(snapshot_, topic_));
}

void PartitionsModel::applySnapshot(const ClusterSnapshot& snapshot) {
    snapshot_ = snapshot;
    applyUpdate(prepareUpdate(rowsFrom(snapshot_, topic_)));
}

void PartitionsModel::applySnapshotInBackground(const ClusterSnapshot& snapshot) {
    if (rows().isEmpty() && !preparing()) {
        applySnapshot(snapshot);  // nothing to diff against: filling costs what preparing would
        emit snapshotApplied();
        return;
    }
    snapshot_ = snapshot;  // setTopic() fills from the latest snapshot, prepared or not
    pending_ = snapshot;
    if (!preparing()) {
        prepareNext();
    }
}

bool PartitionsModel::preparing() const { return preparingUpdate_; }

void PartitionsModel::prepareNext() {
    if (!pending_) {
        return;
    }
    if (preparing_ == nullptr) {
        preparing_ = new QFutureWatcher<Prepared>(this);
        connect(preparing_, &QFutureWatcher<Prepared>::finished, this, &PartitionsModel::applyPrepared);
    }
    preparingUpdate_ = true;
    // Copies only (QLists share their data): the task never touches this object.
    preparing_->setFuture(QtConcurrent::run([next = *std::exchange(pending_, std::nullopt), topic = topic_,
                                             rows = rows(), revision = revision()] {
        return Prepared{topic, prepareRowsUpdate(rows, revision, rowsFrom(next, topic))};
    }));
}

void PartitionsModel::applyPrepared() {
    preparingUpdate_ = false;
    Prepared prepared = preparing_->result();
    if (prepared.topic == topic_) {
        // Against rows changed meanwhile (setTopic() and back), applyUpdate() diffs again.
        applyUpdate(std::move(prepared.update));
        emit snapshotApplied();
    }
    prepareNext();
}

int PartitionsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PartitionsModel::data(const QModelIndex& index, int role) const {
    const PartitionRow* row = rowAt(index);
    if (row == nullptr) {
        return {};
    }
    const PartitionInfo& partition = row->partition;
    switch (role) {
        case KeyRole:
            return partition.id;
        case NeedsAttentionRole:
            return isOffline(partition) || isUnderReplicated(partition) ||
                   isUnderMinIsr(partition, row->minInsyncReplicas);
        case Qt::TextAlignmentRole: {
            const bool text = index.column() == ReplicasColumn || index.column() == IsrColumn ||
                              index.column() == OfflineReplicasColumn || index.column() == StatusColumn;
            return QVariant::fromValue(
                Qt::Alignment(text ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter));
        }
        case Qt::DisplayRole:
        case SortRole:
        case RawValueRole:
            break;
        default:
            return {};
    }
    const bool display = role == Qt::DisplayRole;
    auto optionalNumber = [role](const std::optional<qint64>& value) {
        if (role == Qt::DisplayRole) {
            return QVariant(values::count(value));
        }
        return role == SortRole ? values::sortKey(value) : values::raw(value);
    };
    auto brokers = [role](const QList<qint32>& ids) {
        if (role == RawValueRole) {
            return QVariant(values::brokerIdList(ids));
        }
        return QVariant(values::brokerIds(ids));
    };
    switch (index.column()) {
        case PartitionColumn:
            return display ? QVariant(QString::number(partition.id)) : QVariant(partition.id);
        case LeaderColumn:
            if (display) {
                return isOffline(partition) ? QStringLiteral("none") : QString::number(partition.leader);
            }
            return partition.leader;
        case ReplicasColumn:
            return brokers(partition.replicas);
        case IsrColumn:
            return brokers(partition.isr);
        case OfflineReplicasColumn:
            return brokers(partition.offlineReplicas);
        case LowWatermarkColumn:
            return optionalNumber(partition.lowWatermark);
        case HighWatermarkColumn:
            return optionalNumber(partition.highWatermark);
        case MessagesColumn:
            return optionalNumber(messagesIn(partition));
        case StatusColumn:
            return partitionStatus(partition, row->minInsyncReplicas);
        default:
            return {};
    }
}

QVariant PartitionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    static constexpr std::array<const char*, ColumnCount> kTitles = {
        "Partition",     "Leader",         "Replicas", "In sync", "Offline replicas",
        "Low watermark", "High watermark", "Messages", "Status"};
    return tableHeader(*this, kTitles, section, orientation, role);
}

QHash<int, QByteArray> PartitionsModel::roleNames() const {
    return tableRoleNames(*this, {{SortRole, "sort"},
                                  {KeyRole, "key"},
                                  {RawValueRole, "raw"},
                                  {NeedsAttentionRole, "needsAttention"}});
}

}  // namespace tideline::model
