#include "ui/pages/messages/record_filter_proxy.h"

#include "ui/pages/messages/records_model.h"

namespace tideline::ui {

RecordFilterProxy::RecordFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(RecordsModel::SortRole);
}

bool RecordFilterProxy::setFilter(const QString& text, bool regex) {
    QRegularExpression expression;
    if (regex) {
        expression = QRegularExpression(text, QRegularExpression::CaseInsensitiveOption);
        if (!expression.isValid()) {
            return false;
        }
    }
    text_ = text;
    regex_ = regex;
    expression_ = expression;
    invalidateRowsFilter();
    return true;
}

bool RecordFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (text_.isEmpty()) {
        return true;
    }
    const QString haystack =
        sourceModel()->index(sourceRow, 0, sourceParent).data(RecordsModel::SearchTextRole).toString();
    return regex_ ? expression_.match(haystack).hasMatch() : haystack.contains(text_, Qt::CaseInsensitive);
}

}  // namespace tideline::ui
