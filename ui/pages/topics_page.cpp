#include "ui/pages/topics_page.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QSettings>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "model/models/table_proxies.h"
#include "model/models/topics_model.h"
#include "ui/cluster_connection.h"
#include "ui/theme.h"
#include "ui/widgets/favourite_topics.h"
#include "ui/widgets/table_proxy.h"

namespace tideline::ui {

using model::TopicsModel;
using model::TopicsProxy;

namespace {

// The model's fast topics proxy, with what only the window knows: the favourites (kept per profile
// by FavouriteTopics), their star, the warning colour of unhealthy topics and header tooltips.
class TopicsTableProxy : public TopicsProxy {
public:
    TopicsTableProxy(FavouriteTopics* favourites, QObject* parent)
        : TopicsProxy(nullptr, parent), star_(":/tideline/icons/star.svg") {
        QPixmap blank(16, 16);
        blank.fill(Qt::transparent);
        noStar_ = QIcon(blank);
        connect(favourites, &FavouriteTopics::changed, this, [this, favourites] {
            const QStringList names = favourites->topics();
            setFavourites(QSet<QString>(names.begin(), names.end()));
            if (rowCount() > 0) {
                emit dataChanged(index(0, TopicsModel::NameColumn),
                                 index(rowCount() - 1, TopicsModel::NameColumn),
                                 {Qt::DecorationRole, Qt::ToolTipRole});
            }
        });
    }

    void setHeaderTip(int column, const QString& tip) { headerTips_.insert(column, tip); }

