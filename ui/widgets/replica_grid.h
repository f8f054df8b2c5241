// Partitions by brokers: one cell per replica, so the spread of leaders and copies over the brokers,
// and which copies are out of sync or offline, shows at a glance. Painted, not a table, because a
// topic can have thousands of partitions and each cell is a few pixels of colour.
#pragma once

#include <QList>
#include <QWidget>

#include "model/snapshot.h"

namespace tideline::ui {

class ReplicaGrid : public QWidget {
    Q_OBJECT

public:
    enum class Cell { None, Leader, InSync, OutOfSync, Offline };

    explicit ReplicaGrid(QWidget* parent = nullptr);

    // `brokers` are the brokers of the cluster; ids only named by replicas are added as columns.
    void setTopic(const QList<model::BrokerInfo>& brokers, const QList<model::PartitionInfo>& partitions);
    QList<qint32> brokerColumns() const { return brokerIds_; }
    int partitionCount() const { return int(partitions_.size()); }
    Cell cell(int partitionRow, int brokerColumn) const;

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    QRect cellRect(int row, int column) const;

    QList<qint32> brokerIds_;
    QList<qint32> liveBrokers_;
    QList<model::PartitionInfo> partitions_;
};

}  // namespace tideline::ui
