#include "ui/pages/messages/records_model.h"

#include <QDateTime>

#include "model/operations/record_format.h"

namespace tideline::ui {
namespace {

constexpr int kPreviewChars = 160;

}  // namespace

RecordsModel::RecordsModel(QObject* parent) : QAbstractTableModel(parent) {}

void RecordsModel::setRecords(QList<model::BrowsedRecord> records) {
    beginResetModel();
    records_ = std::move(records);
    searchText_.clear();
    searchText_.reserve(records_.size());
    for (const model::BrowsedRecord& record : records_) {
        searchText_ << searchTextOf(record);
    }
    endResetModel();
}

QString RecordsModel::searchTextOf(const model::BrowsedRecord& record) {
    return model::decodePayload(record.key).text + '\n' + model::decodePayload(record.value).text + '\n' +
           headersText(record.headers);
}

void RecordsModel::appendRecords(const QList<model::BrowsedRecord>& records, int maxRows) {
    if (records.isEmpty()) {
        return;
    }
    const int first = int(records_.size());
    beginInsertRows({}, first, first + int(records.size()) - 1);
    for (const model::BrowsedRecord& record : records) {
        records_.append(record);
        searchText_.append(searchTextOf(record));
    }
    endInsertRows();
    const int excess = int(records_.size()) - std::max(maxRows, 1);
    if (excess > 0) {
        beginRemoveRows({}, 0, excess - 1);
        records_.remove(0, excess);
        searchText_.remove(0, excess);
        endRemoveRows();
    }
}

int RecordsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(records_.size());
}

int RecordsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString RecordsModel::preview(const std::optional<QByteArray>& bytes) {
    const model::DecodedPayload decoded = model::decodePayload(bytes, kPreviewChars);
    switch (decoded.format) {
        case model::PayloadFormat::Null:
            return QStringLiteral("(null)");
        case model::PayloadFormat::Empty:
            return QStringLiteral("(empty)");
        case model::PayloadFormat::Json:
            // Compact again for one line: the indented form is for the detail pane.
            return model::decodePayload(bytes).text.simplified().left(kPreviewChars);
        case model::PayloadFormat::Utf8:
        case model::PayloadFormat::Hex:
            break;
    }
    QString text = decoded.text;
    text.replace('\n', QChar(0x21b5));
    return decoded.truncated ? text + QChar(0x2026) : text;
}

QString RecordsModel::headersText(const QList<model::RecordHeader>& headers) {
    QStringList parts;
    for (const model::RecordHeader& header : headers) {
        parts << header.key + '=' +
                     (header.value ? QString::fromUtf8(*header.value) : QStringLiteral("(null)"));
    }
    return parts.join(", ");
}

QString RecordsModel::timestampText(qint64 timestampMs) {
    if (timestampMs < 0) {
        return {};
    }
    return QDateTime::fromMSecsSinceEpoch(timestampMs).toString("yyyy-MM-dd HH:mm:ss.zzz");
}

QVariant RecordsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= records_.size()) {
        return {};
    }
    const model::BrowsedRecord& record = records_.at(index.row());
    if (role == SearchTextRole) {
        return searchText_.at(index.row());
    }
    if (role == SortRole) {
        switch (index.column()) {
            case PartitionColumn:
                return record.partition;
            case OffsetColumn:
                return record.offset;
            case TimestampColumn:
                return record.timestampMs;
            default:
                break;
        }
    }
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (index.column()) {
            case PartitionColumn:
                return record.partition;
            case OffsetColumn:
                return record.offset;
            case TimestampColumn:
                return timestampText(record.timestampMs);
            case KeyColumn:
                return preview(record.key);
            case ValueColumn:
                return preview(record.value);
            case HeadersColumn:
                return headersText(record.headers);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() <= OffsetColumn) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant RecordsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::DisplayRole) {
        static const char* const kTitles[] = {"Partition", "Offset", "Timestamp", "Key", "Value", "Headers"};
        return section >= 0 && section < ColumnCount ? tr(kTitles[section]) : QVariant();
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case OffsetColumn:
                return tr("Offset: the record's position in its partition, counting from 0");
            case TimestampColumn:
                return tr(
                    "The record's timestamp: set by the producer, or by the broker for LogAppendTime topics");
            case KeyColumn:
                return tr("Key: decides the partition; records with the same key keep their order");
            case HeadersColumn:
                return tr("Headers: key-value metadata carried beside the record");
            default:
                break;
        }
    }
    return {};
}

}  // namespace tideline::ui
