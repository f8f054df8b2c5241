// The consumer groups of a cluster with their lag, one row per group id.
#pragma once

#include <optional>

#include "model/lag/lag_report.h"
#include "model/models/keyed_table_model.h"
#include "model/snapshot.h"

namespace tideline::model {

struct ConsumerGroupRow {
    QString id;
    QString state;
    QString protocolType;
    QString protocol;
    qint32 coordinatorId = -1;
    int memberCount = 0;
    int topicCount = 0;         // topics it has committed to or is assigned
    std::optional<qint64> lag;  // over partitions with a commit; unknown when none has a known lag
    int partitionsWithoutCommit = 0;
    std::optional<double> consumeRate;  // records/s committed past; known from the second snapshot on
    QString error;

    const QString& key() const { return id; }
    bool operator==(const ConsumerGroupRow&) const = default;
};

class ConsumerGroupsModel : public KeyedTableModel<ConsumerGroupRow> {
    Q_OBJECT

public:
    enum Columns {
        IdColumn,
        StateColumn,
        MembersColumn,
        TopicsColumn,
        LagColumn,
        TimeLagColumn,
        VerdictColumn,
        RecentLagColumn,  // no text: a sparkline delegate draws the group's lag history there
        WithoutCommitColumn,
        ConsumeRateColumn,
        CoordinatorColumn,
        ProtocolColumn,
        ProtocolTypeColumn,
        ColumnCount
    };
    Q_ENUM(Columns)
    enum Roles {
        SortRole = Qt::UserRole + 1,  // numbers as numbers; unknown lag and rates before known ones
        KeyRole,                      // the group id
        RawValueRole,                 // the cell's value unformatted; invalid when unknown
        NeedsAttentionRole,           // bool: the group could not be read fully
        VerdictRole,                  // int LagVerdict from the lag report; invalid before the first
    };
    Q_ENUM(Roles)

    explicit ConsumerGroupsModel(QObject* parent = nullptr);

    // Pure, so it may run on another thread with prepareRowsUpdate(). Rates need `previous`.
    static QList<ConsumerGroupRow> rowsFrom(const ClusterSnapshot& snapshot, const ClusterSnapshot* previous);
    // Rates come from the difference to the snapshot applied before this one.
    void applySnapshot(const ClusterSnapshot& snapshot);
    // Time lags and verdicts come from the lag engine, a moment after the snapshot they belong to.
    // The recent lag cells change too: their sparklines read the history this report extended.
    void applyLagReport(const LagReport& report);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QVariant lagFigure(const ConsumerGroupRow& row, int column, int role) const;

    std::optional<ClusterSnapshot> previous_;
    QHash<QString, GroupLagReport> lagReports_;  // without their partitions
};

}  // namespace tideline::model
