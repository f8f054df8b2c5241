#include "ui/dialogs/add_partitions_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/actions/pending_operation.h"
#include "ui/cluster_connection.h"
#include "ui/theme.h"

namespace tideline::ui {

AddPartitionsDialog::AddPartitionsDialog(ClusterConnection* connection, QString topic, int currentPartitions,
                                         QWidget* parent)
    : QDialog(parent),
      connection_(connection),
      topic_(std::move(topic)),
      total_(new QSpinBox(this)),
      status_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Add partitions to %1").arg(topic_));
    setObjectName("addPartitionsDialog");
    total_->setObjectName("totalPartitions");
    total_->setRange(currentPartitions + 1, 100000);
    total_->setValue(currentPartitions + 1);
    total_->setToolTip(
        tr("The new total number of partitions, more than the current %1").arg(currentPartitions));
    auto* note = new QLabel(tr("%1 has %n partition(s). Partitions can be added, never removed; records "
                               "with a key may go to another partition than before, which breaks "
                               "per-key ordering across the change.",
                               nullptr, currentPartitions)
                                .arg(topic_.toHtmlEscaped()),
                            this);
    note->setWordWrap(true);
    status_->setObjectName("addPartitionsStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_->setRange(0, 0);
    progress_->setTextVisible(false);
    progress_->setMaximumHeight(6);
    progress_->hide();
    okButton()->setText(tr("Add"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Total partitions:"), total_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addLayout(form);
    layout->addWidget(status_);
    layout->addWidget(progress_);
    layout->addWidget(buttons_);
    resize(420, sizeHint().height());
    connect(buttons_, &QDialogButtonBox::accepted, this, &AddPartitionsDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &AddPartitionsDialog::reject);
}

QPushButton* AddPartitionsDialog::okButton() const { return buttons_->button(QDialogButtonBox::Ok); }

QString AddPartitionsDialog::statusText() const { return status_->text(); }

void AddPartitionsDialog::accept() {
    if (connection_ == nullptr || connection_->session() == nullptr || !okButton()->isEnabled()) {
        return;
    }
    model::ClusterSession* session = connection_->session();
    auto* pending =
        new PendingOperation(session, session->createPartitions(topic_, total_->value(), false), this);
    okButton()->setEnabled(false);
    total_->setEnabled(false);
    progress_->show();
    status_->setStyleSheet({});
    status_->setText(tr("Adding partitions…"));
    connect(pending, &PendingOperation::finished, this, [this](const model::OperationResult& result) {
        progress_->hide();
        if (result.ok()) {
            connection_->refreshNow();
            QDialog::accept();
            return;
        }
        status_->setStyleSheet(QString("color: %1").arg(theme::danger().name()));
        status_->setText(tr("The cluster refused: %1").arg(result.error));
        okButton()->setEnabled(true);
        total_->setEnabled(true);
    });
}

}  // namespace tideline::ui
