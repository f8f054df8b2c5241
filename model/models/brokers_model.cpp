#include "model/models/brokers_model.h"

#include <QHash>

#include "model/models/table_header.h"

namespace tideline::model {

QString reachabilityName(BrokerReachability reachability) {
    switch (reachability) {
        case BrokerReachability::Unknown:
            return QStringLiteral("Not contacted");
        case BrokerReachability::Reachable:
            return QStringLiteral("Reachable");
        case BrokerReachability::Unreachable:
            return QStringLiteral("Unreachable");
    }
    Q_UNREACHABLE();
}

BrokersModel::BrokersModel(QObject* parent) : KeyedTableModel(parent) {}

QList<BrokerRow> BrokersModel::rowsFrom(const ClusterSnapshot& snapshot) {
    QHash<qint32, int> leaders;
    QHash<qint32, int> replicas;
    for (const TopicInfo& topic : snapshot.topics) {
        for (const PartitionInfo& partition : topic.partitions) {
            ++leaders[partition.leader];
            for (qint32 replica : partition.replicas) {
                ++replicas[replica];
            }
        }
    }
    QList<BrokerRow> rows;
    rows.reserve(snapshot.brokers.size());
    for (const BrokerInfo& broker : snapshot.brokers) {
        rows.append({broker, broker.id == snapshot.controllerId, leaders.value(broker.id),
                     replicas.value(broker.id)});
    }
    return rows;
}

void BrokersModel::applySnapshot(const ClusterSnapshot& snapshot) {
    applyUpdate(prepareUpdate(rowsFrom(snapshot)));
}

int BrokersModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant BrokersModel::data(const QModelIndex& index, int role) const {
    const BrokerRow* row = rowAt(index);
    if (row == nullptr) {
        return {};
    }
    const BrokerInfo& broker = row->broker;
    if (role == KeyRole) {
        return broker.id;
    }
    if (role == NeedsAttentionRole) {
        return broker.reachability == BrokerReachability::Unreachable;
    }
    if (role == Qt::TextAlignmentRole) {
        const bool text = index.column() == HostColumn || index.column() == RackColumn ||
                          index.column() == ReachabilityColumn;
        return QVariant::fromValue(
            Qt::Alignment(text ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter));
    }
    if (role != Qt::DisplayRole && role != SortRole && role != RawValueRole) {
        return {};
    }
    const bool display = role == Qt::DisplayRole;
    switch (index.column()) {
        case IdColumn:
            return display ? QVariant(QString::number(broker.id)) : QVariant(broker.id);
        case HostColumn:
            return broker.host;
        case PortColumn:
            return display ? QVariant(QString::number(broker.port)) : QVariant(broker.port);
        case RackColumn:
            return broker.rack;
        case ControllerColumn:
            return display ? QVariant(row->controller ? QStringLiteral("Controller") : QString())
                           : QVariant(row->controller);
        case LeadersColumn:
            return display ? QVariant(QString::number(row->leaderCount)) : QVariant(row->leaderCount);
        case ReplicasColumn:
            return display ? QVariant(QString::number(row->replicaCount)) : QVariant(row->replicaCount);
        case ReachabilityColumn:
            return display ? QVariant(reachabilityName(broker.reachability))
                           : QVariant(static_cast<int>(broker.reachability));
        default:
            return {};
    }
}

QVariant BrokersModel::headerData(int section, Qt::Orientation orientation, int role) const {
    static constexpr std::array<const char*, ColumnCount> kTitles = {
        "ID", "Host", "Port", "Rack", "Role", "Leaders", "Replicas", "Connection"};
    return tableHeader(*this, kTitles, section, orientation, role);
}

QHash<int, QByteArray> BrokersModel::roleNames() const {
    return tableRoleNames(*this, {{SortRole, "sort"},
                                  {KeyRole, "key"},
                                  {RawValueRole, "raw"},
                                  {NeedsAttentionRole, "needsAttention"}});
}

}  // namespace tideline::model
