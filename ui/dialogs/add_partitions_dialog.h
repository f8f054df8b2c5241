// Raises a topic's partition count. Kafka can add partitions but never remove them, and records with
// a key may then land in another partition than before, which the dialog says before it runs.
#pragma once

#include <QDialog>
#include <QPointer>

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace tideline::ui {

class ClusterConnection;

class AddPartitionsDialog : public QDialog {
    Q_OBJECT

public:
    AddPartitionsDialog(ClusterConnection* connection, QString topic, int currentPartitions,
                        QWidget* parent = nullptr);

    QSpinBox* totalEdit() const { return total_; }
    QPushButton* okButton() const;
    QString statusText() const;

    void accept() override;

private:
    QPointer<ClusterConnection> connection_;
    QString topic_;
    QSpinBox* total_;
    QLabel* status_;
    QProgressBar* progress_;
    QDialogButtonBox* buttons_;
};

}  // namespace tideline::ui
