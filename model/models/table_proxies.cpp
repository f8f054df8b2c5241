#include "model/models/table_proxies.h"

#include "model/snapshot_facts.h"

namespace tideline::model {
namespace {

// Unknown values sort before every known one, as the models' SortRole does.
template <typename T>
int compareOptional(const std::optional<T>& a, const std::optional<T>& b) {
    if (a.has_value() != b.has_value()) {
        return a.has_value() ? 1 : -1;
    }
    if (!a) {
        return 0;
    }
    return *a < *b ? -1 : (*b < *a ? 1 : 0);
}

template <typename T>
int compare(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

bool needsAttention(const PartitionRow& row) {
    return isOffline(row.partition) || isUnderReplicated(row.partition) ||
           isUnderMinIsr(row.partition, row.minInsyncReplicas);
}

// The Size on disk column shows, and sorts by, the leader replicas' bytes.
std::optional<qint64> leaderBytes(const TopicRow& row) {
    return row.size ? std::optional<qint64>(row.size->leaderBytes) : std::nullopt;
}

}  // namespace

void RowFilterProxy::setTextFilter(const QString& text) {
    text_ = text;
    regex_.reset();
    invalidateRowsFilter();
}

QString RowFilterProxy::setRegexFilter(const QString& pattern) {
    QRegularExpression regex(pattern, QRegularExpression::CaseInsensitiveOption);
    if (!regex.isValid()) {
        return QString("'%1' is not a valid regular expression: %2 (at character %3).")
            .arg(pattern, regex.errorString())
            .arg(regex.patternErrorOffset());
    }
    regex.optimize();
    text_.clear();
    regex_ = pattern.isEmpty() ? std::nullopt : std::optional<QRegularExpression>(regex);
    invalidateRowsFilter();
    return {};
}

bool RowFilterProxy::matches(const QString& value) const {
    if (regex_) {
        return regex_->match(value).hasMatch();
    }
    return text_.isEmpty() || value.contains(text_, Qt::CaseInsensitive);
}

TopicsProxy::TopicsProxy(TopicsModel* source, QObject* parent) : RowFilterProxy(parent) {
    setSortRole(TopicsModel::SortRole);
    setTopicsModel(source);
}

void TopicsProxy::setSourceModel(QAbstractItemModel* source) {
    topics_ = qobject_cast<TopicsModel*>(source);
    RowFilterProxy::setSourceModel(topics_);
}

void TopicsProxy::setFavourites(const QSet<QString>& names) {
    if (names == favourites_) {
        return;
    }
    favourites_ = names;
    // Mixed shows every topic in the chosen order whatever is starred: nothing to filter or sort again.
    if (favouritesMode_ != FavouritesMode::Mixed) {
        invalidate();
    }
}

void TopicsProxy::setFavouritesMode(FavouritesMode mode) {
    if (mode != favouritesMode_) {
        favouritesMode_ = mode;
        invalidate();
    }
}

void TopicsProxy::setHideInternal(bool hide) {
    if (hide != hideInternal_) {
        hideInternal_ = hide;
        invalidateRowsFilter();
    }
}

bool TopicsProxy::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const TopicRow& row = topics_->rows().at(sourceRow);
    return !(hideInternal_ && row.internal) &&
           (favouritesMode_ != FavouritesMode::Only || favourites_.contains(row.name)) && matches(row.name);
}

bool TopicsProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const TopicRow& a = topics_->rows().at(left.row());
    const TopicRow& b = topics_->rows().at(right.row());
    if (favouritesMode_ == FavouritesMode::First) {
        const bool aStarred = favourites_.contains(a.name);
        const bool bStarred = favourites_.contains(b.name);
        if (aStarred != bStarred) {
            // The sort reverses the comparison for a descending order; favourites stay on top either way.
            return sortOrder() == Qt::AscendingOrder ? aStarred : bStarred;
        }
    }
    int order = 0;
    switch (left.column()) {
        case TopicsModel::PartitionsColumn:
            order = compare(a.partitionCount, b.partitionCount);
            break;
        case TopicsModel::ReplicationColumn:
            order = compare(a.replicationFactor, b.replicationFactor);
            break;
        case TopicsModel::MessagesColumn:
            order = compareOptional(a.messages, b.messages);
            break;
        case TopicsModel::ProduceRateColumn:
            order = compareOptional(a.produceRate, b.produceRate);
            break;
        case TopicsModel::SizeColumn:
            order = compareOptional(leaderBytes(a), leaderBytes(b));
            break;
        case TopicsModel::UnderReplicatedColumn:
            order = compare(a.underReplicated, b.underReplicated);
            break;
        case TopicsModel::UnderMinIsrColumn:
            order = compare(a.underMinIsr, b.underMinIsr);
            break;
        case TopicsModel::OfflineColumn:
            order = compare(a.offline, b.offline);
            break;
        default:
            break;
    }
    // Names break ties, so equal figures keep a stable, readable order.
    return order != 0 ? order < 0 : a.name < b.name;
}

PartitionsProxy::PartitionsProxy(PartitionsModel* source, QObject* parent)
    : RowFilterProxy(parent), partitions_(source) {
    setSourceModel(source);
    setSortRole(PartitionsModel::SortRole);
}

void PartitionsProxy::setProblemsOnly(bool only) {
    if (only != problemsOnly_) {
        problemsOnly_ = only;
        invalidateRowsFilter();
    }
}

bool PartitionsProxy::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const PartitionRow& row = partitions_->rows().at(sourceRow);
    const bool problem = needsAttention(row);
    if (problemsOnly_ && !problem) {
        return false;
    }
    if (!hasFilter()) {
        return true;
    }
    return matches(QString::number(row.partition.id)) || matches(QString::number(row.partition.leader)) ||
           (problem && matches(partitionStatus(row.partition, row.minInsyncReplicas)));
}

bool PartitionsProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const PartitionInfo& a = partitions_->rows().at(left.row()).partition;
    const PartitionInfo& b = partitions_->rows().at(right.row()).partition;
    int order = 0;
    switch (left.column()) {
        case PartitionsModel::LeaderColumn:
            order = compare(a.leader, b.leader);
            break;
        case PartitionsModel::ReplicasColumn:
            order = compare(a.replicas.size(), b.replicas.size());
            break;
        case PartitionsModel::IsrColumn:
            order = compare(a.isr.size(), b.isr.size());
            break;
        case PartitionsModel::OfflineReplicasColumn:
            order = compare(a.offlineReplicas.size(), b.offlineReplicas.size());
            break;
        case PartitionsModel::LowWatermarkColumn:
            order = compareOptional(a.lowWatermark, b.lowWatermark);
            break;
        case PartitionsModel::HighWatermarkColumn:
            order = compareOptional(a.highWatermark, b.highWatermark);
            break;
        case PartitionsModel::MessagesColumn:
            order = compareOptional(messagesIn(a), messagesIn(b));
            break;
        case PartitionsModel::StatusColumn:
            order = compare(needsAttention(partitions_->rows().at(left.row())),
                            needsAttention(partitions_->rows().at(right.row())));
            break;
        default:
            break;
    }
    return order != 0 ? order < 0 : a.id < b.id;
}

}  // namespace tideline::model
