// The records of one topic on a page of their own (the sidebar's Messages, "Browse messages" on a
// topic): a title over the same MessagesView that the topic page shows in its Messages tab.
#pragma once

#include "ui/pages/cluster_page.h"
#include "ui/pages/messages/messages_view.h"

class QLabel;

namespace tideline::ui {

class MessagesPage : public ClusterPage {
    Q_OBJECT

public:
    using ExportFormat = MessagesView::ExportFormat;

    explicit MessagesPage(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection) override;
    bool hasData() const override { return view_->hasData(); }
    void refreshRequested() override { view_->browse(); }
    void setTopic(const QString& topic);
    QString topic() const { return view_->topic(); }
    MessagesView* view() const { return view_; }

    // The view's own, for the tests and callers written against the page.
    void browse() { view_->browse(); }
    bool exportTo(const QString& path, ExportFormat format, bool selectedOnly, QString* error = nullptr) {
        return view_->exportTo(path, format, selectedOnly, error);
    }
    QComboBox* partitionBox() const { return view_->partitionBox(); }
    QComboBox* startBox() const { return view_->startBox(); }
    QLineEdit* startValueEdit() const { return view_->startValueEdit(); }
    QDateTimeEdit* timestampEdit() const { return view_->timestampEdit(); }
    QSpinBox* limitEdit() const { return view_->limitEdit(); }
    QPushButton* liveTailButton() const { return view_->liveTailButton(); }
    QLineEdit* filterEdit() const { return view_->filterEdit(); }
    QCheckBox* regexBox() const { return view_->regexBox(); }
    QTableView* table() const { return view_->table(); }
    RecordsModel* records() const { return view_->records(); }
    RecordDetail* detail() const { return view_->detail(); }
    ProducePanel* producePanel() const { return view_->producePanel(); }
    QString statusText() const { return view_->statusText(); }
    bool browsing() const { return view_->browsing(); }

signals:
    void browseFinished();

private:
    QLabel* title_;
    MessagesView* view_;
};

}  // namespace tideline::ui
