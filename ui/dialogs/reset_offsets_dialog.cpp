#include "ui/dialogs/reset_offsets_dialog.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/actions/pending_operation.h"
#include "ui/cluster_connection.h"
#include "ui/theme.h"

namespace tideline::ui {
namespace {

using model::OffsetResetTarget;

const QList<OffsetResetTarget> kTargets = {OffsetResetTarget::Earliest, OffsetResetTarget::Latest,
                                           OffsetResetTarget::Offset, OffsetResetTarget::Timestamp,
                                           OffsetResetTarget::ShiftBy};

QTableWidgetItem* number(qint64 value) {
    auto* item = new QTableWidgetItem(QString::number(value));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace

ResetOffsetsDialog::ResetOffsetsDialog(ClusterConnection* connection, QString group, QWidget* parent)
    : QDialog(parent),
      connection_(connection),
      group_(std::move(group)),
      target_(new QComboBox(this)),
      value_(new QLineEdit(this)),
      timestamp_(new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this)),
      table_(new QTableWidget(0, 6, this)),
      status_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      preview_(new QPushButton(tr("&Preview"), this)),
      apply_(new QPushButton(tr("&Apply…"), this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Close, this)) {
    setWindowTitle(tr("Reset offsets of %1").arg(group_));
    setObjectName("resetOffsetsDialog");
    target_->setObjectName("resetTarget");
    target_->addItems({tr("Earliest (low watermark)"), tr("Latest (high watermark)"), tr("Offset"),
                       tr("Time"), tr("Shift by N")});
    target_->setToolTip(
        tr("Where the group resumes reading; new offsets are clamped between each partition's "
           "low and high watermark"));
    value_->setObjectName("resetValue");
    value_->setValidator(new QRegularExpressionValidator(QRegularExpression("-?[0-9]{1,18}"), value_));
    value_->setText("0");
    value_->setToolTip(
        tr("The offset, or for a shift the number of records (negative: back, re-reading them)"));
    timestamp_->setDisplayFormat("yyyy-MM-dd HH:mm:ss");
    timestamp_->setCalendarPopup(true);
    table_->setObjectName("resetPreview");
    table_->setHorizontalHeaderLabels(
        {tr("Topic"), tr("Partition"), tr("Old offset"), tr("New offset"), tr("Low – high"), tr("Error")});
    table_->horizontalHeaderItem(2)->setToolTip(tr("The offset the group committed; none if it never did"));
    table_->horizontalHeaderItem(4)->setToolTip(
        tr("Low watermark: the oldest offset kept; high watermark: the offset the next record gets"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    status_->setObjectName("resetStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_->setRange(0, 0);
    progress_->setTextVisible(false);
    progress_->setMaximumHeight(6);
    progress_->hide();
    preview_->setObjectName("resetPreviewButton");
    preview_->setToolTip(tr("A dry run: computes the new offsets and commits nothing"));
    apply_->setObjectName("resetApplyButton");
    apply_->setToolTip(tr("Commits the previewed offsets; Kafka refuses while the group has members"));
    buttons_->addButton(preview_, QDialogButtonBox::ActionRole);
    buttons_->addButton(apply_, QDialogButtonBox::ActionRole);

    auto* form = new QFormLayout;
    form->addRow(tr("&Reset to:"), target_);
    form->addRow(tr("&Value:"), value_);
    form->addRow(tr("&Time:"), timestamp_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(table_, 1);
    layout->addWidget(status_);
    layout->addWidget(progress_);
    layout->addWidget(buttons_);
    resize(640, 420);

    connect(target_, &QComboBox::currentIndexChanged, this, &ResetOffsetsDialog::inputChanged);
    connect(value_, &QLineEdit::textChanged, this, &ResetOffsetsDialog::inputChanged);
    connect(timestamp_, &QDateTimeEdit::dateTimeChanged, this, &ResetOffsetsDialog::inputChanged);
    connect(preview_, &QPushButton::clicked, this, [this] { run(false); });
    connect(apply_, &QPushButton::clicked, this, &ResetOffsetsDialog::confirmApply);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    inputChanged();
}

QString ResetOffsetsDialog::statusText() const { return status_->text(); }

void ResetOffsetsDialog::inputChanged() {
    const OffsetResetTarget target = kTargets.value(target_->currentIndex());
    value_->setEnabled(target == OffsetResetTarget::Offset || target == OffsetResetTarget::ShiftBy);
    timestamp_->setEnabled(target == OffsetResetTarget::Timestamp);
    // Applying what was not previewed would commit offsets nobody looked at.
    previewed_ = false;
    apply_->setEnabled(false);
}

model::OffsetResetSpec ResetOffsetsDialog::spec() const {
    model::OffsetResetSpec spec;
    spec.group = group_;
    spec.target = kTargets.value(target_->currentIndex());
    spec.value = spec.target == OffsetResetTarget::Timestamp ? timestamp_->dateTime().toMSecsSinceEpoch()
                                                             : value_->text().toLongLong();
    return spec;
}

void ResetOffsetsDialog::run(bool apply) {
    if (connection_ == nullptr || connection_->session() == nullptr) {
        return;
    }
    model::ClusterSession* session = connection_->session();
    auto* pending = new PendingOperation(session, session->resetGroupOffsets(spec(), apply), this);
    preview_->setEnabled(false);
    apply_->setEnabled(false);
    progress_->show();
    status_->setStyleSheet({});
    status_->setText(apply ? tr("Committing the new offsets…") : tr("Computing the new offsets…"));
    connect(pending, &PendingOperation::offsetResetFinished, this, &ResetOffsetsDialog::showResult);
}

void ResetOffsetsDialog::showResult(const model::OffsetResetResult& result) {
    progress_->hide();
    preview_->setEnabled(true);
    table_->setRowCount(int(result.rows.size()));
    for (int row = 0; row < result.rows.size(); ++row) {
        const model::OffsetResetRow& r = result.rows.at(row);
        table_->setItem(row, 0, new QTableWidgetItem(r.topic));
        table_->setItem(row, 1, number(r.partition));
        table_->setItem(row, 2, r.oldOffset ? number(*r.oldOffset) : new QTableWidgetItem(tr("none")));
        table_->setItem(row, 3, number(r.newOffset));
        table_->setItem(row, 4,
                        new QTableWidgetItem(QString("%1 – %2").arg(r.lowWatermark).arg(r.highWatermark)));
        table_->setItem(row, 5, new QTableWidgetItem(r.error));
    }
    table_->resizeColumnsToContents();
    if (!result.ok()) {
        status_->setStyleSheet(QString("color: %1").arg(theme::danger().name()));
        status_->setText(tr("The cluster refused: %1").arg(result.error));
        emit failed(result.error);
        return;
    }
    if (result.applied) {
        status_->setText(
            tr("Committed the new offsets of %n partition(s).", nullptr, int(result.rows.size())));
        connection_->refreshNow();
        emit resetApplied();
        return;
    }
    previewed_ = true;
    apply_->setEnabled(!result.rows.isEmpty() && result.activeMembers == 0);
    status_->setText(result.activeMembers > 0
                         ? tr("Preview only. The group has %n active member(s): stop its consumers to apply.",
                              nullptr, result.activeMembers)
                         : tr("Preview: nothing committed yet."));
    emit previewShown();
}

void ResetOffsetsDialog::confirmApply() {
    if (!previewed_) {
        return;
    }
    const auto answer = QMessageBox::question(
        this, tr("Apply offset reset"),
        tr("Commit the previewed offsets for %1? Its consumers will resume from there.").arg(group_),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes) {
        applyConfirmed();
    }
}

void ResetOffsetsDialog::applyConfirmed() {
    if (previewed_) {
        run(true);
    }
}

}  // namespace tideline::ui
