// Filters browsed records by text or regular expression over key, value and headers, and sorts by
// the model's SortRole (offsets and timestamps as numbers).
#pragma once

#include <QRegularExpression>
#include <QSortFilterProxyModel>

namespace tideline::ui {

class RecordFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit RecordFilterProxy(QObject* parent = nullptr);

    // False (keeping the last filter) when `regex` is set and `text` is not a valid expression.
    bool setFilter(const QString& text, bool regex);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString text_;
    QRegularExpression expression_;
    bool regex_ = false;
};

}  // namespace tideline::ui
