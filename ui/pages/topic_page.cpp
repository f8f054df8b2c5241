#include "ui/pages/topic_page.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "model/models/partitions_model.h"
#include "model/models/table_values.h"
#include "model/models/topic_consumers_model.h"
#include "model/snapshot_facts.h"
#include "ui/cluster_connection.h"
#include "ui/page_request.h"
#include "ui/pages/messages/messages_view.h"
#include "ui/widgets/configs_view.h"
#include "ui/widgets/replica_chips_delegate.h"
#include "ui/widgets/replica_grid.h"
#include "ui/widgets/table_proxy.h"

namespace tideline::ui {

using model::PartitionsModel;
using model::TopicConsumersModel;

TopicPage::TopicPage(QWidget* parent)
    : ClusterPage(parent),
      partitions_(new PartitionsModel(this)),
      proxy_(new TableProxy(PartitionsModel::SortRole, this)),
      grid_(new ReplicaGrid(this)),
      title_(new QLabel(this)),
      summary_(new QLabel(this)),
      tabs_(new QTabWidget(this)),
      configs_(new ConfigsView(this)),
      consumers_(new TopicConsumersModel(this)),
      messages_(new MessagesView(this)) {
    title_->setObjectName("topicTitle");
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setObjectName("topicSummary");
    proxy_->setSourceModel(partitions_);
    proxy_->setHeaderTip(PartitionsModel::LeaderColumn,
                         tr("The broker that takes the partition's reads and writes; flagged when it is not "
                            "the preferred (first) replica"));
    proxy_->setHeaderTip(
        PartitionsModel::ReplicasColumn,
        tr("Brokers keeping a copy. Filled: leader; struck amber: out of sync; red: offline"));
    proxy_->setHeaderTip(PartitionsModel::IsrColumn,
                         tr("In-sync replicas (ISR): copies fully caught up with the leader; only they can "
                            "become leader without losing records"));
    proxy_->setHeaderTip(PartitionsModel::LowWatermarkColumn,
                         tr("Low watermark: the oldest offset still retained"));
    proxy_->setHeaderTip(PartitionsModel::HighWatermarkColumn,
                         tr("High watermark: the offset after the last record copied to every in-sync "
                            "replica; consumers read up to here"));
    proxy_->setAttentionRole(PartitionsModel::NeedsAttentionRole);
    table_ = makeTableView(proxy_, this);
    table_->setObjectName("partitionsTable");
    table_->sortByColumn(PartitionsModel::PartitionColumn, Qt::AscendingOrder);
    table_->setColumnHidden(PartitionsModel::OfflineReplicasColumn, true);  // the chips show them
    auto* chips = new ReplicaChipsDelegate(table_);
    for (int column :
         {PartitionsModel::LeaderColumn, PartitionsModel::ReplicasColumn, PartitionsModel::IsrColumn}) {
        table_->setItemDelegateForColumn(column, chips);
    }

    auto* gridScroll = new QScrollArea(this);
    gridScroll->setWidget(grid_);
    gridScroll->setWidgetResizable(false);
    gridScroll->setFrameShape(QFrame::NoFrame);
    auto* gridBox = gridBox_ = new QWidget(this);
    auto* gridLayout = new QVBoxLayout(gridBox);
    gridLayout->setContentsMargins(0, 0, 0, 0);
    auto* gridTitle = new QLabel(tr("<b>Replica distribution</b> (partitions × brokers)"), gridBox);
    gridTitle->setToolTip(grid_->toolTip());
    gridTitle->setWordWrap(true);
    gridLayout->addWidget(gridTitle);
    gridLayout->addWidget(gridScroll, 1);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(table_);
    splitter->addWidget(gridBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(summary_);
    tabs_->setObjectName("topicTabs");
    tabs_->addTab(splitter, tr("&Partitions"));
    tabs_->addTab(configs_, tr("&Configs"));
    tabs_->addTab(makeConsumersTab(), tr("Consumer &groups"));
    // Opening the tab reads the latest 50 records of each partition, once per topic: the newest
    // records are what one looks for first, and a bounded read from the end costs the same on a
    // topic of any size. Tabs that stay closed read nothing (the view only reads while on screen).
    messages_->startBox()->setCurrentIndex(MessagesView::FromEndMinusN);
    messages_->startValueEdit()->setText("50");
    // Looking comes first here: producing is a tick away, and the records get the panel's room.
    messages_->produceToggle()->setChecked(false);
    auto* messagesTab = new QWidget(this);
    auto* messagesLayout = new QVBoxLayout(messagesTab);
    messagesLayout->addWidget(messages_);
    tabs_->addTab(messagesTab, tr("&Messages"));
    Q_ASSERT(tabs_->count() == int(kTopicTabs.size()));
    connect(messages_, &MessagesView::dataChanged, this, &ClusterPage::dataChanged);
    connect(tabs_, &QTabWidget::currentChanged, this, &ClusterPage::dataChanged);
    layout->addWidget(tabs_, 1);
    setTopic({});
}

QWidget* TopicPage::makeConsumersTab() {
    auto* consumersProxy = new TableProxy(TopicConsumersModel::SortRole, this);
    consumersProxy->setSourceModel(consumers_);
    consumersProxy->setHeaderTip(TopicConsumersModel::LagColumn,
                                 tr("Records on this topic that the group has not committed yet: high "
                                    "watermark minus committed offset, summed over its partitions"));
    consumersProxy->setHeaderTip(TopicConsumersModel::WithoutCommitColumn,
                                 tr("Partitions of this topic the group never committed: no lag figure "
                                    "rather than a lag counted from offset 0"));
    consumersProxy->setHeaderTip(TopicConsumersModel::MembersColumn,
                                 tr("Members assigned at least one partition of this topic"));
    consumersTable_ = makeTableView(consumersProxy, this);
    consumersTable_->setObjectName("topicConsumersTable");
    consumersTable_->sortByColumn(TopicConsumersModel::LagColumn, Qt::DescendingOrder);
    consumersEmpty_ = new QLabel(tr("No consumer group reads this topic yet."), this);
    consumersEmpty_->setObjectName("topicConsumersEmpty");
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(consumersEmpty_);
    layout->addWidget(consumersTable_, 1);
    return tab;
}

void TopicPage::setConnection(ClusterConnection* connection) {
    if (connection_ != nullptr) {
        disconnect(connection_, nullptr, this, nullptr);
    }
    connection_ = connection;
    configs_->setConnection(connection);
    messages_->setConnection(connection);
    if (connection_ != nullptr) {
        connect(connection_, &ClusterConnection::snapshotChanged, this, &TopicPage::refresh);
    }
    refresh();
}

void TopicPage::setTopic(const QString& topic) {
    partitions_->setTopic(topic);
    consumers_->setTopic(topic);
    configs_->setResource({model::ConfigResourceType::Topic, topic});
    messages_->setTopic(topic);
    refresh();
}

QString TopicPage::topic() const { return partitions_->topic(); }

void TopicPage::showTab(const QString& name) {
    for (int tab = 0; tab < int(kTopicTabs.size()); ++tab) {
        if (name == QLatin1String(kTopicTabs[tab])) {
            tabs_->setCurrentIndex(tab);
        }
    }
}

QString TopicPage::currentTabName() const {
    const int tab = tabs_->currentIndex();
    return tab > 0 ? QString(QLatin1String(kTopicTabs[tab])) : QString();
}

void TopicPage::refreshRequested() {
    if (messages_->isVisible()) {
        messages_->browse();
    }
}

bool TopicPage::hasData() const {
    const bool listed = connection_ != nullptr && connection_->snapshot() &&
                        model::findTopic(*connection_->snapshot(), topic()) != nullptr;
    // On the Messages tab, the page shows what it is for once the first read is in.
    const bool onMessages = tabs_->currentIndex() == int(kTopicTabs.size()) - 1;
    return listed && (!onMessages || messages_->hasData());
}

void TopicPage::refresh() {
    title_->setText(tr("<h2>Topic %1</h2>").arg(topic().toHtmlEscaped()));
    if (connection_ == nullptr || !connection_->snapshot()) {
        summary_->setText(tr("Waiting for the cluster's first answer…"));
        emit dataChanged();
        return;
    }
    const model::ClusterSnapshot& snapshot = *connection_->snapshot();
    // 100,000 partitions take ~150 ms to diff: that happens on the thread pool, not here.
    partitions_->applySnapshotInBackground(snapshot);
    consumers_->applySnapshot(snapshot);
    consumersEmpty_->setVisible(consumers_->rowCount() == 0);
    const model::TopicInfo* info = model::findTopic(snapshot, topic());
    if (info == nullptr) {
        summary_->setText(tr("The cluster has no topic named %1.").arg(topic().toHtmlEscaped()));
        grid_->setTopic(snapshot.brokers, {});
        emit dataChanged();
        return;
    }
    int under = 0;
    int offline = 0;
    int unpreferred = 0;
    for (const model::PartitionInfo& partition : info->partitions) {
        under += model::isUnderReplicated(partition) ? 1 : 0;
        offline += model::isOffline(partition) ? 1 : 0;
        unpreferred += model::hasNonPreferredLeader(partition) ? 1 : 0;
    }
    // Leader replicas only, as in the topics table; left out while unknown.
    const QString onDisk =
        info->size ? tr(" · %1 on disk").arg(model::table_values::bytes(info->size->leaderBytes)) : QString();
    summary_->setText(tr("%1 partitions · %2 records retained%7 · %3 under-replicated · %4 offline · "
                         "%5 led by a non-preferred leader%6")
                          .arg(info->partitions.size())
                          .arg(model::table_values::count(model::messagesIn(*info)))
                          .arg(under)
                          .arg(offline)
                          .arg(unpreferred)
                          .arg(info->internal ? tr(" · internal topic") : QString())
                          .arg(onDisk));
    grid_->setTopic(snapshot.brokers, info->partitions);
    grid_->resize(grid_->sizeHint());
    // The grid needs only its own width; the partitions table gets the rest.
    const int gridWidth = grid_->sizeHint().width() + 40;
    gridBox_->setMaximumWidth(std::max(gridWidth, 240));
    gridBox_->setMinimumWidth(std::min(gridWidth, 360));
    emit dataChanged();
}

}  // namespace tideline::ui
