// One topic: its partitions with leader, replicas and ISR as broker chips and their watermarks, and
// the replica-distribution grid of partitions by brokers; a second tab holds its configs, editable in place.
#pragma once

#include <QPointer>

#include "ui/pages/cluster_page.h"

class QLabel;
class QTabWidget;
class QTableView;

namespace tideline::model {
class PartitionsModel;
}

namespace tideline::ui {

class ConfigsView;
class ReplicaGrid;
class TableProxy;

class TopicPage : public ClusterPage {
    Q_OBJECT

public:
    explicit TopicPage(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection) override;
    bool hasData() const override;
    void setTopic(const QString& topic);
    QString topic() const;
    QTableView* table() const { return table_; }
    model::PartitionsModel* partitions() const { return partitions_; }
    ReplicaGrid* grid() const { return grid_; }
    ConfigsView* configs() const { return configs_; }
    QTabWidget* tabs() const { return tabs_; }

private:
    void refresh();

    QPointer<ClusterConnection> connection_;
    model::PartitionsModel* partitions_;
    TableProxy* proxy_;
    QTableView* table_;
    ReplicaGrid* grid_;
    QWidget* gridBox_ = nullptr;
    QLabel* title_;
    QLabel* summary_;
    QTabWidget* tabs_;
    ConfigsView* configs_;
};

}  // namespace tideline::ui
