// Creates a topic: name, partitions, replication factor and config overrides, checked while the user
// types against Kafka's naming rules and the live brokers of the latest snapshot. OK stays disabled
// until everything is valid; "Check with cluster" asks the cluster for a validate-only preview. The
// creation runs asynchronously with a busy indicator; a refusal shows the cluster's own error text.
#pragma once

#include <QDialog>
#include <QMap>
#include <QPointer>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace tideline::ui {

class ClusterConnection;

class CreateTopicDialog : public QDialog {
    Q_OBJECT

public:
    explicit CreateTopicDialog(ClusterConnection* connection, QWidget* parent = nullptr);

    QLineEdit* nameEdit() const { return name_; }
    QSpinBox* partitionsEdit() const { return partitions_; }
    QSpinBox* replicationEdit() const { return replication_; }
    QPlainTextEdit* configsEdit() const { return configs_; }
    QPushButton* okButton() const;
    QPushButton* checkButton() const { return check_; }
    // What is wrong with the input now; empty when OK is enabled.
    QString validationError() const { return validationError_; }
    // The cluster's answer to the last request, or its error text.
    QString statusText() const;

    void accept() override;

private:
    void validate();
    void send(bool validateOnly);
    void setBusy(bool busy);
    void showStatus(const QString& text, bool error);
    // The config lines as a map; sets *error for the first malformed line.
    QMap<QString, QString> parseConfigs(QString* error) const;

    QPointer<ClusterConnection> connection_;
    QLineEdit* name_;
    QSpinBox* partitions_;
    QSpinBox* replication_;
    QPlainTextEdit* configs_;
    QLabel* brokersHint_;
    QLabel* status_;
    QProgressBar* progress_;
    QPushButton* check_;
    QDialogButtonBox* buttons_;
    QString validationError_;
    QString answer_;  // the cluster's answer to the last request, until the input changes
    bool answerIsError_ = false;
    bool busy_ = false;
};

}  // namespace tideline::ui
