// Consumer groups: the table of groups, and for the selected group its lag per partition and a
// live chart of its lag over time.
#pragma once

#include <QPointer>

#include "ui/pages/cluster_page.h"

class QLabel;
class QStackedWidget;
class QTableView;
class QTableWidget;

namespace tideline::model {
class GroupPartitionsModel;
struct ConsumerGroupInfo;
}  // namespace tideline::model

namespace tideline::ui {

class LagChart;
class SparklineDelegate;
class TableProxy;

class GroupsPage : public ClusterPage {
    Q_OBJECT

public:
    explicit GroupsPage(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection) override;
    // With a group selected: that group exists in the latest snapshot.
    bool hasData() const override;
    // Empty: no group selected, the detail area shows a hint.
    void setGroup(const QString& group);
    QString group() const;

    QTableView* groupsTable() const { return groups_; }
    QTableView* partitionsTable() const { return partitionsTable_; }
    // The selected group's members: client id, host, assignment, member id.
    QTableWidget* membersTable() const { return members_; }
    LagChart* chart() const { return chart_; }
    SparklineDelegate* sparklines() const { return sparklines_; }
    // Shows the table, or "No consumer groups yet" when the cluster has none.
    QStackedWidget* groupsArea() const { return groupsArea_; }

private:
    void refresh();
    void fillMembers(const model::ConsumerGroupInfo* info);

    QPointer<ClusterConnection> connection_;
    TableProxy* groupsProxy_;
    QTableView* groups_;
    QStackedWidget* groupsArea_;
    SparklineDelegate* sparklines_;
    model::GroupPartitionsModel* partitions_;
    TableProxy* partitionsProxy_;
    QTableView* partitionsTable_;
    QTableWidget* members_;
    LagChart* chart_;
    QLabel* summary_;
    QLabel* detailTitle_;
    QStackedWidget* detail_;
};

}  // namespace tideline::ui
