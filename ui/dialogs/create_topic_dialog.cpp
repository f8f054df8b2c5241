#include "ui/dialogs/create_topic_dialog.h"

#include <algorithm>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/actions/pending_operation.h"
#include "ui/cluster_connection.h"
#include "ui/dialogs/topic_name.h"
#include "ui/theme.h"

namespace tideline::ui {
namespace {

// Kafka's own limit is the int32 range; far beyond what any cluster would take in one request.
constexpr int kMaxPartitions = 100000;

int liveBrokers(const ClusterConnection* connection) {
    if (connection == nullptr || !connection->snapshot()) {
        return 0;
    }
    return int(connection->snapshot()->brokers.size());
}

}  // namespace

CreateTopicDialog::CreateTopicDialog(ClusterConnection* connection, QWidget* parent)
    : QDialog(parent),
      connection_(connection),
      name_(new QLineEdit(this)),
      partitions_(new QSpinBox(this)),
      replication_(new QSpinBox(this)),
      configs_(new QPlainTextEdit(this)),
      brokersHint_(new QLabel(this)),
      status_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      check_(new QPushButton(tr("Check with cluster"), this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Create topic"));
    setObjectName("createTopicDialog");
    name_->setObjectName("topicName");
    name_->setPlaceholderText(tr("e.g. orders.v1"));
    name_->setToolTip(
        tr("Letters, digits, '.', '_' and '-', at most %1 characters").arg(kMaxTopicNameLength));
    partitions_->setObjectName("partitions");
    partitions_->setRange(1, kMaxPartitions);
    partitions_->setValue(3);
    partitions_->setToolTip(
        tr("Partitions split a topic so that consumers of a group can read it in "
           "parallel; records with the same key go to the same partition. "
           "They can be added later, never removed."));
    replication_->setObjectName("replicationFactor");
    replication_->setRange(1, 1000);
    replication_->setToolTip(
        tr("Replication factor: how many brokers keep a copy of each partition. "
           "It cannot exceed the number of live brokers."));
    replication_->setValue(std::clamp(liveBrokers(connection), 1, 3));
    configs_->setObjectName("topicConfigs");
    configs_->setPlaceholderText(
        tr("One override per line, e.g.\nretention.ms=86400000\ncleanup.policy=compact"));
    configs_->setToolTip(tr("Topic config overrides; anything left out takes the broker's default"));
    configs_->setTabChangesFocus(true);
    configs_->setFixedHeight(90);
    brokersHint_->setObjectName("brokersHint");
    status_->setObjectName("createTopicStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_->setRange(0, 0);
    progress_->setTextVisible(false);
    progress_->setMaximumHeight(6);
    progress_->hide();
    check_->setObjectName("checkWithCluster");
    check_->setToolTip(tr("Ask the cluster whether it would create this topic, without creating it"));
    buttons_->addButton(check_, QDialogButtonBox::ActionRole);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Create"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), name_);
    form->addRow(tr("&Partitions:"), partitions_);
    form->addRow(tr("&Replication factor:"), replication_);
    form->addRow(QString(), brokersHint_);
    form->addRow(tr("&Configs:"), configs_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(status_);
    layout->addWidget(progress_);
    layout->addWidget(buttons_);
    resize(460, sizeHint().height());

    // A change of input makes the cluster's last answer stale.
    const auto edited = [this] {
        answer_.clear();
        validate();
    };
    connect(name_, &QLineEdit::textChanged, this, edited);
    connect(partitions_, &QSpinBox::valueChanged, this, edited);
    connect(replication_, &QSpinBox::valueChanged, this, edited);
    connect(configs_, &QPlainTextEdit::textChanged, this, edited);
    connect(check_, &QPushButton::clicked, this, [this] { send(true); });
    connect(buttons_, &QDialogButtonBox::accepted, this, &CreateTopicDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &CreateTopicDialog::reject);
    if (connection_ != nullptr) {
        connect(connection_, &ClusterConnection::snapshotChanged, this, &CreateTopicDialog::validate);
    }
    validate();
}

QPushButton* CreateTopicDialog::okButton() const { return buttons_->button(QDialogButtonBox::Ok); }

QString CreateTopicDialog::statusText() const { return status_->text(); }

QMap<QString, QString> CreateTopicDialog::parseConfigs(QString* error) const {
    static const QRegularExpression kConfigName("^[a-z0-9]+([._][a-z0-9]+)*$");
    QMap<QString, QString> configs;
    const QStringList lines = configs_->toPlainText().split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith('#')) {
            continue;
        }
        const qsizetype equals = line.indexOf('=');
        const QString name = line.left(equals).trimmed();
        if (equals < 0 || !kConfigName.match(name).hasMatch()) {
            *error = tr("Config line %1: write name=value, e.g. retention.ms=86400000.").arg(i + 1);
            return {};
        }
        if (configs.contains(name)) {
            *error = tr("Config line %1: %2 is set twice.").arg(i + 1).arg(name);
            return {};
        }
        configs.insert(name, line.mid(equals + 1).trimmed());
    }
    return configs;
}

void CreateTopicDialog::validate() {
    const int brokers = liveBrokers(connection_);
    brokersHint_->setText(brokers > 0 ? tr("Live brokers: %1").arg(brokers)
                                      : tr("The cluster has not answered yet"));
    QString error = validateTopicName(name_->text());
    if (error.isEmpty() && connection_ != nullptr && connection_->snapshot()) {
        for (const model::TopicInfo& topic : connection_->snapshot()->topics) {
            if (topic.name == name_->text()) {
                error = tr("A topic named %1 exists already.").arg(topic.name);
                break;
            }
            if (topicNamesCollide(topic.name, name_->text())) {
                error = tr("%1 collides with the existing topic %2: Kafka treats '.' and '_' alike.")
                            .arg(name_->text(), topic.name);
                break;
            }
        }
    }
    if (error.isEmpty() && brokers == 0) {
        error = tr("Waiting for the cluster's list of brokers.");
    }
    if (error.isEmpty() && replication_->value() > brokers) {
        error = tr("A replication factor of %1 needs %1 live brokers; the cluster has %2.")
                    .arg(replication_->value())
                    .arg(brokers);
    }
    if (error.isEmpty()) {
        parseConfigs(&error);
    }
    validationError_ = error;
    const bool valid = error.isEmpty();
    name_->setStyleSheet(validateTopicName(name_->text()).isEmpty() || name_->text().isEmpty()
                             ? QString()
                             : QString("QLineEdit { border: 1px solid %1; }").arg(theme::danger().name()));
    if (!busy_) {
        showStatus(valid ? answer_ : error, !valid || answerIsError_);
    }
    okButton()->setEnabled(valid && !busy_);
    check_->setEnabled(valid && !busy_);
}

void CreateTopicDialog::showStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? QString("color: %1").arg(theme::danger().name()) : QString());
}

