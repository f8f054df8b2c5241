// Deletes one or more topics after the user typed the confirmation: the topic's name for one topic,
// the number of topics for several. Runs asynchronously; a refusal shows the cluster's error text per
// topic, and topics that were deleted are named too.
#pragma once

#include <QDialog>
#include <QPointer>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace tideline::ui {

class ClusterConnection;

class DeleteTopicsDialog : public QDialog {
    Q_OBJECT

public:
    DeleteTopicsDialog(ClusterConnection* connection, QStringList topics, QWidget* parent = nullptr);

    QLineEdit* confirmEdit() const { return confirm_; }
    QPushButton* deleteButton() const;
    QString statusText() const;
    // What has to be typed to enable the delete button.
    QString confirmationText() const;

    void accept() override;

private:
    void updateButton();

    QPointer<ClusterConnection> connection_;
    QStringList topics_;
    QLineEdit* confirm_;
    QLabel* status_;
    QProgressBar* progress_;
    QDialogButtonBox* buttons_;
    bool busy_ = false;
};

}  // namespace tideline::ui
