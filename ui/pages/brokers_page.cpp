#include "ui/pages/brokers_page.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "model/models/brokers_model.h"
#include "ui/cluster_connection.h"
#include "ui/widgets/configs_view.h"
#include "ui/widgets/table_proxy.h"

namespace tideline::ui {

using model::BrokersModel;

BrokersPage::BrokersPage(QWidget* parent)
    : ClusterPage(parent),
      proxy_(new TableProxy(BrokersModel::SortRole, this)),
      summary_(new QLabel(this)),
      configsTitle_(new QLabel(this)),
      configs_(new ConfigsView(this)) {
    proxy_->setHeaderTip(BrokersModel::ControllerColumn,
                         tr("The controller is the broker that assigns partition leaders and tracks ISRs"));
    proxy_->setHeaderTip(BrokersModel::LeadersColumn,
                         tr("Partitions this broker leads: it takes all their reads and writes"));
    proxy_->setHeaderTip(BrokersModel::ReplicasColumn, tr("Partition copies this broker stores"));
    proxy_->setHeaderTip(BrokersModel::RackColumn,
                         tr("The broker's rack, for spreading replicas; not reported by every client"));
    proxy_->setAttentionRole(BrokersModel::NeedsAttentionRole);
    table_ = makeTableView(proxy_, this);
    table_->setObjectName("brokersTable");
    table_->sortByColumn(BrokersModel::IdColumn, Qt::AscendingOrder);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Brokers</h2>"), this));
    layout->addWidget(summary_);
    configsTitle_->setObjectName("brokerConfigsTitle");
    auto* configsBox = new QWidget(this);
    auto* configsLayout = new QVBoxLayout(configsBox);
    configsLayout->setContentsMargins(0, 0, 0, 0);
    configsLayout->addWidget(configsTitle_);
    configsLayout->addWidget(configs_, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(table_);
    splitter->addWidget(configsBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    // The configs follow the selected broker.
    connect(
        table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (!current.isValid()) {
                return;
            }
            const QString id =
                current.siblingAtColumn(BrokersModel::IdColumn).data(BrokersModel::KeyRole).toString();
            configsTitle_->setText(tr("<b>Configs of broker %1</b> (value and where it comes from)").arg(id));
            configs_->setResource({model::ConfigResourceType::Broker, id});
        });
    configsTitle_->setText(tr("<b>Broker configs</b>: select a broker"));
    refresh();
}

void BrokersPage::setConnection(ClusterConnection* connection) {
    if (connection_ != nullptr) {
        disconnect(connection_, nullptr, this, nullptr);
    }
    connection_ = connection;
    configs_->setConnection(connection);
    proxy_->setSourceModel(connection_ != nullptr ? connection_->brokers() : nullptr);
    if (connection_ != nullptr) {
        connect(connection_, &ClusterConnection::snapshotChanged, this, &BrokersPage::refresh);
    }
    refresh();
}

bool BrokersPage::hasData() const { return connection_ != nullptr && connection_->snapshot().has_value(); }

void BrokersPage::selectBroker(qint32 id) {
    table_->clearSelection();
    for (int row = 0; row < proxy_->rowCount(); ++row) {
        const QModelIndex index = proxy_->index(row, BrokersModel::IdColumn);
        if (index.data(BrokersModel::KeyRole).toInt() == id) {
            table_->setCurrentIndex(index);
            table_->selectRow(row);
            table_->scrollTo(index);
            table_->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
}

void BrokersPage::refresh() {
    if (!hasData()) {
        summary_->setText(tr("Waiting for the cluster's first answer…"));
    } else {
        const auto& snapshot = *connection_->snapshot();
        // Show some broker's configs at once rather than an empty pane.
        if (!table_->currentIndex().isValid() && proxy_->rowCount() > 0) {
            table_->setCurrentIndex(proxy_->index(0, BrokersModel::IdColumn));
        }
        summary_->setText(
            tr("%n broker(s) in the metadata; controller: broker %1", nullptr, int(snapshot.brokers.size()))
                .arg(snapshot.controllerId));
    }
    emit dataChanged();
}

}  // namespace tideline::ui