void CreateTopicDialog::setBusy(bool busy) {
    busy_ = busy;
    progress_->setVisible(busy);
    for (QWidget* input : {static_cast<QWidget*>(name_), static_cast<QWidget*>(partitions_),
                           static_cast<QWidget*>(replication_), static_cast<QWidget*>(configs_)}) {
        input->setEnabled(!busy);
    }
    validate();
}

void CreateTopicDialog::send(bool validateOnly) {
    if (connection_ == nullptr || connection_->session() == nullptr || !validationError_.isEmpty()) {
        return;
    }
    QString ignored;
    model::NewTopicSpec spec;
    spec.name = name_->text();
    spec.partitions = partitions_->value();
    spec.replicationFactor = replication_->value();
    spec.configs = parseConfigs(&ignored);
    model::ClusterSession* session = connection_->session();
    auto* pending = new PendingOperation(session, session->createTopic(spec, validateOnly), this);
    setBusy(true);
    showStatus(validateOnly ? tr("Asking the cluster…") : tr("Creating %1…").arg(spec.name), false);
    connect(pending, &PendingOperation::finished, this,
            [this, validateOnly](const model::OperationResult& r) {
                answerIsError_ = !r.ok();
                answer_ = r.ok() ? tr("The cluster would create this topic.")
                                 : tr("The cluster refused: %1").arg(r.error);
                setBusy(false);
                if (r.ok() && !validateOnly) {
                    connection_->refreshNow();
                    QDialog::accept();
                }
            });
}

void CreateTopicDialog::accept() { send(false); }

}  // namespace tideline::ui
