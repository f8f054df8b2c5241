#include "ui/pages/messages/messages_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/actions/pending_operation.h"
#include "ui/cluster_connection.h"
#include "ui/pages/messages/live_tail.h"
#include "ui/pages/messages/produce_panel.h"
#include "ui/pages/messages/record_detail.h"
#include "ui/pages/messages/record_export.h"
#include "ui/pages/messages/record_filter_proxy.h"
#include "ui/pages/messages/records_model.h"
#include "ui/widgets/table_proxy.h"

namespace tideline::ui {

MessagesView::MessagesView(QWidget* parent)
    : QWidget(parent),
      partition_(new QComboBox(this)),
      start_(new QComboBox(this)),
      value_(new QLineEdit(this)),
      timestamp_(new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this)),
      limit_(new QSpinBox(this)),
      browse_(new QPushButton(QIcon(":/tideline/icons/refresh.svg"), tr("&Browse"), this)),
      tail_(new QPushButton(QIcon(":/tideline/icons/play.svg"), tr("Live &tail"), this)),
      liveTail_(new LiveTail(this)),
      filter_(new QLineEdit(this)),
      regex_(new QCheckBox(tr("Regex"), this)),
      export_(new QToolButton(this)),
      model_(new RecordsModel(this)),
      proxy_(new RecordFilterProxy(this)),
      detail_(new RecordDetail(this)),
      produce_(new ProducePanel(this)),
      status_(new QLabel(this)) {
    setObjectName("messagesView");
    partition_->setObjectName("browsePartition");
    partition_->setToolTip(tr("Read one partition, or all of them"));
    start_->setObjectName("browseStart");
    start_->addItems(
        {tr("From the beginning"), tr("Last N per partition"), tr("From offset"), tr("From time")});
    start_->setToolTip(
        tr("Where reading starts: the low watermark (oldest record kept), the high watermark "
           "(next offset to be written) minus N, an offset, or the first record at or after a time"));
    value_->setObjectName("browseValue");
    value_->setValidator(new QRegularExpressionValidator(QRegularExpression("[0-9]{1,18}"), value_));
    value_->setText("100");
    value_->setMaximumWidth(120);
    timestamp_->setObjectName("browseTimestamp");
    timestamp_->setDisplayFormat("yyyy-MM-dd HH:mm:ss");
    timestamp_->setCalendarPopup(true);
    limit_->setObjectName("browseLimit");
    limit_->setRange(1, model::kMaxBrowseRecords);
    limit_->setValue(500);
    limit_->setPrefix(tr("max "));
    limit_->setToolTip(tr("At most this many records in total"));
    browse_->setObjectName("browseButton");
    // F5 is the window's View > Refresh, which asks the page in view to browse again: a shortcut of
    // this button too would make F5 ambiguous, and then neither would take it.
    browse_->setToolTip(tr("Read records (F5); never joins a consumer group or commits offsets"));
    tail_->setObjectName("liveTailButton");
    tail_->setCheckable(true);
    tail_->setToolTip(
        tr("Follow records as they arrive (kept: at most the limit, oldest dropped first); "
           "click again to pause"));
    filter_->setObjectName("recordFilter");
    filter_->setPlaceholderText(tr("Filter key, value and headers (Ctrl+F)"));
    filter_->setClearButtonEnabled(true);
    regex_->setObjectName("recordFilterRegex");
    export_->setObjectName("exportRecords");
    export_->setText(tr("Export"));
    export_->setIcon(QIcon(":/tideline/icons/export.svg"));
    export_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    export_->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(export_);
    exportMenu->addAction(tr("Selected as JSON…"), this, [this] { chooseExport(ExportFormat::Json, true); });
    exportMenu->addAction(tr("Selected as CSV…"), this, [this] { chooseExport(ExportFormat::Csv, true); });
    exportMenu->addAction(tr("All fetched as JSON…"), this,
                          [this] { chooseExport(ExportFormat::Json, false); });
    exportMenu->addAction(tr("All fetched as CSV…"), this,
                          [this] { chooseExport(ExportFormat::Csv, false); });
    export_->setMenu(exportMenu);
    status_->setObjectName("browseStatus");
    status_->setWordWrap(true);

    proxy_->setSourceModel(model_);
    table_ = makeTableView(proxy_, this);
    table_->setObjectName("recordsTable");
    table_->setSortingEnabled(true);
    table_->sortByColumn(RecordsModel::OffsetColumn, Qt::AscendingOrder);
    table_->horizontalHeader()->setStretchLastSection(true);

    auto* controls = new QHBoxLayout;
    controls->addWidget(partition_);
    controls->addWidget(start_);
    controls->addWidget(value_);
    controls->addWidget(timestamp_);
    controls->addWidget(limit_);
    controls->addWidget(browse_);
    controls->addWidget(tail_);
    controls->addStretch(1);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filter_, 1);
    filterRow->addWidget(regex_);
    filterRow->addWidget(export_);

    auto* recordsBox = new QWidget(this);
    auto* recordsLayout = new QVBoxLayout(recordsBox);
    recordsLayout->setContentsMargins(0, 0, 0, 0);
    recordsLayout->addWidget(table_, 1);
    recordsLayout->addWidget(status_);
    // A header that folds the panel away, so that the records get its room while it is not in use.
    produceBox_ = new QWidget(this);
    produceBox_->setObjectName("produceBox");
    produceToggle_ = new QToolButton(produceBox_);
    produceToggle_->setObjectName("produceToggle");
    produceToggle_->setText(tr("Produce a record"));
    produceToggle_->setCheckable(true);
    produceToggle_->setChecked(true);
    produceToggle_->setAutoRaise(true);
    produceToggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    produceToggle_->setArrowType(Qt::DownArrow);
    auto* frame = new QGroupBox(produceBox_);
    auto* frameLayout = new QVBoxLayout(frame);
    frameLayout->addWidget(produce_);
    auto* boxLayout = new QVBoxLayout(produceBox_);
    boxLayout->setContentsMargins(0, 0, 0, 0);
    boxLayout->setSpacing(2);
    boxLayout->addWidget(produceToggle_, 0, Qt::AlignLeft);
    boxLayout->addWidget(frame);
    connect(produceToggle_, &QToolButton::toggled, this, [this, frame](bool on) {
        frame->setVisible(on);
        produceToggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        produceToggle_->setToolTip(on ? tr("Fold the panel away") : tr("Open the panel"));
    });
    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName("messagesSplitter");
    split->setChildrenCollapsible(false);
    split->addWidget(recordsBox);
    split->addWidget(detail_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addLayout(filterRow);
    layout->addWidget(split, 1);
    layout->addWidget(produceBox_);

    auto* find = new QShortcut(QKeySequence::Find, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        filter_->setFocus(Qt::ShortcutFocusReason);
        filter_->selectAll();
    });
    connect(start_, &QComboBox::currentIndexChanged, this, &MessagesView::updateStartInputs);
    connect(browse_, &QPushButton::clicked, this, &MessagesView::browse);
    connect(tail_, &QPushButton::toggled, this, &MessagesView::setLiveTail);
    connect(liveTail_, &LiveTail::recordsArrived, this, [this](const QList<model::BrowsedRecord>& records) {
        model_->appendRecords(records, limit_->value());
        status_->setStyleSheet({});
        status_->setText(tr("Live tail: %1 new record(s) from partition %2 · %3 kept (at most %4)")
                             .arg(records.size())
                             .arg(records.first().partition)
                             .arg(model_->rowCount())
                             .arg(limit_->value()));
    });
    connect(liveTail_, &LiveTail::failed, this, [this](const QString& error) {
        status_->setStyleSheet("color: #cf222e");
        status_->setText(tr("Live tail could not read %1: %2").arg(topic_, error));
    });
    connect(filter_, &QLineEdit::textChanged, this, &MessagesView::applyFilter);
    connect(regex_, &QCheckBox::toggled, this, &MessagesView::applyFilter);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MessagesView::showSelected);
    connect(produce_, &ProducePanel::produced, this, [this] {
        if (connection_ != nullptr) {
            connection_->refreshNow();
        }
    });
    updateStartInputs();
    refreshTarget();
}

