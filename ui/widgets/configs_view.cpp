#include "ui/widgets/configs_view.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QTableView>
#include <QVBoxLayout>

#include "model/models/config_model.h"
#include "ui/actions/pending_operation.h"
#include "ui/cluster_connection.h"
#include "ui/theme.h"
#include "ui/widgets/table_proxy.h"

namespace tideline::ui {

using model::ConfigModel;

// Makes the value column editable where the config allows it, and turns an edit into a request
// rather than writing the model: the table shows the cluster's value until the cluster changed it.
class ConfigEditProxy : public TableProxy {
public:
    explicit ConfigEditProxy(QObject* parent) : TableProxy(ConfigModel::SortRole, parent) {}

    std::function<void(const QString&, const QString&)> onEdit;
    bool writable = false;

    bool editableRow(const QModelIndex& index) const {
        return writable &&
               !index.siblingAtColumn(ConfigModel::ReadOnlyColumn).data(ConfigModel::SortRole).toBool() &&
               !index.siblingAtColumn(ConfigModel::SensitiveColumn).data(ConfigModel::SortRole).toBool();
    }
    Qt::ItemFlags flags(const QModelIndex& index) const override {
        Qt::ItemFlags flags = TableProxy::flags(index);
        if (index.column() == ConfigModel::ValueColumn && editableRow(index)) {
            flags |= Qt::ItemIsEditable;
        }
        return flags;
    }
    QVariant data(const QModelIndex& index, int role) const override {
        if (role == Qt::EditRole && index.column() == ConfigModel::ValueColumn) {
            return index.data(ConfigModel::RawValueRole).toString();
        }
        if (role == Qt::FontRole && index.column() == ConfigModel::ValueColumn &&
            index.data(ConfigModel::IsOverrideRole).toBool()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return TableProxy::data(index, role);
    }
    bool setData(const QModelIndex& index, const QVariant& value, int role) override {
        if (role != Qt::EditRole || index.column() != ConfigModel::ValueColumn || !editableRow(index)) {
            return false;
        }
        const QString text = value.toString().trimmed();
        if (text != index.data(ConfigModel::RawValueRole).toString() && onEdit) {
            onEdit(index.data(ConfigModel::KeyRole).toString(), text);
        }
        return false;
    }
};

ConfigsView::ConfigsView(QWidget* parent)
    : QWidget(parent),
      configs_(new ConfigModel(this)),
      proxy_(new ConfigEditProxy(this)),
      status_(new QLabel(this)) {
    proxy_->setSourceModel(configs_);
    proxy_->setHeaderTip(ConfigModel::ValueColumn,
                         tr("The value in force; bold when set on this topic or broker (an override). "
                            "Double-click or F2 to change a topic's value"));
    proxy_->setHeaderTip(ConfigModel::DefaultColumn, tr("What the value would be without this override"));
    proxy_->setHeaderTip(ConfigModel::SourceColumn,
                         tr("Where the value comes from: this topic, a broker's dynamic config, "
                            "server.properties or Kafka's built-in default"));
    proxy_->onEdit = [this](const QString& name, const QString& value) {
        requestChange(name, value.isEmpty() ? std::nullopt : std::optional<QString>(value));
    };
    table_ = makeTableView(proxy_, this);
    table_->setObjectName("configsTable");
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    table_->sortByColumn(ConfigModel::NameColumn, Qt::AscendingOrder);
    status_->setObjectName("configsStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    reset_ = new QAction(tr("&Reset to default…"), table_);
    reset_->setObjectName("resetConfigAction");
    reset_->setToolTip(tr("Drop this topic's override, so the broker's value applies again"));
    table_->addAction(reset_);
    connect(reset_, &QAction::triggered, this, [this] {
        const QModelIndex current = table_->currentIndex();
        if (current.isValid() && current.data(ConfigModel::IsOverrideRole).toBool() &&
            editable(current.data(ConfigModel::KeyRole).toString())) {
            requestChange(current.data(ConfigModel::KeyRole).toString(), std::nullopt);
        }
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_, 1);
    layout->addWidget(status_);
    connect(configs_, &ConfigModel::loaded, this, &ConfigsView::showStatus);
    updateEditing();
}

void ConfigsView::setConnection(ClusterConnection* connection) {
    if (connection_ != nullptr) {
        disconnect(connection_, nullptr, this, nullptr);
    }
    connection_ = connection;
    configs_->setSession(connection_ != nullptr ? connection_->session() : nullptr);
    if (connection_ != nullptr) {
        // The session comes with the first connect and is replaced on reconnects.
        connect(connection_, &ClusterConnection::stateChanged, this, [this] {
            if (connection_ != nullptr && connection_->session() != nullptr && !loadedOnce_ && isVisible()) {
                reload();
            }
        });
    }
    loadedOnce_ = false;
    updateEditing();
    if (isVisible()) {
        reload();
    }
}

void ConfigsView::setResource(const model::ConfigResource& resource) {
    if (resource == configs_->resource()) {
        return;
    }
    configs_->setResource(resource);
    note_.clear();
    status_->clear();
    loadedOnce_ = false;
    updateEditing();
    if (isVisible()) {
        reload();
    }
}

void ConfigsView::reload() {
    if (connection_ == nullptr || connection_->session() == nullptr || configs_->resource().name.isEmpty()) {
        return;
    }
    configs_->setSession(connection_->session());
    loadedOnce_ = true;
    if (configs_->rowCount() == 0) {
        status_->setText(tr("Reading the configs…"));
    }
    configs_->refresh();
}

void ConfigsView::showStatus() {
    const QString error = configs_->error();
    const bool failed = !error.isEmpty() || noteIsError_;
    status_->setStyleSheet(failed ? QString("color: %1").arg(theme::danger().name()) : QString());
    if (!error.isEmpty()) {
        status_->setText(tr("Could not read the configs: %1").arg(error));
    } else if (!note_.isEmpty()) {
        status_->setText(note_);
    } else if (proxy_->writable) {
        status_->setText(
            tr("%1 configs. Double-click a value to change it; an empty value drops the override.")
                .arg(configs_->rowCount()));
    } else {
        status_->setText(tr("%1 configs.").arg(configs_->rowCount()));
    }
}

void ConfigsView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!loadedOnce_) {
        reload();
    }
}

void ConfigsView::updateEditing() {
    proxy_->writable = connection_ != nullptr && !connection_->readOnly() &&
                       configs_->resource().type == model::ConfigResourceType::Topic;
    reset_->setVisible(proxy_->writable);
    reset_->setEnabled(proxy_->writable);
}

bool ConfigsView::editable(const QString& name) const {
    for (int row = 0; row < proxy_->rowCount(); ++row) {
        const QModelIndex index = proxy_->index(row, ConfigModel::ValueColumn);
        if (index.data(ConfigModel::KeyRole).toString() == name) {
            return proxy_->flags(index).testFlag(Qt::ItemIsEditable);
        }
    }
    return false;
}

void ConfigsView::requestChange(const QString& name, std::optional<QString> value) {
    if (connection_ == nullptr || connection_->session() == nullptr || !proxy_->writable) {
        return;
    }
    const QString topic = configs_->resource().name;
    const QString question =
        value ? tr("Set %1 of topic %2 to %3?").arg(name, topic, *value)
              : tr("Drop the override of %1 on topic %2, so the broker's value applies again?")
                    .arg(name, topic);
    auto* box = new QMessageBox(QMessageBox::Question, tr("Change topic config"), question,
                                QMessageBox::Yes | QMessageBox::Cancel, window());
    box->setObjectName("configChangeConfirmation");
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this, [this, topic, name, value] {
        if (connection_ == nullptr || connection_->session() == nullptr) {
            return;
        }
        note_ = tr("Changing %1…").arg(name);
        noteIsError_ = false;
        showStatus();
        const quint64 id = connection_->session()->alterTopicConfigs(topic, {{name, value}}, false);
        auto* pending = new PendingOperation(connection_->session(), id, this);
        connect(pending, &PendingOperation::finished, this,
                [this, name, value](const model::OperationResult& result) {
                    noteIsError_ = !result.ok();
                    note_ = result.ok() ? (value ? tr("%1 is now %2.").arg(name, *value)
                                                 : tr("%1 is back to the broker's value.").arg(name))
                                        : tr("The cluster refused to change %1: %2").arg(name, result.error);
                    showStatus();
                    reload();
                    emit changeFinished(result.error);
                });
    });
    box->show();
    emit dialogOpened(box);
}

}  // namespace tideline::ui
