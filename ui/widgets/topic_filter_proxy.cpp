#include "ui/widgets/topic_filter_proxy.h"

#include <QPixmap>
#include <QRegularExpression>

#include "model/models/topics_model.h"
#include "ui/widgets/favourite_topics.h"

namespace tideline::ui {

using model::TopicsModel;

TopicFilterProxy::TopicFilterProxy(QObject* parent)
    : TableProxy(TopicsModel::SortRole, parent), star_(":/tideline/icons/star.svg") {
    setFilterKeyColumn(TopicsModel::NameColumn);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    QPixmap blank(16, 16);
    blank.fill(Qt::transparent);
    noStar_ = QIcon(blank);
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

void TopicFilterProxy::setFavourites(FavouriteTopics* favourites) {
    if (favourites_ != nullptr) {
        disconnect(favourites_, nullptr, this, nullptr);
    }
    favourites_ = favourites;
    if (favourites_ != nullptr) {
        // A star changes the order, the rows shown and the icons: filter and sort again.
        connect(favourites_, &FavouriteTopics::changed, this, [this] {
            invalidate();
            if (rowCount() > 0) {
                emit dataChanged(index(0, TopicsModel::NameColumn),
                                 index(rowCount() - 1, TopicsModel::NameColumn), {Qt::DecorationRole});
            }
        });
    }
    invalidate();
}

void TopicFilterProxy::setFavouritesMode(FavouritesMode mode) {
    if (mode != favouritesMode_) {
        favouritesMode_ = mode;
        invalidate();
    }
}

bool TopicFilterProxy::isFavourite(const QModelIndex& sourceIndex) const {
    return favourites_ != nullptr &&
           favourites_->contains(
               sourceIndex.siblingAtColumn(TopicsModel::NameColumn).data(TopicsModel::KeyRole).toString());
}

QVariant TopicFilterProxy::data(const QModelIndex& index, int role) const {
    if (role == Qt::DecorationRole && index.column() == TopicsModel::NameColumn && favourites_ != nullptr) {
        return isFavourite(mapToSource(index)) ? star_ : noStar_;
    }
    if (role == Qt::ToolTipRole && index.column() == TopicsModel::NameColumn &&
        isFavourite(mapToSource(index))) {
        return tr("A favourite (Ctrl+D to unstar)");
    }
    return TableProxy::data(index, role);
}

bool TopicFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex index = sourceModel()->index(sourceRow, TopicsModel::NameColumn, sourceParent);
    if (hideInternal_ && index.data(TopicsModel::InternalRole).toBool()) {
        return false;
    }
    if (favouritesMode_ == FavouritesMode::Only && !isFavourite(index)) {
        return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

bool TopicFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    if (favouritesMode_ == FavouritesMode::First) {
        const bool leftStarred = isFavourite(left);
        const bool rightStarred = isFavourite(right);
        if (leftStarred != rightStarred) {
            // The view reverses the comparison for a descending sort; favourites stay on top either way.
            return sortOrder() == Qt::AscendingOrder ? leftStarred : rightStarred;
        }
    }
    return TableProxy::lessThan(left, right);
}

}  // namespace tideline::ui