void MessagesView::setConnection(ClusterConnection* connection) {
    if (connection_ != nullptr) {
        disconnect(connection_, nullptr, this, nullptr);
    }
    if (connection != connection_) {
        forgetRecords();
    }
    connection_ = connection;
    if (connection_ != nullptr) {
        connect(connection_, &ClusterConnection::snapshotChanged, this, &MessagesView::refreshTarget);
    }
    refreshTarget();
}

void MessagesView::setTopic(const QString& topic) {
    if (topic == topic_) {
        return;
    }
    topic_ = topic;
    forgetRecords();
    status_->clear();
    refreshTarget();
}

void MessagesView::forgetRecords() {
    tail_->setChecked(false);
    // An answer still on its way belongs to the previous topic or cluster: drop it.
    for (PendingOperation* pending : findChildren<PendingOperation*>(Qt::FindDirectChildrenOnly)) {
        delete pending;
    }
    browsing_ = false;
    model_->setRecords({});
    detail_->showRecord(nullptr);
    browsedOnce_ = false;
    autoBrowse_ = true;
    emit dataChanged();
}

bool MessagesView::hasData() const { return browsedOnce_ && !browsing_; }

QString MessagesView::statusText() const { return status_->text(); }

void MessagesView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // Shown for the first time since its topic was set (e.g. its tab was opened): read now rather
    // than at the next snapshot. Queued, so that the show has completed and isVisible() holds.
    if (autoBrowse_) {
        QTimer::singleShot(0, this, &MessagesView::refreshTarget);
    }
}

