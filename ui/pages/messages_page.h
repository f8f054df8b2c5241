// The records of one topic: browse from the beginning, the end minus N, an offset or a timestamp, in
// one partition or all; a table with partition, offset, timestamp, key, value preview and headers;
// a detail pane with pretty-printed JSON and hex; a text or regex filter; export of the selected or
// all fetched records to JSON or CSV; live tail (new records as they arrive, at most the limit kept,
// pause by switching it off); and a panel to produce a record, hidden on read-only profiles.
#pragma once

#include <QPointer>

#include "ui/pages/cluster_page.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;
class QToolButton;
class QPushButton;

namespace tideline::model {
struct BrowseResult;
}

namespace tideline::ui {

class LiveTail;
class ProducePanel;
class RecordDetail;
class RecordFilterProxy;
class RecordsModel;

class MessagesPage : public ClusterPage {
    Q_OBJECT

public:
    enum class ExportFormat { Json, Csv };

    explicit MessagesPage(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection) override;
    bool hasData() const override;
    void setTopic(const QString& topic);
    QString topic() const { return topic_; }

    // Starts a browse with the settings shown; the result replaces the table.
    void browse();
    // Selected records when `selectedOnly`, else every fetched record, in table order; false and
    // *error set when the file cannot be written.
    bool exportTo(const QString& path, ExportFormat format, bool selectedOnly, QString* error = nullptr);

    QComboBox* partitionBox() const { return partition_; }
    QComboBox* startBox() const { return start_; }
    QLineEdit* startValueEdit() const { return value_; }
    QDateTimeEdit* timestampEdit() const { return timestamp_; }
    QSpinBox* limitEdit() const { return limit_; }
    // Checked: follows new records (at most limitEdit() kept); unchecked: paused.
    QPushButton* liveTailButton() const { return tail_; }
    QLineEdit* filterEdit() const { return filter_; }
    QCheckBox* regexBox() const { return regex_; }
    QTableView* table() const { return table_; }
    RecordsModel* records() const { return model_; }
    RecordDetail* detail() const { return detail_; }
    ProducePanel* producePanel() const { return produce_; }
    QString statusText() const;
    bool browsing() const { return browsing_; }

signals:
    void browseFinished();

private:
    void refreshTarget();
    void updateStartInputs();
    void applyFilter();
    void takeResult(const model::BrowseResult& result);
    void setLiveTail(bool on);
    void showSelected();
    void chooseExport(ExportFormat format, bool selectedOnly);

    QPointer<ClusterConnection> connection_;
    QString topic_;
    QLabel* title_;
    QComboBox* partition_;
    QComboBox* start_;
    QLineEdit* value_;
    QDateTimeEdit* timestamp_;
    QSpinBox* limit_;
    QPushButton* browse_;
    QPushButton* tail_;
    LiveTail* liveTail_;
    QLineEdit* filter_;
    QCheckBox* regex_;
    QToolButton* export_;
    QTableView* table_;
    RecordsModel* model_;
    RecordFilterProxy* proxy_;
    RecordDetail* detail_;
    ProducePanel* produce_;
    QWidget* produceBox_;
    QLabel* status_;
    bool browsing_ = false;
    bool browsedOnce_ = false;
    // A newly shown topic is read once by itself, as soon as the cluster has listed it.
    bool autoBrowse_ = false;
};

}  // namespace tideline::ui
