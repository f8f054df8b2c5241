// The records of one topic, as both the messages page and the topic page's Messages tab show them:
// browse from the beginning, the end minus N, an offset or a timestamp, in one partition or all; a
// table with partition, offset, timestamp, key, value preview and headers; a detail pane with
// pretty-printed JSON and hex; a text or regex filter; export of the selected or all fetched records
// to JSON or CSV; live tail (new records as they arrive, at most the limit kept, pause by switching it
// off); and a panel to produce a record, hidden on read-only profiles.
//
// Reads run on the session's operations thread. A newly set topic is read once by itself with the
// settings shown, but only when the view is on screen: a hidden tab or page costs no request.
#pragma once

#include <QPointer>
#include <QWidget>

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

class ClusterConnection;
class LiveTail;
class ProducePanel;
class RecordDetail;
class RecordFilterProxy;
class RecordsModel;

class MessagesView : public QWidget {
    Q_OBJECT

public:
    enum class ExportFormat { Json, Csv };
    // The rows of startBox(), in order.
    enum StartIndex { FromBeginning, FromEndMinusN, FromOffset, FromTimestamp };

    explicit MessagesView(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection);
    void setTopic(const QString& topic);
    QString topic() const { return topic_; }
    // A browse has finished since the topic or connection was last set, and none runs now.
    bool hasData() const;

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
    QPushButton* browseButton() const { return browse_; }
    // Checked: follows new records (at most limitEdit() kept); unchecked: paused.
    QPushButton* liveTailButton() const { return tail_; }
    QLineEdit* filterEdit() const { return filter_; }
    QCheckBox* regexBox() const { return regex_; }
    QTableView* table() const { return table_; }
    RecordsModel* records() const { return model_; }
    RecordDetail* detail() const { return detail_; }
    ProducePanel* producePanel() const { return produce_; }
    // The produce panel with its header: hidden on read-only profiles.
    QWidget* produceBox() const { return produceBox_; }
    // Unchecked: the panel is folded away under its header.
    QToolButton* produceToggle() const { return produceToggle_; }
    QString statusText() const;
    bool browsing() const { return browsing_; }

signals:
    void browseFinished();
    // hasData() may have changed.
    void dataChanged();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refreshTarget();
    void updateStartInputs();
    void applyFilter();
    void takeResult(const model::BrowseResult& result);
    void setLiveTail(bool on);
    void showSelected();
    void chooseExport(ExportFormat format, bool selectedOnly);
    void forgetRecords();

    QPointer<ClusterConnection> connection_;
    QString topic_;
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
    QToolButton* produceToggle_;
    QLabel* status_;
    bool browsing_ = false;
    bool browsedOnce_ = false;
    // A newly shown topic is read once by itself, as soon as the cluster has listed it and the view
    // is on screen.
    bool autoBrowse_ = false;
};

}  // namespace tideline::ui
