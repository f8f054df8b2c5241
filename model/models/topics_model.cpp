#include "model/models/topics_model.h"

#include <algorithm>

#include "model/models/table_header.h"
#include "model/models/table_values.h"
#include "model/snapshot_facts.h"

namespace tideline::model {

namespace values = table_values;

namespace {

QString sizeTip(const std::optional<TopicSize>& size) {
    if (!size) {
        return QStringLiteral("Unknown: the cluster did not report this topic's log sizes (DescribeLogDirs)");
    }
    QString tip = QStringLiteral("Leader replicas: %1 (%2 bytes)\nAll replicas: %3 (%4 bytes)")
                      .arg(values::bytes(size->leaderBytes))
                      .arg(size->leaderBytes)
                      .arg(values::bytes(size->allReplicasBytes))
                      .arg(size->allReplicasBytes);
    if (!size->allReplicasReported) {
        tip += QStringLiteral(", without the followers whose broker did not answer");
    }
    return tip;
}

}  // namespace

TopicsModel::TopicsModel(QObject* parent) : KeyedTableModel(parent) {}

QList<TopicRow> TopicsModel::rowsFrom(const ClusterSnapshot& snapshot, const ClusterSnapshot* previous) {
    // Rates across clusters or backwards in time would be meaningless.
    const bool comparable = previous != nullptr && previous->clusterId == snapshot.clusterId;
    const QHash<QString, double> rates =
        comparable ? produceRates(*previous, snapshot) : QHash<QString, double>{};

    QList<TopicRow> rows;
    rows.reserve(snapshot.topics.size());
    for (const TopicInfo& topic : snapshot.topics) {
        TopicRow row;
        row.name = topic.name;
        row.internal = topic.internal;
        row.partitionCount = static_cast<int>(topic.partitions.size());
        row.messages = messagesIn(topic);
        if (const auto rate = rates.constFind(topic.name); rate != rates.cend()) {
            row.produceRate = *rate;
        }
        row.size = topic.size;
        row.error = topic.error;
        const int minIsr = effectiveMinInsyncReplicas(topic);
        for (const PartitionInfo& partition : topic.partitions) {
            row.replicationFactor =
                std::max(row.replicationFactor, static_cast<int>(partition.replicas.size()));
            row.underReplicated += isUnderReplicated(partition) ? 1 : 0;
            row.underMinIsr += isUnderMinIsr(partition, minIsr) ? 1 : 0;
            row.offline += isOffline(partition) ? 1 : 0;
            row.nonPreferredLeaders += hasNonPreferredLeader(partition) ? 1 : 0;
        }
        rows.append(row);
    }
    return rows;
}

void TopicsModel::applySnapshot(const ClusterSnapshot& snapshot) {
    applyUpdate(prepareUpdate(rowsFrom(snapshot, previous_ ? &*previous_ : nullptr)));
    previous_ = snapshot;
}

int TopicsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TopicsModel::data(const QModelIndex& index, int role) const {
    const TopicRow* row = rowAt(index);
    if (row == nullptr) {
        return {};
    }
    switch (role) {
        case KeyRole:
            return row->name;
        case InternalRole:
            return row->internal;
        case NeedsAttentionRole:
            return row->offline > 0 || row->underReplicated > 0 || row->underMinIsr > 0 ||
                   !row->error.isEmpty();
        case Qt::ToolTipRole:
            if (index.column() == SizeColumn) {
                return sizeTip(row->size);
            }
            return row->error.isEmpty() ? QVariant() : QVariant(row->error);
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::Alignment(index.column() == NameColumn
                                                         ? Qt::AlignLeft | Qt::AlignVCenter
                                                         : Qt::AlignRight | Qt::AlignVCenter));
        case Qt::DisplayRole:
        case SortRole:
        case RawValueRole:
            break;
        default:
            return {};
    }
    auto number = [role](qint64 value) {
        return role == Qt::DisplayRole ? QVariant(QString::number(value)) : QVariant(value);
    };
    switch (index.column()) {
        case NameColumn:
            return row->name;
        case PartitionsColumn:
            return number(row->partitionCount);
        case ReplicationColumn:
            return number(row->replicationFactor);
        case MessagesColumn:
            if (role == Qt::DisplayRole) {
                return values::count(row->messages);
            }
            return role == SortRole ? values::sortKey(row->messages) : values::raw(row->messages);
        case ProduceRateColumn:
            if (role == Qt::DisplayRole) {
                return values::rate(row->produceRate);
            }
            return role == SortRole ? values::sortKey(row->produceRate) : values::raw(row->produceRate);
        case SizeColumn: {
            const auto leaderBytes =
                row->size ? std::optional<qint64>(row->size->leaderBytes) : std::optional<qint64>();
            if (role == Qt::DisplayRole) {
                return values::bytes(leaderBytes);
            }
            return role == SortRole ? values::sortKey(leaderBytes) : values::raw(leaderBytes);
        }
        case UnderReplicatedColumn:
            return number(row->underReplicated);
        case UnderMinIsrColumn:
            return number(row->underMinIsr);
        case OfflineColumn:
            return number(row->offline);
        default:
            return {};
    }
}

QVariant TopicsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    static constexpr std::array<const char*, ColumnCount> kTitles = {
        "Topic",        "Partitions",       "Replication",   "Messages", "Produced",
        "Size on disk", "Under-replicated", "Under min ISR", "Offline"};
    return tableHeader(*this, kTitles, section, orientation, role);
}

QHash<int, QByteArray> TopicsModel::roleNames() const {
    return tableRoleNames(*this, {{SortRole, "sort"},
                                  {KeyRole, "key"},
                                  {RawValueRole, "raw"},
                                  {NeedsAttentionRole, "needsAttention"},
                                  {InternalRole, "internal"}});
}

}  // namespace tideline::model
