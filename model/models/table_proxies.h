// Sorting and filtering for the topics and partitions tables, fast at 100,000 rows: filters and
// comparisons read the source model's row structs directly instead of going through QVariant data().
#pragma once

#include <QRegularExpression>
#include <QSet>
#include <QSortFilterProxyModel>

#include "model/models/partitions_model.h"
#include "model/models/topics_model.h"

namespace tideline::model {

// A text or regex filter shared by the table proxies; setting one clears the other.
class RowFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    // Case-insensitive substring; empty shows every row.
    void setTextFilter(const QString& text);
    // Case-insensitive regular expression. Returns an error, and keeps the current filter, when the
    // pattern does not compile.
    QString setRegexFilter(const QString& pattern);
    QString textFilter() const { return text_; }

protected:
    // Whether the filter lets `value` through.
    bool matches(const QString& value) const;
    bool hasFilter() const { return !text_.isEmpty() || regex_.has_value(); }

private:
    QString text_;
    std::optional<QRegularExpression> regex_;
};

// The topics table's one proxy. Favourites are names handed in by whoever keeps them (the UI, per
// connection profile), so this layer knows nothing of where they are stored or how they are drawn.
class TopicsProxy : public RowFilterProxy {
    Q_OBJECT

public:
    enum class FavouritesMode { Mixed, First, Only };

    explicit TopicsProxy(TopicsModel* source = nullptr, QObject* parent = nullptr);

    // Another model (a new connection), or none.
    void setTopicsModel(TopicsModel* source) { setSourceModel(source); }
    // The filters read the rows of a TopicsModel directly; any other model is taken as none.
    void setSourceModel(QAbstractItemModel* source) override;
    // Hides __consumer_offsets and the like.
    void setHideInternal(bool hide);
    bool hideInternal() const { return hideInternal_; }
    void setFavourites(const QSet<QString>& names);
    bool isFavourite(const QString& name) const { return favourites_.contains(name); }
    // First keeps favourites on top in either sort order; Only hides every other topic.
    void setFavouritesMode(FavouritesMode mode);
    FavouritesMode favouritesMode() const { return favouritesMode_; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    TopicsModel* topics_ = nullptr;
    bool hideInternal_ = false;
    QSet<QString> favourites_;
    FavouritesMode favouritesMode_ = FavouritesMode::Mixed;
};

class PartitionsProxy : public RowFilterProxy {
    Q_OBJECT

public:
    explicit PartitionsProxy(PartitionsModel* source, QObject* parent = nullptr);

    // Shows only offline, under-replicated or under-min-ISR partitions.
    void setProblemsOnly(bool only);
    bool problemsOnly() const { return problemsOnly_; }

protected:
    // The text filter matches the partition id, the leader id or the status text.
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    const PartitionsModel* partitions_;
    bool problemsOnly_ = false;
};

}  // namespace tideline::model
