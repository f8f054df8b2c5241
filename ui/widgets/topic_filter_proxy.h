// Filters the topics table by name (plain text or a regular expression), hides internal topics, and
// stars favourites: shown first, or alone, when asked.
#pragma once

#include <QIcon>
#include <QPointer>

#include "ui/widgets/table_proxy.h"

namespace tideline::ui {

class FavouriteTopics;

class TopicFilterProxy : public TableProxy {
    Q_OBJECT

public:
    enum class FavouritesMode { Mixed, First, Only };

    explicit TopicFilterProxy(QObject* parent = nullptr);

    void setHideInternal(bool hide);
    // False, with the pattern unchanged, when `regex` is set and the text is no valid expression.
    bool setNameFilter(const QString& text, bool regex);
    // Favourites get a star on their name; null: none.
    void setFavourites(FavouriteTopics* favourites);
    void setFavouritesMode(FavouritesMode mode);
    FavouritesMode favouritesMode() const { return favouritesMode_; }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    bool isFavourite(const QModelIndex& sourceIndex) const;

    bool hideInternal_ = true;
    QPointer<FavouriteTopics> favourites_;
    FavouritesMode favouritesMode_ = FavouritesMode::Mixed;
    QIcon star_;
    QIcon noStar_;  // as wide as the star, so that names stay aligned
};

}  // namespace tideline::ui
