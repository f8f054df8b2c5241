// The brokers of a cluster, one row per broker id.
#pragma once

#include "model/models/keyed_table_model.h"
#include "model/snapshot.h"

namespace tideline::model {

struct BrokerRow {
    BrokerInfo broker;
    bool controller = false;
    int leaderCount = 0;   // partitions it leads
    int replicaCount = 0;  // partition replicas it hosts

    qint32 key() const { return broker.id; }
    bool operator==(const BrokerRow&) const = default;
};

class BrokersModel : public KeyedTableModel<BrokerRow> {
    Q_OBJECT

public:
    enum Columns {
        IdColumn,
        HostColumn,
        PortColumn,
        RackColumn,
        ControllerColumn,
        LeadersColumn,
        ReplicasColumn,
        ReachabilityColumn,
        ColumnCount
    };
    Q_ENUM(Columns)
    enum Roles {
        SortRole = Qt::UserRole + 1,  // numbers as numbers, so "10" sorts after "9"
        KeyRole,                      // the broker id
        RawValueRole,                 // the cell's value unformatted; invalid when unknown
        NeedsAttentionRole,           // bool: the client cannot reach this broker
    };
    Q_ENUM(Roles)

    explicit BrokersModel(QObject* parent = nullptr);

    // Pure, so it may run on another thread with prepareRowsUpdate().
    static QList<BrokerRow> rowsFrom(const ClusterSnapshot& snapshot);
    void applySnapshot(const ClusterSnapshot& snapshot);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
};

QString reachabilityName(BrokerReachability reachability);

}  // namespace tideline::model
