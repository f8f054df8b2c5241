#include "ui/pages/groups_page.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "model/lag/lag_report.h"
#include "model/models/consumer_groups_model.h"
#include "model/models/group_partitions_model.h"
#include "model/snapshot_facts.h"
#include "ui/cluster_connection.h"
#include "ui/widgets/lag_chart.h"
#include "ui/widgets/lag_delegates.h"
#include "ui/widgets/table_proxy.h"

namespace tideline::ui {

using model::ConsumerGroupsModel;
using model::GroupPartitionsModel;

GroupsPage::GroupsPage(QWidget* parent)
    : ClusterPage(parent),
      groupsProxy_(new TableProxy(ConsumerGroupsModel::SortRole, this)),
      partitions_(new GroupPartitionsModel(this)),
      partitionsProxy_(new TableProxy(GroupPartitionsModel::SortRole, this)),
      chart_(new LagChart(this)),
      summary_(new QLabel(this)),
      detailTitle_(new QLabel(this)),
      detail_(new QStackedWidget(this)) {
    summary_->setObjectName("groupsSummary");
    detailTitle_->setObjectName("groupTitle");
    const QString lagTip =
        tr("Lag: records appended to the partition (up to its high watermark) that the "
           "group has not committed yet");
    groupsProxy_->setHeaderTip(ConsumerGroupsModel::LagColumn, lagTip);
    groupsProxy_->setHeaderTip(ConsumerGroupsModel::StateColumn,
                               tr("Stable: members agreed on an assignment; Empty: no member is connected; "
                                  "PreparingRebalance/CompletingRebalance: partitions are being reassigned"));
    groupsProxy_->setHeaderTip(ConsumerGroupsModel::CoordinatorColumn,
                               tr("The broker that manages this group's membership and commits"));
    const QString timeLagTip =
        tr("Time lag: how long ago the oldest record the group has not read was written (exact from "
           "that record's timestamp; ~ when estimated from the watermark history; ≥ when it predates "
           "the history)");
    const QString verdictTip =
        tr("OK; LAGGING: the lag keeps rising (by 2 s of traffic or more), or is over a threshold and "
           "growing; REWOUND: the commit went backwards; STALLED: records wait and no commit moved for "
           "a window; STOPPED: no commit for a long time");
    groupsProxy_->setHeaderTip(ConsumerGroupsModel::TimeLagColumn, timeLagTip);
    groupsProxy_->setHeaderTip(ConsumerGroupsModel::VerdictColumn, verdictTip);
    groupsProxy_->setHeaderTip(ConsumerGroupsModel::RecentLagColumn,
                               tr("The group's offset lag over the last 10 minutes"));
    groupsProxy_->setAttentionRole(ConsumerGroupsModel::NeedsAttentionRole);
    groups_ = makeTableView(groupsProxy_, this);
    groups_->setObjectName("groupsTable");
    sparklines_ =
        new SparklineDelegate([this] { return connection_ != nullptr ? connection_->lagHistory() : nullptr; },
                              ConsumerGroupsModel::KeyRole, ConsumerGroupsModel::VerdictRole, this);
    groups_->setItemDelegateForColumn(ConsumerGroupsModel::RecentLagColumn, sparklines_);
    groups_->setItemDelegateForColumn(ConsumerGroupsModel::VerdictColumn,
                                      new VerdictBadgeDelegate(ConsumerGroupsModel::VerdictRole, this));
    groups_->sortByColumn(ConsumerGroupsModel::IdColumn, Qt::AscendingOrder);
    groups_->setSelectionMode(QAbstractItemView::SingleSelection);

    partitionsProxy_->setSourceModel(partitions_);
    partitionsProxy_->setHeaderTip(GroupPartitionsModel::CommittedColumn,
                                   tr("The offset the group will resume from"));
    partitionsProxy_->setHeaderTip(GroupPartitionsModel::HighWatermarkColumn,
                                   tr("High watermark: the offset after the last fully replicated record"));
    partitionsProxy_->setHeaderTip(GroupPartitionsModel::LagColumn, lagTip);
    partitionsProxy_->setHeaderTip(GroupPartitionsModel::TimeLagColumn, timeLagTip);
    partitionsProxy_->setHeaderTip(GroupPartitionsModel::VerdictColumn, verdictTip);
    partitionsProxy_->setHeaderTip(GroupPartitionsModel::ClientIdColumn,
                                   tr("The member (client.id) the partition is assigned to now"));
    partitionsTable_ = makeTableView(partitionsProxy_, this);
    partitionsTable_->setObjectName("groupPartitionsTable");
    partitionsTable_->setItemDelegateForColumn(
        GroupPartitionsModel::VerdictColumn,
        new VerdictBadgeDelegate(GroupPartitionsModel::VerdictRole, this));
    partitionsTable_->sortByColumn(GroupPartitionsModel::TopicColumn, Qt::AscendingOrder);

    members_ = new QTableWidget(0, 4, this);
    members_->setObjectName("groupMembers");
    members_->setHorizontalHeaderLabels({tr("Client"), tr("Host"), tr("Assignment"), tr("Member id")});
    members_->horizontalHeaderItem(2)->setToolTip(
        tr("The partitions the group's leader assigned to this member"));
    members_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    members_->setSelectionBehavior(QAbstractItemView::SelectRows);
    members_->verticalHeader()->hide();
    members_->horizontalHeader()->setStretchLastSection(true);
    members_->setWordWrap(false);
    auto* tables = new QSplitter(Qt::Horizontal, this);
    tables->addWidget(members_);
    tables->addWidget(partitionsTable_);
    tables->setStretchFactor(1, 2);
    auto* detailPage = new QSplitter(Qt::Vertical, this);
    detailPage->addWidget(tables);
    detailPage->addWidget(chart_);
    detailPage->setStretchFactor(1, 2);
    auto* hint = new QLabel(tr("Select a group to see its lag per partition and over time."), this);
    hint->setAlignment(Qt::AlignCenter);
    hint->setForegroundRole(QPalette::PlaceholderText);
    detail_->addWidget(hint);
    detail_->addWidget(detailPage);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto* noGroups = new QLabel(tr("No consumer groups yet"), this);
    noGroups->setObjectName("noGroups");
    noGroups->setAlignment(Qt::AlignCenter);
    noGroups->setForegroundRole(QPalette::PlaceholderText);
    QFont large = noGroups->font();
    large.setPointSizeF(large.pointSizeF() * 1.4);
    noGroups->setFont(large);
    groupsArea_ = new QStackedWidget(this);
    groupsArea_->addWidget(groups_);
    groupsArea_->addWidget(noGroups);
    topLayout->addWidget(groupsArea_);
    topLayout->addWidget(summary_);
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(detailTitle_);
    bottomLayout->addWidget(detail_, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Consumer groups</h2>"), this));
    layout->addWidget(splitter, 1);

    connect(groups_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                const QString id = current.siblingAtColumn(ConsumerGroupsModel::IdColumn)
                                       .data(ConsumerGroupsModel::KeyRole)
                                       .toString();
                if (!id.isEmpty() && id != group()) {
                    setGroup(id);
                }
            });
    setGroup({});
}

void GroupsPage::setConnection(ClusterConnection* connection) {
    if (connection_ != nullptr) {
        disconnect(connection_, nullptr, this, nullptr);
        connection_->setChartedGroup({});
    }
    connection_ = connection;
    if (connection_ != nullptr) {
        connection_->setChartedGroup(group());
    }
    groupsProxy_->setSourceModel(connection_ != nullptr ? connection_->groups() : nullptr);
    chart_->setHistory(connection_ != nullptr ? connection_->lagHistory() : nullptr);
    if (connection_ != nullptr) {
        connect(connection_, &ClusterConnection::snapshotChanged, this, &GroupsPage::refresh);
        connect(connection_, &ClusterConnection::lagReportChanged, this, [this] {
            // The history object exists once the session does, which may be after setConnection.
            chart_->setHistory(connection_->lagHistory());
            chart_->scheduleRedraw();
            partitions_->applyLagReport(*connection_->lagReport());
        });
        if (connection_->lagReport()) {
            partitions_->applyLagReport(*connection_->lagReport());
        }
    }
    refresh();
}

void GroupsPage::setGroup(const QString& group) {
    if (connection_ != nullptr) {
        connection_->setChartedGroup(group);
    }
    partitions_->setGroup(group);
    chart_->setGroup(group);
    detail_->setCurrentIndex(group.isEmpty() ? 0 : 1);
    refresh();
}

QString GroupsPage::group() const { return partitions_->group(); }

bool GroupsPage::hasData() const {
    // A metadata-only snapshot has no groups yet, which says nothing about whether there are any.
    if (connection_ == nullptr || !connection_->snapshot() || connection_->snapshot()->metadataOnly) {
        return false;
    }
    return group().isEmpty() || model::findGroup(*connection_->snapshot(), group()) != nullptr;
}

void GroupsPage::refresh() {
    detailTitle_->setText(group().isEmpty() ? QString() : tr("<b>Group %1</b>").arg(group().toHtmlEscaped()));
    if (connection_ == nullptr || !connection_->snapshot() || connection_->snapshot()->metadataOnly) {
        summary_->setText(connection_ != nullptr && connection_->snapshot()
                              ? tr("Reading consumer groups and their offsets…")
                              : tr("Waiting for the cluster's first answer…"));
        emit dataChanged();
        return;
    }
    const model::ClusterSnapshot& snapshot = *connection_->snapshot();
    partitions_->applySnapshot(snapshot);
    summary_->setText(snapshot.groups.isEmpty()
                          ? tr("No consumer groups yet. They appear here once a consumer with a group.id "
                               "commits or joins.")
                          : tr("%n consumer group(s)", nullptr, int(snapshot.groups.size())));
    groupsArea_->setCurrentIndex(snapshot.groups.isEmpty() ? 1 : 0);
    const model::ConsumerGroupInfo* info = model::findGroup(snapshot, group());
    fillMembers(info);
    if (info != nullptr) {
        const model::GroupLagTotals totals = model::totalLag(model::groupLag(snapshot, *info));
        detailTitle_->setText(
            tr("<b>Group %1</b> · %2 · %n member(s) · %3 records behind", nullptr, int(info->members.size()))
                .arg(group().toHtmlEscaped(), info->state.isEmpty() ? tr("state unknown") : info->state)
                .arg(totals.lag));
    }
    emit dataChanged();
}

void GroupsPage::fillMembers(const model::ConsumerGroupInfo* info) {
    const QList<model::GroupMember> members = info != nullptr ? info->members : QList<model::GroupMember>();
    members_->setRowCount(int(members.size()));
    for (int row = 0; row < members.size(); ++row) {
        const model::GroupMember& member = members[row];
        // "orders: 0, 1, 2; payments: 3": the decoded assignment, grouped by topic.
        QStringList topics;
        QString topic;
        QStringList partitions;
        auto flush = [&] {
            if (!topic.isEmpty()) {
                topics.append(QString("%1: %2").arg(topic, partitions.join(", ")));
            }
        };
        for (const model::TopicPartition& assigned : member.assignment) {
            if (assigned.topic != topic) {
                flush();
                topic = assigned.topic;
                partitions.clear();
            }
            partitions.append(QString::number(assigned.partition));
        }
        flush();
        const QStringList cells{member.clientId, member.host, topics.join("; "), member.memberId};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = members_->item(row, column);
            if (item == nullptr) {
                item = new QTableWidgetItem;
                members_->setItem(row, column, item);
            }
            item->setText(cells[column]);
        }
    }
    members_->resizeColumnsToContents();
}

}  // namespace tideline::ui
