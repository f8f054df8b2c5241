// One topic: its partitions with leader, replicas and ISR as broker chips and their watermarks, and
// the replica-distribution grid of partitions by brokers; further tabs hold its configs, editable in
// place, the consumer groups reading it with their lag on it, and its messages (the same MessagesView
// as the messages page: browse, filter, detail, live tail, export, produce).
#pragma once

#include <QPointer>

#include "ui/pages/cluster_page.h"

class QLabel;
class QTabWidget;
class QTableView;

namespace tideline::model {
class PartitionsModel;
class TopicConsumersModel;
}  // namespace tideline::model

namespace tideline::ui {

class ConfigsView;
class MessagesView;
class ReplicaGrid;
class TableProxy;

class TopicPage : public ClusterPage {
    Q_OBJECT

public:
    explicit TopicPage(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection) override;
    bool hasData() const override;
    // On the Messages tab, F5 browses again.
    void refreshRequested() override;
    void setTopic(const QString& topic);
    QString topic() const;
    QTableView* table() const { return table_; }
    model::PartitionsModel* partitions() const { return partitions_; }
    ReplicaGrid* grid() const { return grid_; }
    ConfigsView* configs() const { return configs_; }
    QTabWidget* tabs() const { return tabs_; }
    model::TopicConsumersModel* consumers() const { return consumers_; }
    QTableView* consumersTable() const { return consumersTable_; }
    MessagesView* messages() const { return messages_; }
    // `name` is one of kTopicTabs (page_request.h); an unknown name changes nothing.
    void showTab(const QString& name);
    // The tab in view as kTopicTabs names it; empty for the first (the default).
    QString currentTabName() const;

private:
    QWidget* makeConsumersTab();
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
    model::TopicConsumersModel* consumers_;
    QTableView* consumersTable_ = nullptr;
    QLabel* consumersEmpty_ = nullptr;
    MessagesView* messages_;
};

}  // namespace tideline::ui
