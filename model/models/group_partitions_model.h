// The lag of one selected consumer group, one row per topic partition it committed to or is assigned.
#pragma once

#include <QMap>

#include "model/lag/lag_report.h"
#include "model/models/keyed_table_model.h"
#include "model/snapshot.h"
#include "model/snapshot_facts.h"

namespace tideline::model {

struct GroupPartitionRow {
    PartitionLag lag;

    TopicPartition key() const { return {lag.topic, lag.partition}; }
    bool operator==(const GroupPartitionRow&) const = default;
};

class GroupPartitionsModel : public KeyedTableModel<GroupPartitionRow> {
    Q_OBJECT

public:
    enum Columns {
        TopicColumn,
        PartitionColumn,
        CommittedColumn,
        HighWatermarkColumn,
        LagColumn,
        TimeLagColumn,
        VerdictColumn,
        ClientIdColumn,
        HostColumn,
        ColumnCount
    };
    Q_ENUM(Columns)
    enum Roles {
        SortRole = Qt::UserRole + 1,  // numbers as numbers; "no commit" and unknown before known values
        KeyRole,                      // "topic/partition"
        RawValueRole,                 // the cell's value unformatted; invalid when unknown or not committed
        HasCommitRole,                // bool: false for partitions the group never committed
        VerdictRole,                  // int LagVerdict from the lag report; invalid before the first
    };
    Q_ENUM(Roles)

    explicit GroupPartitionsModel(QObject* parent = nullptr);

    // Pure; no rows when the snapshot has no such group.
    static QList<GroupPartitionRow> rowsFrom(const ClusterSnapshot& snapshot, const QString& groupId);
    // Another group replaces all rows (a model reset); the same group is diffed like any refresh.
    void setGroup(const QString& groupId);
    QString group() const { return groupId_; }
    void applySnapshot(const ClusterSnapshot& snapshot);
    // Time lags and verdicts of the group's partitions, from the lag engine.
    void applyLagReport(const LagReport& report);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QString groupId_;
    QVariant lagFigure(const PartitionLag& lag, int column, int role) const;

    ClusterSnapshot snapshot_;  // the latest, to fill the rows when another group is chosen
    LagReport report_;          // the latest, for any group
    QMap<TopicPartition, PartitionLagReport> partitionReports_;  // of the current group
};

}  // namespace tideline::model
