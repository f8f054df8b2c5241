// The consumer groups reading one topic, one row per group, with their lag on that topic only: what a
// topic's owner asks first ("who reads this, and how far behind are they?").
#pragma once

#include <optional>

#include "model/models/keyed_table_model.h"
#include "model/snapshot.h"

namespace tideline::model {

struct TopicConsumerRow {
    QString groupId;
    QString state;
    int members = 0;            // members assigned at least one partition of the topic
    int partitions = 0;         // partitions of the topic the group committed to or is assigned
    int withoutCommit = 0;      // of those, the ones it never committed
    std::optional<qint64> lag;  // summed over committed partitions; empty when no figure is known

    const QString& key() const { return groupId; }
    bool operator==(const TopicConsumerRow&) const = default;
};

class TopicConsumersModel : public KeyedTableModel<TopicConsumerRow> {
    Q_OBJECT

public:
    enum Columns {
        GroupColumn,
        StateColumn,
        MembersColumn,
        PartitionsColumn,
        WithoutCommitColumn,
        LagColumn,
        ColumnCount
    };
    Q_ENUM(Columns)
    enum Roles {
        SortRole = Qt::UserRole + 1,  // numbers as numbers; unknown lag before every known one
        KeyRole,                      // the group id
        RawValueRole,                 // the cell's value unformatted; invalid when unknown
    };
    Q_ENUM(Roles)

    explicit TopicConsumersModel(QObject* parent = nullptr);

    // Pure: every group with a commit on or an assignment of `topic`, sorted by group id.
    static QList<TopicConsumerRow> rowsFrom(const ClusterSnapshot& snapshot, const QString& topic);
    // Another topic replaces all rows (a model reset); the same topic is diffed like any refresh.
    void setTopic(const QString& topic);
    QString topic() const { return topic_; }
    void applySnapshot(const ClusterSnapshot& snapshot);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QString topic_;
    ClusterSnapshot snapshot_;  // the latest, to fill the rows when another topic is chosen
};

}  // namespace tideline::model
