// Produces one record to the page's topic: key, value, headers (one "name=value" per line) and the
// partition (or the partitioner's choice). Shows where the record went, or the cluster's error.
#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace tideline::ui {

class ClusterConnection;

class ProducePanel : public QWidget {
    Q_OBJECT

public:
    explicit ProducePanel(QWidget* parent = nullptr);

    void setTarget(ClusterConnection* connection, const QString& topic, int partitions);

    QLineEdit* keyEdit() const { return key_; }
    QPlainTextEdit* valueEdit() const { return value_; }
    QPlainTextEdit* headersEdit() const { return headers_; }
    QComboBox* partitionBox() const { return partition_; }
    QPushButton* sendButton() const { return send_; }
    QString statusText() const;

    void send();

signals:
    // The record was written at this partition and offset.
    void produced(int partition, qint64 offset);

private:
    QPointer<ClusterConnection> connection_;
    QString topic_;
    QLineEdit* key_;
    QCheckBox* nullKey_;
    QPlainTextEdit* value_;
    QPlainTextEdit* headers_;
    QComboBox* partition_;
    QPushButton* send_;
    QLabel* status_;
};

}  // namespace tideline::ui
