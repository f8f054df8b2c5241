// Resets a consumer group's committed offsets: to the earliest, the latest, an offset, a time, or
// shifted by N. "Preview" runs a dry run whose table shows each partition's old and new offset
// (clamped into the watermarks); "Apply" commits exactly that after a confirmation. Kafka refuses
// while the group has members, and the cluster's error text is shown as it comes.
#pragma once

#include <QDialog>
#include <QPointer>

#include "model/operations/operation_types.h"

class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace tideline::ui {

class ClusterConnection;

class ResetOffsetsDialog : public QDialog {
    Q_OBJECT

public:
    ResetOffsetsDialog(ClusterConnection* connection, QString group, QWidget* parent = nullptr);

    QComboBox* targetBox() const { return target_; }
    QLineEdit* valueEdit() const { return value_; }
    QPushButton* previewButton() const { return preview_; }
    QPushButton* applyButton() const { return apply_; }
    QTableWidget* previewTable() const { return table_; }
    QString statusText() const;
    // Applies the previewed reset without asking (for tests; the button asks first).
    void applyConfirmed();

signals:
    void previewShown();
    void resetApplied();
    void failed(const QString& error);

private:
    model::OffsetResetSpec spec() const;
    void run(bool apply);
    void showResult(const model::OffsetResetResult& result);
    void confirmApply();
    void inputChanged();

    QPointer<ClusterConnection> connection_;
    QString group_;
    QComboBox* target_;
    QLineEdit* value_;
    QDateTimeEdit* timestamp_;
    QTableWidget* table_;
    QLabel* status_;
    QProgressBar* progress_;
    QPushButton* preview_;
    QPushButton* apply_;
    QDialogButtonBox* buttons_;
    bool previewed_ = false;
};

}  // namespace tideline::ui
