// The partitions of one selected topic, one row per partition id.
#pragma once

#include <optional>

#include "model/models/keyed_table_model.h"
#include "model/snapshot.h"

template <typename T>
class QFutureWatcher;

namespace tideline::model {

struct PartitionRow {
    PartitionInfo partition;
    int minInsyncReplicas = 1;

    qint32 key() const { return partition.id; }
    bool operator==(const PartitionRow&) const = default;
};

class PartitionsModel : public KeyedTableModel<PartitionRow> {
    Q_OBJECT

public:
    enum Columns {
        PartitionColumn,
        LeaderColumn,
        ReplicasColumn,
        IsrColumn,
        OfflineReplicasColumn,
        LowWatermarkColumn,
        HighWatermarkColumn,
        MessagesColumn,
        StatusColumn,
        ColumnCount
    };
    Q_ENUM(Columns)
    enum Roles {
        SortRole = Qt::UserRole + 1,  // numbers as numbers; unknown watermarks before known ones
        KeyRole,                      // the partition id
        RawValueRole,                 // unformatted: numbers, broker id lists as QVariantList
        NeedsAttentionRole,           // bool: offline, under-replicated or under min ISR
    };
    Q_ENUM(Roles)

    explicit PartitionsModel(QObject* parent = nullptr);

    // Pure; no rows when the snapshot has no such topic.
    static QList<PartitionRow> rowsFrom(const ClusterSnapshot& snapshot, const QString& topic);
    // Another topic replaces all rows (a model reset); the same topic is diffed like any refresh.
    void setTopic(const QString& topic);
    QString topic() const { return topic_; }
    // Builds and diffs the rows on this thread (tests, benchmarks).
    void applySnapshot(const ClusterSnapshot& snapshot);
    // The GUI's way: rows are built and diffed on the thread pool, from copies, and only the prepared
    // update is applied here, then snapshotApplied() is emitted. Snapshots that arrive meanwhile are
    // coalesced (the latest wins); an update prepared for a topic no longer shown is dropped. A model
    // without rows is filled at once, so a page shows its first data without waiting.
    void applySnapshotInBackground(const ClusterSnapshot& snapshot);
    // True from the start of a background preparation until its update is applied (or dropped).
    bool preparing() const;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void snapshotApplied();

private:
    struct Prepared {
        QString topic;
        RowsUpdate<PartitionRow> update;
    };
    void prepareNext();
    void applyPrepared();

    QString topic_;
    ClusterSnapshot snapshot_;                // the latest, to fill the rows when another topic is chosen
    std::optional<ClusterSnapshot> pending_;  // arrived while a preparation ran
    QFutureWatcher<Prepared>* preparing_ = nullptr;  // created on first use
    bool preparingUpdate_ = false;
};

// The partition's problems in words, most serious first; empty when healthy.
QString partitionStatus(const PartitionInfo& partition, int minInsyncReplicas);

}  // namespace tideline::model