void MessagesView::refreshTarget() {
    int partitions = 0;
    if (connection_ != nullptr && connection_->snapshot()) {
        for (const model::TopicInfo& info : connection_->snapshot()->topics) {
            if (info.name == topic_) {
                partitions = int(info.partitions.size());
            }
        }
    }
    if (partition_->count() != partitions + 1) {
        const int chosen = partition_->currentIndex();
        partition_->clear();
        partition_->addItem(tr("All partitions"));
        for (int partition = 0; partition < partitions; ++partition) {
            partition_->addItem(tr("Partition %1").arg(partition));
        }
        partition_->setCurrentIndex(std::clamp(chosen, 0, partitions));
    }
    const bool readOnly = connection_ == nullptr || connection_->readOnly();
    produceBox_->setVisible(!readOnly);
    produce_->setTarget(readOnly ? nullptr : connection_.data(), topic_, partitions);
    browse_->setEnabled(!browsing_ && connection_ != nullptr && !topic_.isEmpty());
    if (autoBrowse_ && partitions > 0 && !browsing_ && isVisible()) {
        browse();
    }
}

void MessagesView::updateStartInputs() {
    const int start = start_->currentIndex();
    value_->setVisible(start == FromEndMinusN || start == FromOffset);
    value_->setToolTip(start == FromEndMinusN ? tr("N: how many of the latest records of each partition")
                                              : tr("The first offset to read in each partition"));
    timestamp_->setVisible(start == FromTimestamp);
}

void MessagesView::browse() {
    if (connection_ == nullptr || connection_->session() == nullptr || topic_.isEmpty() || browsing_) {
        return;
    }
    model::BrowseSpec spec;
    spec.topic = topic_;
    if (partition_->currentIndex() > 0) {
        spec.partition = partition_->currentIndex() - 1;
    }
    static const model::BrowseStart kStarts[] = {model::BrowseStart::Beginning, model::BrowseStart::EndMinusN,
                                                 model::BrowseStart::Offset, model::BrowseStart::Timestamp};
    spec.start = kStarts[start_->currentIndex()];
    spec.value = spec.start == model::BrowseStart::Timestamp ? timestamp_->dateTime().toMSecsSinceEpoch()
                                                             : value_->text().toLongLong();
    spec.maxRecords = limit_->value();
    tail_->setChecked(false);  // a browse replaces what the tail gathered
    model::ClusterSession* session = connection_->session();
    auto* pending = new PendingOperation(session, session->browseRecords(spec), this);
    autoBrowse_ = false;
    browsing_ = true;
    browse_->setEnabled(false);
    status_->setStyleSheet({});
    status_->setText(tr("Reading %1…").arg(topic_));
    connect(pending, &PendingOperation::recordsBrowsed, this, &MessagesView::takeResult);
}

