// Base of the cluster table models: rows identified by a key, replaced by diffing, so a refresh
// emits row insertions and removals only for rows that came or went and dataChanged() only for rows
// whose values changed.
#pragma once

#include <QAbstractTableModel>

#include "model/models/row_diff.h"

namespace tideline::model {

// Row must provide key() (ordered, unique within a model) and operator==.
template <typename Row>
class KeyedTableModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(rows_.size());
    }

    const QList<Row>& rows() const { return rows_; }
    // Changes whenever the rows do; an update prepared at one revision only applies to that revision.
    quint64 revision() const { return revision_; }

    // To prepare an update on another thread, pass copies of rows() and revision() to
    // prepareRowsUpdate() there, and hand the result to applyUpdate() on the GUI thread.
    RowsUpdate<Row> prepareUpdate(QList<Row> next) const {
        return prepareRowsUpdate(rows_, revision_, std::move(next));
    }

    // GUI thread only. An update prepared against rows the model no longer has is diffed again.
    void applyUpdate(RowsUpdate<Row> update) {
        if (update.baseRevision != revision_) {
            update = prepareRowsUpdate(rows_, revision_, std::move(update.rows));
        }
        if (update.diff.isEmpty()) {
            return;
        }
        for (const RowRange& range : std::as_const(update.diff.removed)) {
            beginRemoveRows({}, range.first, range.last);
            rows_.remove(range.first, range.last - range.first + 1);
            endRemoveRows();
        }
        for (const RowRange& range : std::as_const(update.diff.inserted)) {
            beginInsertRows({}, range.first, range.last);
            const qsizetype count = range.last - range.first + 1;
            rows_ =
                rows_.first(range.first) + update.rows.sliced(range.first, count) + rows_.sliced(range.first);
            endInsertRows();
        }
        rows_ = std::move(update.rows);  // now the same keys in the same order; takes the new values
        ++revision_;
        const int lastColumn = columnCount() - 1;
        for (const RowRange& range : std::as_const(update.diff.changed)) {
            emit dataChanged(index(range.first, 0), index(range.last, lastColumn));
        }
    }

protected:
    // For a change of subject (another topic or group), where matching old and new rows means nothing.
    void resetRows(QList<Row> rows) {
        beginResetModel();
        rows_ = prepareRowsUpdate({}, 0, std::move(rows)).rows;
        ++revision_;
        endResetModel();
    }

    // Null for an index that is not one of this model's rows.
    const Row* rowAt(const QModelIndex& index) const {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
            return nullptr;
        }
        return &rows_[index.row()];
    }

private:
    QList<Row> rows_;
    quint64 revision_ = 0;
};

}  // namespace tideline::model
