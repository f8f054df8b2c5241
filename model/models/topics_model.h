// The topics of a cluster with their health and throughput, one row per topic name.
#pragma once

#include <optional>

#include "model/models/keyed_table_model.h"
#include "model/snapshot.h"

namespace tideline::model {

struct TopicRow {
    QString name;
    bool internal = false;
    int partitionCount = 0;
    int replicationFactor = 0;          // the most replicas any of its partitions has
    std::optional<qint64> messages;     // unknown until watermarks were read
    std::optional<double> produceRate;  // records/s; known from the second snapshot on
    std::optional<TopicSize> size;      // bytes on disk; unknown until read, or where the cluster cannot tell
    int underReplicated = 0;
    int underMinIsr = 0;
    int offline = 0;
    int nonPreferredLeaders = 0;
    QString error;

    const QString& key() const { return name; }
    bool operator==(const TopicRow&) const = default;
};

class TopicsModel : public KeyedTableModel<TopicRow> {
    Q_OBJECT

public:
    enum Columns {
        NameColumn,
        PartitionsColumn,
        ReplicationColumn,
        MessagesColumn,
        ProduceRateColumn,
        SizeColumn,  // the leader replicas' bytes on disk; the tooltip adds the followers' copies
        UnderReplicatedColumn,
        UnderMinIsrColumn,
        OfflineColumn,
        ColumnCount
    };
    Q_ENUM(Columns)
    enum Roles {
        SortRole = Qt::UserRole + 1,  // numbers as numbers; unknown rates and sizes before every known one
        KeyRole,                      // the topic name
        RawValueRole,                 // the cell's value unformatted; invalid when unknown
        NeedsAttentionRole,           // bool: offline, under-replicated or under min ISR partitions
        InternalRole,                 // bool: __consumer_offsets and the like, for hiding them
    };
    Q_ENUM(Roles)

    explicit TopicsModel(QObject* parent = nullptr);

    // Pure, so it may run on another thread with prepareRowsUpdate(). Rates need `previous`.
    static QList<TopicRow> rowsFrom(const ClusterSnapshot& snapshot, const ClusterSnapshot* previous);
    // Rates come from the difference to the snapshot applied before this one.
    void applySnapshot(const ClusterSnapshot& snapshot);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::optional<ClusterSnapshot> previous_;
};

}  // namespace tideline::model