void MessagesView::takeResult(const model::BrowseResult& result) {
    browsing_ = false;
    refreshTarget();
    if (!result.ok()) {
        status_->setStyleSheet("color: #cf222e");
        status_->setText(tr("Could not read %1: %2").arg(result.topic, result.error));
        emit browseFinished();
        return;
    }
    browsedOnce_ = true;
    model_->setRecords(result.records);
    detail_->showRecord(nullptr);
    applyFilter();
    QString text = result.records.isEmpty() ? tr("No records there.")
                                            : tr("Records read: %1").arg(result.records.size());
    if (!result.complete) {
        text += tr(" (stopped at the limit or the time bound before the end)");
    }
    status_->setText(text);
    emit browseFinished();
    emit dataChanged();
}

void MessagesView::setLiveTail(bool on) {
    if (!on) {
        if (liveTail_->running()) {
            liveTail_->stop();
            status_->setText(tr("Live tail paused · %1 record(s) kept").arg(model_->rowCount()));
        }
        return;
    }
    std::optional<qint32> partition;
    if (partition_->currentIndex() > 0) {
        partition = partition_->currentIndex() - 1;
    }
    if (!liveTail_->start(connection_, topic_, partition)) {
        status_->setText(tr("Live tail needs the cluster to list %1 first").arg(topic_));
        tail_->setChecked(false);
        return;
    }
    status_->setStyleSheet({});
    status_->setText(tr("Live tail: waiting for new records of %1…").arg(topic_));
}

void MessagesView::applyFilter() {
    const bool valid = proxy_->setFilter(filter_->text(), regex_->isChecked());
    filter_->setStyleSheet(valid ? QString() : QStringLiteral("QLineEdit { color: #cf222e; }"));
    filter_->setToolTip(valid ? QString() : tr("Not a valid regular expression yet"));
}

void MessagesView::showSelected() {
    const QModelIndex current = table_->selectionModel()->currentIndex();
    if (!current.isValid()) {
        detail_->showRecord(nullptr);
        return;
    }
    const int row = proxy_->mapToSource(current).row();
    detail_->showRecord(&model_->record(row));
}

bool MessagesView::exportTo(const QString& path, ExportFormat format, bool selectedOnly, QString* error) {
    QList<model::BrowsedRecord> chosen;
    if (selectedOnly) {
        QModelIndexList rows = table_->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end(),
                  [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
        for (const QModelIndex& row : rows) {
            chosen << model_->record(proxy_->mapToSource(row).row());
        }
    } else {
        for (int row = 0; row < proxy_->rowCount(); ++row) {
            chosen << model_->record(proxy_->mapToSource(proxy_->index(row, 0)).row());
        }
    }
    QFile file(path);
    const QByteArray bytes =
        format == ExportFormat::Json ? recordsToJson(topic_, chosen) : recordsToCsv(chosen);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size()) {
        if (error != nullptr) {
            *error = file.errorString();
        }
        return false;
    }
    return true;
}

void MessagesView::chooseExport(ExportFormat format, bool selectedOnly) {
    const QString suffix = format == ExportFormat::Json ? "json" : "csv";
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export records"), topic_ + '.' + suffix,
                                     format == ExportFormat::Json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty()) {
        return;
    }
    QString error;
    if (!exportTo(path, format, selectedOnly, &error)) {
        status_->setText(tr("Could not write %1: %2").arg(path, error));
    }
}

}  // namespace tideline::ui
