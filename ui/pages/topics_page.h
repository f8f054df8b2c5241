// Every topic with its health and throughput: an instant name filter (text or regex, Ctrl+F),
// internal topics hidden unless asked for, double-click or Enter to open a topic.
#pragma once

#include <QPointer>

#include "ui/pages/cluster_page.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace tideline::ui {

class TopicFilterProxy;

class TopicsPage : public ClusterPage {
    Q_OBJECT

public:
    explicit TopicsPage(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection) override;
    bool hasData() const override;
    QTableView* table() const { return table_; }
    QLineEdit* filter() const { return filter_; }

private:
    void applyFilter();
    void refresh();

    QPointer<ClusterConnection> connection_;
    TopicFilterProxy* proxy_;
    QLineEdit* filter_;
    QCheckBox* regex_;
    QCheckBox* hideInternal_;
    QTableView* table_;
    QLabel* summary_;
};

}  // namespace tideline::ui
