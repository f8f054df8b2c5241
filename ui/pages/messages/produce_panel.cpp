#include "ui/pages/messages/produce_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

#include "ui/actions/pending_operation.h"
#include "ui/cluster_connection.h"
#include "ui/theme.h"

namespace tideline::ui {

ProducePanel::ProducePanel(QWidget* parent)
    : QWidget(parent),
      key_(new QLineEdit(this)),
      nullKey_(new QCheckBox(tr("No key"), this)),
      value_(new QPlainTextEdit(this)),
      headers_(new QPlainTextEdit(this)),
      partition_(new QComboBox(this)),
      send_(new QPushButton(QIcon(":/tideline/icons/play.svg"), tr("&Produce"), this)),
      status_(new QLabel(this)) {
    setObjectName("producePanel");
    key_->setObjectName("produceKey");
    key_->setToolTip(tr("The key picks the partition (same key, same partition, same order)"));
    nullKey_->setToolTip(tr("Send a null key: the partitioner spreads such records over the partitions"));
    value_->setObjectName("produceValue");
    value_->setPlaceholderText(tr("Value, e.g. {\"id\": 1}"));
    value_->setTabChangesFocus(true);
    headers_->setObjectName("produceHeaders");
    headers_->setPlaceholderText(tr("Headers, one per line: name=value"));
    headers_->setTabChangesFocus(true);
    headers_->setMaximumHeight(60);
    value_->setMaximumHeight(80);
    partition_->setObjectName("producePartition");
    partition_->setToolTip(tr("Partition to write to, or let the partitioner choose from the key"));
    send_->setObjectName("produceButton");
    send_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    send_->setToolTip(tr("Produce the record (Ctrl+Enter); waits for every in-sync replica (acks=all)"));
    status_->setObjectName("produceStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(key_, 1);
    keyRow->addWidget(nullKey_);
    keyRow->addWidget(new QLabel(tr("Partition:"), this));
    keyRow->addWidget(partition_);
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Key:"), keyRow);
    form->addRow(tr("&Value:"), value_);
    form->addRow(tr("&Headers:"), headers_);
    auto* actions = new QHBoxLayout;
    actions->addWidget(status_, 1);
    actions->addWidget(send_);
    form->addRow(actions);

    connect(nullKey_, &QCheckBox::toggled, key_, &QLineEdit::setDisabled);
    connect(send_, &QPushButton::clicked, this, &ProducePanel::send);
}

void ProducePanel::setTarget(ClusterConnection* connection, const QString& topic, int partitions) {
    connection_ = connection;
    const int chosen = topic == topic_ ? partition_->currentIndex() : 0;
    topic_ = topic;
    partition_->clear();
    partition_->addItem(tr("Partitioner"));
    for (int partition = 0; partition < partitions; ++partition) {
        partition_->addItem(QString::number(partition));
    }
    partition_->setCurrentIndex(std::min(chosen, partition_->count() - 1));
    send_->setEnabled(connection_ != nullptr && !topic_.isEmpty());
}

QString ProducePanel::statusText() const { return status_->text(); }

void ProducePanel::send() {
    if (connection_ == nullptr || connection_->session() == nullptr || topic_.isEmpty()) {
        return;
    }
    model::ProduceSpec spec;
    spec.topic = topic_;
    if (partition_->currentIndex() > 0) {
        spec.partition = partition_->currentIndex() - 1;
    }
    if (!nullKey_->isChecked()) {
        spec.key = key_->text().toUtf8();
    }
    spec.value = value_->toPlainText().toUtf8();
    for (const QString& line : headers_->toPlainText().split('\n', Qt::SkipEmptyParts)) {
        const qsizetype equals = line.indexOf('=');
        if (equals <= 0) {
            status_->setStyleSheet(QString("color: %1").arg(theme::danger().name()));
            status_->setText(tr("Header \"%1\": write name=value.").arg(line));
            return;
        }
        spec.headers.append({line.left(equals).trimmed(), line.mid(equals + 1).toUtf8()});
    }
    model::ClusterSession* session = connection_->session();
    auto* pending = new PendingOperation(session, session->produceRecord(spec), this);
    send_->setEnabled(false);
    status_->setStyleSheet({});
    status_->setText(tr("Producing…"));
    connect(pending, &PendingOperation::finished, this, [this](const model::OperationResult& result) {
        send_->setEnabled(true);
        if (!result.ok() || result.offsets.isEmpty()) {
            status_->setStyleSheet(QString("color: %1").arg(theme::danger().name()));
            status_->setText(tr("Not produced: %1").arg(result.error));
            return;
        }
        const model::PartitionOffset where = result.offsets.first();
        status_->setStyleSheet(QString("color: %1").arg(theme::healthy().name()));
        status_->setText(tr("Written to partition %1 at offset %2.").arg(where.partition).arg(where.offset));
        emit produced(where.partition, where.offset);
    });
}

}  // namespace tideline::ui
