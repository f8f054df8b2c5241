#include "ui/dialogs/delete_topics_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/actions/pending_operation.h"
#include "ui/cluster_connection.h"
#include "ui/theme.h"

namespace tideline::ui {
namespace {

constexpr int kTopicsListed = 12;

}  // namespace

DeleteTopicsDialog::DeleteTopicsDialog(ClusterConnection* connection, QStringList topics, QWidget* parent)
    : QDialog(parent),
      connection_(connection),
      topics_(std::move(topics)),
      confirm_(new QLineEdit(this)),
      status_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(topics_.size() == 1 ? tr("Delete topic")
                                       : tr("Delete %n topics", nullptr, int(topics_.size())));
    setObjectName("deleteTopicsDialog");
    QStringList listed;
    for (const QString& topic : topics_.mid(0, kTopicsListed)) {
        listed << topic.toHtmlEscaped();
    }
    if (topics_.size() > kTopicsListed) {
        listed << tr("… and %n more", nullptr, int(topics_.size() - kTopicsListed));
    }
    auto* warning = new QLabel(
        tr("<b>This deletes every record of:</b><br>%1<br><br>It cannot be undone. Producers that keep "
           "writing may recreate a topic if the cluster allows automatic creation.")
            .arg(listed.join("<br>")),
        this);
    warning->setWordWrap(true);
    auto* prompt =
        new QLabel(topics_.size() == 1 ? tr("Type the topic's name to confirm:")
                                       : tr("Type the number of topics (%1) to confirm:").arg(topics_.size()),
                   this);
    confirm_->setObjectName("deleteConfirmation");
    confirm_->setPlaceholderText(confirmationText());
    status_->setObjectName("deleteTopicsStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_->setRange(0, 0);
    progress_->setTextVisible(false);
    progress_->setMaximumHeight(6);
    progress_->hide();
    deleteButton()->setText(tr("Delete"));
    deleteButton()->setStyleSheet(QString("color: %1").arg(theme::danger().name()));
    buttons_->button(QDialogButtonBox::Cancel)->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(warning);
    layout->addWidget(prompt);
    layout->addWidget(confirm_);
    layout->addWidget(status_);
    layout->addWidget(progress_);
    layout->addWidget(buttons_);
    resize(440, sizeHint().height());

    connect(confirm_, &QLineEdit::textChanged, this, &DeleteTopicsDialog::updateButton);
    connect(buttons_, &QDialogButtonBox::accepted, this, &DeleteTopicsDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &DeleteTopicsDialog::reject);
    updateButton();
}

QPushButton* DeleteTopicsDialog::deleteButton() const { return buttons_->button(QDialogButtonBox::Ok); }

QString DeleteTopicsDialog::statusText() const { return status_->text(); }

QString DeleteTopicsDialog::confirmationText() const {
    return topics_.size() == 1 ? topics_.first() : QString::number(topics_.size());
}

void DeleteTopicsDialog::updateButton() {
    deleteButton()->setEnabled(!busy_ && !topics_.isEmpty() &&
                               confirm_->text().trimmed() == confirmationText());
}

void DeleteTopicsDialog::accept() {
    if (!deleteButton()->isEnabled() || connection_ == nullptr || connection_->session() == nullptr) {
        return;
    }
    model::ClusterSession* session = connection_->session();
    auto* pending = new PendingOperation(session, session->deleteTopics(topics_), this);
    busy_ = true;
    confirm_->setEnabled(false);
    progress_->show();
    status_->setStyleSheet({});
    status_->setText(tr("Deleting…"));
    updateButton();
    connect(pending, &PendingOperation::finished, this, [this](const model::OperationResult& result) {
        busy_ = false;
        progress_->hide();
        connection_->refreshNow();
        if (result.ok()) {
            QDialog::accept();
            return;
        }
        QStringList lines;
        for (const model::OperationItem& item : result.items) {
            lines << (item.error.isEmpty() ? tr("%1: deleted").arg(item.name)
                                           : tr("%1: %2").arg(item.name, item.error));
        }
        if (lines.isEmpty()) {
            lines << result.error;
        }
        status_->setStyleSheet(QString("color: %1").arg(theme::danger().name()));
        status_->setText(tr("The cluster refused:\n%1").arg(lines.join('\n')));
        confirm_->setEnabled(true);
        updateButton();
    });
}

}  // namespace tideline::ui
