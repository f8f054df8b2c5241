#include "model/models/consumer_groups_model.h"

#include <QSet>

#include "model/models/table_header.h"
#include "model/models/table_values.h"
#include "model/snapshot_facts.h"

namespace tideline::model {

namespace values = table_values;

ConsumerGroupsModel::ConsumerGroupsModel(QObject* parent) : KeyedTableModel(parent) {}

QList<ConsumerGroupRow> ConsumerGroupsModel::rowsFrom(const ClusterSnapshot& snapshot,
                                                      const ClusterSnapshot* previous) {
    const bool comparable = previous != nullptr && previous->clusterId == snapshot.clusterId;
    const QHash<QString, double> rates =
        comparable ? consumeRates(*previous, snapshot) : QHash<QString, double>{};

    QList<ConsumerGroupRow> rows;
    rows.reserve(snapshot.groups.size());
    for (const ConsumerGroupInfo& group : snapshot.groups) {
        ConsumerGroupRow row;
        row.id = group.id;
        row.state = group.state;
        row.protocolType = group.protocolType;
        row.protocol = group.protocol;
        row.coordinatorId = group.coordinatorId;
        row.memberCount = static_cast<int>(group.members.size());
        row.error = group.error;

        const QList<PartitionLag> partitions = groupLag(snapshot, group);
        QSet<QString> topics;
        bool anyLagKnown = false;
        for (const PartitionLag& partition : partitions) {
            topics.insert(partition.topic);
            anyLagKnown = anyLagKnown || partition.lag.has_value();
        }
        row.topicCount = static_cast<int>(topics.size());
        const GroupLagTotals totals = totalLag(partitions);
        if (anyLagKnown) {
            row.lag = totals.lag;
        }
        row.partitionsWithoutCommit = totals.partitionsWithoutCommit;
        if (const auto rate = rates.constFind(group.id); rate != rates.cend()) {
            row.consumeRate = *rate;
        }
        rows.append(row);
    }
    return rows;
}

void ConsumerGroupsModel::applySnapshot(const ClusterSnapshot& snapshot) {
    applyUpdate(prepareUpdate(rowsFrom(snapshot, previous_ ? &*previous_ : nullptr)));
    previous_ = snapshot;
}

void ConsumerGroupsModel::applyLagReport(const LagReport& report) {
    lagReports_.clear();
    for (GroupLagReport group : report.groups) {
        group.partitions.clear();
        lagReports_.insert(group.group, group);
    }
    if (rowCount() > 0) {
        emit dataChanged(index(0, TimeLagColumn), index(rowCount() - 1, RecentLagColumn));
    }
}

QVariant ConsumerGroupsModel::lagFigure(const ConsumerGroupRow& row, int column, int role) const {
    const auto it = lagReports_.constFind(row.id);
    const GroupLagReport* report = it != lagReports_.cend() ? &*it : nullptr;
    if (column == RecentLagColumn) {
        // Sorted like the lag: the sparkline ends at it.
        return role == SortRole ? values::sortKey(row.lag) : QVariant();
    }
    if (column == TimeLagColumn) {
        const std::optional<double> seconds = report ? report->timeLagSeconds : std::nullopt;
        if (role == Qt::DisplayRole) {
            return values::duration(seconds, report && report->timeLagIsLowerBound);
        }
        return role == SortRole ? values::sortKey(seconds) : values::raw(seconds);
    }
    if (report == nullptr) {
        if (role == Qt::DisplayRole) {
            return values::kUnknown;
        }
        return role == SortRole ? QVariant(-1) : QVariant();
    }
    return role == Qt::DisplayRole ? QVariant(lagVerdictName(report->verdict))
                                   : QVariant(int(report->verdict));
}

int ConsumerGroupsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConsumerGroupsModel::data(const QModelIndex& index, int role) const {
    const ConsumerGroupRow* row = rowAt(index);
    if (row == nullptr) {
        return {};
    }
    switch (role) {
        case KeyRole:
            return row->id;
        case NeedsAttentionRole:
            return !row->error.isEmpty();
        case VerdictRole: {
            const auto it = lagReports_.constFind(row->id);
            return it != lagReports_.cend() ? QVariant(int(it->verdict)) : QVariant();
        }
        case Qt::ToolTipRole:
            return row->error.isEmpty() ? QVariant() : QVariant(row->error);
        case Qt::TextAlignmentRole: {
            const bool text = index.column() == IdColumn || index.column() == StateColumn ||
                              index.column() == VerdictColumn || index.column() == ProtocolColumn ||
                              index.column() == ProtocolTypeColumn;
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
        case IdColumn:
            return row->id;
        case StateColumn:
            return row->state.isEmpty() && role == Qt::DisplayRole ? values::kUnknown : row->state;
        case MembersColumn:
            return number(row->memberCount);
        case TopicsColumn:
            return number(row->topicCount);
        case LagColumn:
            if (role == Qt::DisplayRole) {
                return values::count(row->lag);
            }
            return role == SortRole ? values::sortKey(row->lag) : values::raw(row->lag);
        case TimeLagColumn:
        case VerdictColumn:
        case RecentLagColumn:
            return lagFigure(*row, index.column(), role);
        case WithoutCommitColumn:
            return number(row->partitionsWithoutCommit);
        case ConsumeRateColumn:
            if (role == Qt::DisplayRole) {
                return values::rate(row->consumeRate);
            }
            return role == SortRole ? values::sortKey(row->consumeRate) : values::raw(row->consumeRate);
        case CoordinatorColumn:
            if (row->coordinatorId < 0) {
                return role == Qt::DisplayRole ? QVariant(values::kUnknown) : QVariant();
            }
            return number(row->coordinatorId);
        case ProtocolColumn:
            return row->protocol;
        case ProtocolTypeColumn:
            return row->protocolType;
        default:
            return {};
    }
}

QVariant ConsumerGroupsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    static constexpr std::array<const char*, ColumnCount> kTitles = {
        "Group",      "State",          "Members",  "Topics",      "Lag",      "Time lag",     "Verdict",
        "Recent lag", "Without commit", "Consumed", "Coordinator", "Assignor", "Protocol type"};
    return tableHeader(*this, kTitles, section, orientation, role);
}

QHash<int, QByteArray> ConsumerGroupsModel::roleNames() const {
    return tableRoleNames(*this, {{SortRole, "sort"},
                                  {KeyRole, "key"},
                                  {RawValueRole, "raw"},
                                  {NeedsAttentionRole, "needsAttention"},
                                  {VerdictRole, "verdict"}});
}

}  // namespace tideline::model
