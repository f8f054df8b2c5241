#include "model/models/topic_consumers_model.h"

#include <QSet>

#include "model/models/table_header.h"
#include "model/models/table_values.h"
#include "model/snapshot_facts.h"

namespace tideline::model {

namespace values = table_values;

TopicConsumersModel::TopicConsumersModel(QObject* parent) : KeyedTableModel(parent) {}

QList<TopicConsumerRow> TopicConsumersModel::rowsFrom(const ClusterSnapshot& snapshot, const QString& topic) {
    QList<TopicConsumerRow> rows;
    for (const ConsumerGroupInfo& group : snapshot.groups) {
        TopicConsumerRow row;
        row.groupId = group.id;
        row.state = group.state;
        QSet<QString> readers;
        for (const PartitionLag& lag : groupLag(snapshot, group)) {
            if (lag.topic != topic) {
                continue;
            }
            ++row.partitions;
            if (!lag.hasCommit()) {
                ++row.withoutCommit;
            }
            if (lag.lag) {
                row.lag = row.lag.value_or(0) + *lag.lag;
            }
        }
        if (row.partitions == 0) {
            continue;
        }
        for (const GroupMember& member : group.members) {
            for (const TopicPartition& assigned : member.assignment) {
                if (assigned.topic == topic) {
                    readers.insert(member.memberId);
                    break;
                }
            }
        }
        row.members = static_cast<int>(readers.size());
        rows.append(row);
    }
    return rows;
}

void TopicConsumersModel::setTopic(const QString& topic) {
    if (topic == topic_) {
        return;
    }
    topic_ = topic;
    resetRows(rowsFrom(snapshot_, topic_));
}

void TopicConsumersModel::applySnapshot(const ClusterSnapshot& snapshot) {
    snapshot_ = snapshot;
    applyUpdate(prepareUpdate(rowsFrom(snapshot_, topic_)));
}

int TopicConsumersModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopicConsumersModel::data(const QModelIndex& index, int role) const {
    const TopicConsumerRow* row = rowAt(index);
    if (row == nullptr) {
        return {};
    }
    switch (role) {
        case KeyRole:
            return row->groupId;
        case Qt::TextAlignmentRole: {
            const bool text = index.column() == GroupColumn || index.column() == StateColumn;
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
    auto number = [role](qint64 value) {
        return role == Qt::DisplayRole ? QVariant(QString::number(value)) : QVariant(value);
    };
    switch (index.column()) {
        case GroupColumn:
            return row->groupId;
        case StateColumn:
            return row->state.isEmpty() && role == Qt::DisplayRole ? values::kUnknown : row->state;
        case MembersColumn:
            return number(row->members);
        case PartitionsColumn:
            return number(row->partitions);
        case WithoutCommitColumn:
            return number(row->withoutCommit);
        case LagColumn:
            if (role == Qt::DisplayRole) {
                return values::count(row->lag);
            }
            return role == SortRole ? values::sortKey(row->lag) : values::raw(row->lag);
        default:
            return {};
    }
}

QVariant TopicConsumersModel::headerData(int section, Qt::Orientation orientation, int role) const {
    static constexpr std::array<const char*, ColumnCount> kTitles = {
        "Group", "State", "Members", "Partitions", "Without commit", "Lag on this topic"};
    return tableHeader(*this, kTitles, section, orientation, role);
}

QHash<int, QByteArray> TopicConsumersModel::roleNames() const {
    return tableRoleNames(*this, {{SortRole, "sort"}, {KeyRole, "key"}, {RawValueRole, "raw"}});
}

}  // namespace tideline::model
