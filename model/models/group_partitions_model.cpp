#include "model/models/group_partitions_model.h"

#include "model/models/table_header.h"
#include "model/models/table_values.h"

namespace tideline::model {

namespace values = table_values;

namespace {

const QString kNoCommit = QStringLiteral("no commit");

}  // namespace

GroupPartitionsModel::GroupPartitionsModel(QObject* parent) : KeyedTableModel(parent) {}

QList<GroupPartitionRow> GroupPartitionsModel::rowsFrom(const ClusterSnapshot& snapshot,
                                                        const QString& groupId) {
    const ConsumerGroupInfo* group = findGroup(snapshot, groupId);
    if (group == nullptr) {
        return {};
    }
    QList<GroupPartitionRow> rows;
    for (const PartitionLag& lag : groupLag(snapshot, *group)) {
        rows.append({lag});
    }
    return rows;
}

void GroupPartitionsModel::setGroup(const QString& groupId) {
    if (groupId == groupId_) {
        return;
    }
    groupId_ = groupId;
    resetRows(rowsFrom(snapshot_, groupId_));
    applyLagReport(report_);
}

void GroupPartitionsModel::applyLagReport(const LagReport& report) {
    report_ = report;
    partitionReports_.clear();
    for (const GroupLagReport& group : report_.groups) {
        if (group.group == groupId_) {
            for (const PartitionLagReport& partition : group.partitions) {
                partitionReports_.insert({partition.topic, partition.partition}, partition);
            }
        }
    }
    if (rowCount() > 0) {
        emit dataChanged(index(0, TimeLagColumn), index(rowCount() - 1, VerdictColumn));
    }
}

QVariant GroupPartitionsModel::lagFigure(const PartitionLag& lag, int column, int role) const {
    const auto it = partitionReports_.constFind({lag.topic, lag.partition});
    const PartitionLagReport* report = it != partitionReports_.cend() ? &*it : nullptr;
    if (column == TimeLagColumn) {
        const std::optional<double> seconds = report ? report->timeLagSeconds : std::nullopt;
        if (role == Qt::DisplayRole) {
            if (!lag.hasCommit()) {
                return kNoCommit;
            }
            const TimeLagKind kind = report ? report->timeLagKind : TimeLagKind::Unknown;
            QString text = values::duration(seconds, kind == TimeLagKind::AtLeast);
            return kind == TimeLagKind::Interpolated ? QStringLiteral("~ ") + text : text;
        }
        return role == SortRole ? values::sortKey(seconds) : values::raw(seconds);
    }
    if (report == nullptr || !lag.hasCommit()) {
        if (role == Qt::DisplayRole) {
            return values::kUnknown;
        }
        return role == SortRole ? QVariant(-1) : QVariant();
    }
    return role == Qt::DisplayRole ? QVariant(lagVerdictName(report->verdict))
                                   : QVariant(int(report->verdict));
}

void GroupPartitionsModel::applySnapshot(const ClusterSnapshot& snapshot) {
    snapshot_ = snapshot;
    applyUpdate(prepareUpdate(rowsFrom(snapshot_, groupId_)));
}

int GroupPartitionsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupPartitionsModel::data(const QModelIndex& index, int role) const {
    const GroupPartitionRow* row = rowAt(index);
    if (row == nullptr) {
        return {};
    }
    const PartitionLag& lag = row->lag;
    switch (role) {
        case KeyRole:
            return QString("%1/%2").arg(lag.topic).arg(lag.partition);
        case HasCommitRole:
            return lag.hasCommit();
        case VerdictRole: {
            const auto it = partitionReports_.constFind({lag.topic, lag.partition});
            return it != partitionReports_.cend() && lag.hasCommit() ? QVariant(int(it->verdict))
                                                                     : QVariant();
        }
        case Qt::TextAlignmentRole: {
            const bool text = index.column() == TopicColumn || index.column() == VerdictColumn ||
                              index.column() == ClientIdColumn || index.column() == HostColumn;
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
    // A partition without a commit says so in its offset and lag cells, rather than showing a lag
    // counted from offset zero.
    auto offset = [role, &lag](const std::optional<qint64>& value) {
        if (role == Qt::DisplayRole) {
            return QVariant(lag.hasCommit() ? values::count(value) : kNoCommit);
        }
        return role == SortRole ? values::sortKey(value) : values::raw(value);
    };
    switch (index.column()) {
        case TopicColumn:
            return lag.topic;
        case PartitionColumn:
            return role == Qt::DisplayRole ? QVariant(QString::number(lag.partition))
                                           : QVariant(lag.partition);
        case CommittedColumn:
            return offset(lag.committed);
        case HighWatermarkColumn:
            if (role == Qt::DisplayRole) {
                return values::count(lag.highWatermark);
            }
            return role == SortRole ? values::sortKey(lag.highWatermark) : values::raw(lag.highWatermark);
        case LagColumn:
            return offset(lag.lag);
        case TimeLagColumn:
        case VerdictColumn:
            return lagFigure(lag, index.column(), role);
        case ClientIdColumn:
            return lag.assignedClientId;
        case HostColumn:
            return lag.assignedHost;
        default:
            return {};
    }
}

QVariant GroupPartitionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    static constexpr std::array<const char*, ColumnCount> kTitles = {
        "Topic", "Partition", "Committed", "High watermark", "Lag", "Time lag", "Verdict", "Client", "Host"};
    return tableHeader(*this, kTitles, section, orientation, role);
}

QHash<int, QByteArray> GroupPartitionsModel::roleNames() const {
    return tableRoleNames(*this, {{SortRole, "sort"},
                                  {KeyRole, "key"},
                                  {RawValueRole, "raw"},
                                  {HasCommitRole, "hasCommit"},
                                  {VerdictRole, "verdict"}});
}

}  // namespace tideline::model
