// Browsed records as a table: partition, offset, timestamp, key, value preview and headers. Keys and
// values are previewed through decodePayload, one line, cut short; the full record stays available
// for the detail pane and for export.
#pragma once

#include <QAbstractTableModel>

#include "model/operations/operation_types.h"

namespace tideline::ui {

class RecordsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns {
        PartitionColumn,
        OffsetColumn,
        TimestampColumn,
        KeyColumn,
        ValueColumn,
        HeadersColumn,
        ColumnCount
    };
    enum Roles {
        SortRole = Qt::UserRole + 1,
        SearchTextRole,  // key, value and headers as text, for the filter
    };

    explicit RecordsModel(QObject* parent = nullptr);

    void setRecords(QList<model::BrowsedRecord> records);
    // Adds records after the others; beyond `maxRows`, the oldest added go first (a bounded buffer).
    void appendRecords(const QList<model::BrowsedRecord>& records, int maxRows);
    const QList<model::BrowsedRecord>& records() const { return records_; }
    const model::BrowsedRecord& record(int row) const { return records_.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // One line of a payload for a table cell: null and empty told apart, long text cut.
    static QString preview(const std::optional<QByteArray>& bytes);
    static QString headersText(const QList<model::RecordHeader>& headers);
    static QString timestampText(qint64 timestampMs);

private:
    QList<model::BrowsedRecord> records_;
    static QString searchTextOf(const model::BrowsedRecord& record);

    QStringList searchText_;  // per row, computed once rather than at every keystroke of the filter
};

}  // namespace tideline::ui
