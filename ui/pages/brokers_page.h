// The brokers of the cluster: id, address, rack, controller flag, leaders, replicas, reachability;
// below, the configs of the selected broker with their values and sources.
#pragma once

#include <QPointer>

#include "ui/pages/cluster_page.h"

class QLabel;
class QTableView;

namespace tideline::ui {

class ConfigsView;
class TableProxy;

class BrokersPage : public ClusterPage {
    Q_OBJECT

public:
    explicit BrokersPage(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection) override;
    bool hasData() const override;
    QTableView* table() const { return table_; }
    ConfigsView* configs() const { return configs_; }
    // Selects and scrolls to that broker's row (the quick switcher's jump); unknown ids select nothing.
    void selectBroker(qint32 id);

private:
    void refresh();

    QPointer<ClusterConnection> connection_;
    TableProxy* proxy_;
    QTableView* table_;
    QLabel* summary_;
    QLabel* configsTitle_;
    ConfigsView* configs_;
};

}  // namespace tideline::ui
