// The brokers of the cluster: id, address, rack, controller flag, leaders, replicas, reachability.
#pragma once

#include <QPointer>

#include "ui/pages/cluster_page.h"

class QLabel;
class QTableView;

namespace tideline::ui {

class TableProxy;

class BrokersPage : public ClusterPage {
    Q_OBJECT

public:
    explicit BrokersPage(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection) override;
    bool hasData() const override;
    QTableView* table() const { return table_; }
    // Selects and scrolls to that broker's row (the quick switcher's jump); unknown ids select nothing.
    void selectBroker(qint32 id);

private:
    void refresh();

    QPointer<ClusterConnection> connection_;
    TableProxy* proxy_;
    QTableView* table_;
    QLabel* summary_;
};

}  // namespace tideline::ui
