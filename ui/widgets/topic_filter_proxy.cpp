#include "ui/widgets/topic_filter_proxy.h"

#include <QRegularExpression>

#include "model/models/topics_model.h"

namespace tideline::ui {

using model::TopicsModel;

TopicFilterProxy::TopicFilterProxy(QObject* parent) : TableProxy(TopicsModel::SortRole, parent) {
    setFilterKeyColumn(TopicsModel::NameColumn);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void TopicFilterProxy::setHideInternal(bool hide) {
    if (hide != hideInternal_) {
        hideInternal_ = hide;
        invalidateFilter();
    }
}

bool TopicFilterProxy::setNameFilter(const QString& text, bool regex) {
    if (!regex) {
        setFilterFixedString(text);
        return true;
    }
    const QRegularExpression expression(text, QRegularExpression::CaseInsensitiveOption);
    if (!expression.isValid()) {
        return false;
    }
    setFilterRegularExpression(expression);
    return true;
}

bool TopicFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (hideInternal_) {
        const QModelIndex index = sourceModel()->index(sourceRow, TopicsModel::NameColumn, sourceParent);
        if (index.data(TopicsModel::InternalRole).toBool()) {
            return false;
        }
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

}  // namespace tideline::ui