    QVariant data(const QModelIndex& index, int role) const override {
        if (index.column() == TopicsModel::NameColumn &&
            (role == Qt::DecorationRole || role == Qt::ToolTipRole)) {
            const bool starred = isFavourite(index.data(TopicsModel::KeyRole).toString());
            if (role == Qt::DecorationRole) {
                return starred ? star_ : noStar_;  // the blank keeps names aligned
            }
            if (starred) {
                return TopicsPage::tr("A favourite (Ctrl+D to unstar)");
            }
        }
        if (role == Qt::ForegroundRole && index.data(TopicsModel::NeedsAttentionRole).toBool()) {
            return theme::warning();
        }
        return TopicsProxy::data(index, role);
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        if (role == Qt::ToolTipRole && orientation == Qt::Horizontal && headerTips_.contains(section)) {
            return headerTips_.value(section);
        }
        return TopicsProxy::headerData(section, orientation, role);
    }

private:
    QIcon star_;
    QIcon noStar_;
    QHash<int, QString> headerTips_;
};

}  // namespace

TopicsPage::TopicsPage(QWidget* parent)
    : ClusterPage(parent),
      filter_(new QLineEdit(this)),
      regex_(new QCheckBox(tr("Regex"), this)),
      hideInternal_(new QCheckBox(tr("Hide internal topics"), this)),
      favouritesMode_(new QComboBox(this)),
      favourites_(new FavouriteTopics(this)),
      summary_(new QLabel(this)) {
    filter_->setObjectName("topicFilter");
    filter_->setPlaceholderText(tr("Filter topics (Ctrl+F)"));
    filter_->setClearButtonEnabled(true);
    filter_->addAction(QIcon(":/tideline/icons/search.svg"), QLineEdit::LeadingPosition);
    regex_->setObjectName("topicFilterRegex");
    regex_->setToolTip(tr("Treat the filter as a regular expression"));
    hideInternal_->setObjectName("hideInternalTopics");
    hideInternal_->setChecked(true);
    hideInternal_->setToolTip(tr("Kafka's own topics, such as __consumer_offsets where groups commit"));
    summary_->setObjectName("topicsSummary");
    favouritesMode_->setObjectName("favouritesMode");
    favouritesMode_->addItems({tr("All topics"), tr("Favourites first"), tr("Only favourites")});
    favouritesMode_->setToolTip(
        tr("Star topics with Ctrl+D or the context menu; stars are kept per connection"));
    auto* proxy = new TopicsTableProxy(favourites_, this);
    proxy_ = proxy;
    proxy_->setHideInternal(hideInternal_->isChecked());

    proxy->setHeaderTip(TopicsModel::ReplicationColumn,
                        tr("Replication factor: how many brokers keep a copy of each partition"));
    proxy->setHeaderTip(TopicsModel::UnderReplicatedColumn,
                        tr("Partitions whose in-sync replica set (ISR) lacks some replicas"));
    proxy->setHeaderTip(TopicsModel::UnderMinIsrColumn,
                        tr("Partitions with fewer in-sync replicas than min.insync.replicas"));
    proxy->setHeaderTip(TopicsModel::OfflineColumn, tr("Partitions without a leader"));
    proxy->setHeaderTip(TopicsModel::MessagesColumn,
                        tr("Records retained: high watermark minus low watermark, over all partitions"));
    proxy->setHeaderTip(TopicsModel::SizeColumn,
                        tr("Bytes on disk of the leader replicas (DescribeLogDirs, read every few minutes); "
                           "the cell's tooltip adds the followers' copies"));
    table_ = makeTableView(proxy_, this);
    table_->setObjectName("topicsTable");
    table_->sortByColumn(TopicsModel::NameColumn, Qt::AscendingOrder);

    auto* bar = new QHBoxLayout;
    bar->addWidget(filter_, 1);
    bar->addWidget(regex_);
    bar->addWidget(favouritesMode_);
    bar->addWidget(hideInternal_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Topics</h2>"), this));
    layout->addLayout(bar);
    layout->addWidget(table_, 1);
    layout->addWidget(summary_);

    auto* find = new QShortcut(QKeySequence::Find, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        filter_->setFocus(Qt::ShortcutFocusReason);
        filter_->selectAll();
    });
    // Starring changes nothing on the cluster, so read-only profiles have it too.
    favouriteAction_ =
        new QAction(QIcon(":/tideline/icons/star.svg"), tr("Star / unstar as &favourite"), table_);
    favouriteAction_->setObjectName("toggleFavouriteAction");
    favouriteAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    favouriteAction_->setShortcutContext(Qt::WidgetShortcut);
    table_->addAction(favouriteAction_);
    connect(favouriteAction_, &QAction::triggered, this, [this] { favourites_->toggle(selectedTopics()); });
    connect(favourites_, &FavouriteTopics::changed, this, &TopicsPage::refresh);
    connect(favouritesMode_, &QComboBox::currentIndexChanged, this, [this](int mode) {
        proxy_->setFavouritesMode(TopicsProxy::FavouritesMode(mode));
        QSettings().setValue("topics/favouritesMode", mode);
        refresh();
    });
    favouritesMode_->setCurrentIndex(std::clamp(QSettings().value("topics/favouritesMode", 0).toInt(), 0, 2));
    connect(filter_, &QLineEdit::textChanged, this, &TopicsPage::applyFilter);
    connect(regex_, &QCheckBox::toggled, this, &TopicsPage::applyFilter);
    connect(hideInternal_, &QCheckBox::toggled, this, [this](bool hide) {
        proxy_->setHideInternal(hide);
        refresh();
    });
    connect(table_, &QTableView::activated, this, [this](const QModelIndex& index) {
        const QString topic =
            index.siblingAtColumn(TopicsModel::NameColumn).data(TopicsModel::KeyRole).toString();
        emit openRequested({PageId::Topic, topic});
    });
    connect(proxy_, &QAbstractItemModel::rowsInserted, this, &TopicsPage::refresh);
    connect(proxy_, &QAbstractItemModel::rowsRemoved, this, &TopicsPage::refresh);
    connect(proxy_, &QAbstractItemModel::modelReset, this, &TopicsPage::refresh);
    refresh();
}

void TopicsPage::setConnection(ClusterConnection* connection) {
    if (connection_ != nullptr) {
        disconnect(connection_, nullptr, this, nullptr);
    }
    connection_ = connection;
    favourites_->setProfile(connection_ != nullptr ? connection_->profile().name : QString());
    proxy_->setTopicsModel(connection_ != nullptr ? connection_->topics() : nullptr);
    if (connection_ != nullptr) {
        connect(connection_, &ClusterConnection::snapshotChanged, this, &TopicsPage::refresh);
    }
    refresh();
}

QStringList TopicsPage::selectedTopics() const {
    QStringList names;
    for (const QModelIndex& row : table_->selectionModel()->selectedRows(TopicsModel::NameColumn)) {
        names << row.data(TopicsModel::KeyRole).toString();
    }
    return names;
}

bool TopicsPage::hasData() const { return connection_ != nullptr && connection_->snapshot().has_value(); }

void TopicsPage::applyFilter() {
    QString error;
    if (regex_->isChecked()) {
        error = proxy_->setRegexFilter(filter_->text());
    } else {
        proxy_->setTextFilter(filter_->text());
    }
    // An unfinished expression keeps the last good filter and says so, rather than emptying the table.
    filter_->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("QLineEdit { color: #cf222e; }"));
    filter_->setToolTip(error);
    refresh();
}

void TopicsPage::refresh() {
    if (!hasData()) {
        summary_->setText(tr("Waiting for the cluster's first answer…"));
    } else if (connection_->topics()->rowCount() == 0) {
        summary_->setText(tr("No topics yet. Create one with any Kafka client, e.g. kcat -P -t NAME."));
    } else {
        QString text =
            tr("%1 of %n topic(s) shown", nullptr, connection_->topics()->rowCount()).arg(proxy_->rowCount());
        const int starred = int(favourites_->topics().size());
        if (starred > 0) {
            text += tr(" · %n favourite(s)", nullptr, starred);
        } else if (favouritesMode_->currentIndex() == int(TopicsProxy::FavouritesMode::Only)) {
            text += tr(" · no favourites yet: select topics and press Ctrl+D");
        }
        summary_->setText(text);
    }
    emit dataChanged();
}

}  // namespace tideline::ui
