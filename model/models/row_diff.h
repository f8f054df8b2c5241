// Turns a model's old rows into its new rows with as few model signals as possible: rows are matched
// by key, so a refresh removes and inserts only what appeared or vanished and reports changed values
// in place, keeping persistent indexes and selections on the rows that stayed.
#pragma once

#include <QList>
#include <algorithm>

namespace tideline::model {

struct RowRange {
    int first = 0;
    int last = 0;  // inclusive, as beginInsertRows() and dataChanged() take it

    bool operator==(const RowRange&) const = default;
};

struct RowDiff {
    QList<RowRange> removed;   // in the old rows, highest first, so each removal keeps the next valid
    QList<RowRange> inserted;  // in the new rows, lowest first, so each insertion keeps the next valid
    QList<RowRange> changed;   // in the new rows: same key, different values

    bool isEmpty() const { return removed.isEmpty() && inserted.isEmpty() && changed.isEmpty(); }
    bool operator==(const RowDiff&) const = default;
};

// Groups ascending row numbers into ranges of consecutive rows.
inline QList<RowRange> consecutiveRanges(const QList<int>& rows) {
    QList<RowRange> ranges;
    for (int row : rows) {
        if (!ranges.isEmpty() && ranges.back().last + 1 == row) {
            ranges.back().last = row;
        } else {
            ranges.append({row, row});
        }
    }
    return ranges;
}

// Both lists sorted by Row::key(), keys unique. Pure, so it may run on any thread.
template <typename Row>
RowDiff diffRows(const QList<Row>& before, const QList<Row>& after) {
    QList<int> removed;
    QList<int> inserted;
    QList<int> changed;
    int oldRow = 0;
    int newRow = 0;
    const int oldCount = static_cast<int>(before.size());
    const int newCount = static_cast<int>(after.size());
    while (oldRow < oldCount || newRow < newCount) {
        if (newRow == newCount || (oldRow < oldCount && before[oldRow].key() < after[newRow].key())) {
            removed.append(oldRow++);
        } else if (oldRow == oldCount || after[newRow].key() < before[oldRow].key()) {
            inserted.append(newRow++);
        } else {
            if (!(before[oldRow] == after[newRow])) {
                changed.append(newRow);
            }
            ++oldRow;
            ++newRow;
        }
    }
    RowDiff diff{consecutiveRanges(removed), consecutiveRanges(inserted), consecutiveRanges(changed)};
    std::reverse(diff.removed.begin(), diff.removed.end());
    return diff;
}

// New rows for a model and how to get there from the rows it had at `baseRevision`.
template <typename Row>
struct RowsUpdate {
    QList<Row> rows;  // sorted by key
    RowDiff diff;
    quint64 baseRevision = 0;
};

// Sorts `next` by key (a snapshot's order carries no meaning for the model) and diffs it against
// `current`. Of rows with the same key only the first is kept. Pure: may run on any thread.
template <typename Row>
RowsUpdate<Row> prepareRowsUpdate(const QList<Row>& current, quint64 currentRevision, QList<Row> next) {
    auto byKey = [](const Row& a, const Row& b) { return a.key() < b.key(); };
    std::stable_sort(next.begin(), next.end(), byKey);
    auto sameKey = [](const Row& a, const Row& b) { return !(a.key() < b.key()) && !(b.key() < a.key()); };
    next.erase(std::unique(next.begin(), next.end(), sameKey), next.end());
    RowDiff diff = diffRows(current, next);
    return {std::move(next), std::move(diff), currentRevision};
}

}  // namespace tideline::model
