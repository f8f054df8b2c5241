#include "ui/sidebar.h"

#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QVBoxLayout>

#include "ui/theme.h"

namespace tideline::ui {
namespace {

enum ItemRole {
    KeyRole = Qt::UserRole + 1,
    NameRole,
    ColourRole,
    ReadOnlyRole,
    StatusRole,  // int of SessionStatus
    MessageRole,
    PageRole,
};

QColor statusColour(model::SessionStatus status) {
    switch (status) {
        case model::SessionStatus::Connected:
            return theme::healthy();
        case model::SessionStatus::Connecting:
            return theme::warning();
        case model::SessionStatus::Error:
            return theme::danger();
        case model::SessionStatus::Stopped:
            break;
    }
    return theme::muted();
}

// The profile's colour as a disc, ringed by the state colour, so both read at a glance.
QIcon clusterIcon(const QColor& colour, model::SessionStatus status) {
    const int size = 32;
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(statusColour(status), 4));
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(4, 4, size - 8, size - 8));
    return QIcon(pixmap);
}

QLabel* heading(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text.toUpper(), parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    font.setBold(true);
    label->setFont(font);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setContentsMargins(6, 8, 6, 2);
    return label;
}

}  // namespace

Sidebar::Sidebar(QWidget* parent)
    : QWidget(parent), clusters_(new QListWidget(this)), pages_(new QListWidget(this)) {
    clusters_->setObjectName("clusterList");
    pages_->setObjectName("pageList");
    clusters_->setIconSize({18, 18});
    for (QListWidget* list : {clusters_, pages_}) {
        list->setFrameShape(QFrame::NoFrame);
        list->setSpacing(1);
        list->setTextElideMode(Qt::ElideMiddle);
        list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(heading(tr("Clusters"), this));
    layout->addWidget(clusters_, 2);
    layout->addWidget(heading(tr("Pages"), this));
    layout->addWidget(pages_, 3);
    setMinimumWidth(190);

    addCluster(kDevClusterKey, tr("Local dev cluster"), "#2f9e8f", false);
    clusters_->setCurrentRow(0);
    refreshPageList();

    connect(clusters_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item == nullptr) {
            return;
        }
        refreshPageList();
        emit clusterSelected(item->data(KeyRole).toString());
    });
    connect(pages_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item != nullptr) {
            emit pageSelected(static_cast<PageId>(item->data(PageRole).toInt()));
        }
    });
}

void Sidebar::addCluster(const QString& key, const QString& name, const QString& colour, bool readOnly) {
    if (clusterItem(key) != nullptr) {
        return;
    }
    auto* item = new QListWidgetItem(clusters_);
    item->setData(KeyRole, key);
    item->setData(NameRole, name);
    item->setData(ColourRole, colour);
    item->setData(ReadOnlyRole, readOnly);
    item->setData(StatusRole, int(model::SessionStatus::Stopped));
    updateClusterItem(item);
}

void Sidebar::removeCluster(const QString& key) {
    if (key != kDevClusterKey) {
        delete clusterItem(key);
    }
}

void Sidebar::setClusterState(const QString& key, const model::SessionState& state) {
    if (QListWidgetItem* item = clusterItem(key)) {
        item->setData(StatusRole, int(state.status));
        item->setData(MessageRole, state.message);
        updateClusterItem(item);
    }
}

void Sidebar::selectCluster(const QString& key) {
    if (QListWidgetItem* item = clusterItem(key)) {
        clusters_->setCurrentItem(item);
    }
}

QString Sidebar::currentCluster() const {
    const QListWidgetItem* item = clusters_->currentItem();
    return item != nullptr ? item->data(KeyRole).toString() : QString();
}

void Sidebar::selectPage(PageId id) {
    // Detail pages live under their list in the sidebar.
    const PageId listed = (id == PageId::Topic || id == PageId::Messages) ? PageId::Topics
                          : id == PageId::Group                           ? PageId::Groups
                                                                          : id;
    for (int row = 0; row < pages_->count(); ++row) {
        if (pages_->item(row)->data(PageRole).toInt() == int(listed)) {
            const QSignalBlocker blocker(pages_);
            pages_->setCurrentRow(row);
            return;
        }
    }
}

PageId Sidebar::currentPage() const {
    const QListWidgetItem* item = pages_->currentItem();
    return item != nullptr ? static_cast<PageId>(item->data(PageRole).toInt()) : PageId::Overview;
}

QListWidgetItem* Sidebar::clusterItem(const QString& key) const {
    for (int row = 0; row < clusters_->count(); ++row) {
        if (clusters_->item(row)->data(KeyRole).toString() == key) {
            return clusters_->item(row);
        }
    }
    return nullptr;
}

void Sidebar::refreshPageList() {
    const bool local = currentCluster() == kDevClusterKey;
    const PageId before = currentPage();
    const QSignalBlocker blocker(pages_);
    pages_->clear();
    auto add = [this](PageId id, const QString& text, const QString& tip) {
        auto* item = new QListWidgetItem(text, pages_);
        item->setData(PageRole, int(id));
        item->setToolTip(tip);
    };
    if (local) {
        add(PageId::DevCluster, tr("Dev cluster"), tr("Start, stop and inspect the bundled tideline-broker"));
    }
    add(PageId::Overview, tr("Overview"), tr("Health of the whole cluster at a glance"));
    add(PageId::Brokers, tr("Brokers"), tr("The servers of the cluster"));
    add(PageId::Topics, tr("Topics"), tr("Named streams of records, split into partitions"));
    add(PageId::Groups, tr("Consumer groups"),
        tr("Consumers sharing the work of reading topics, and how far behind they are"));
    selectPage(before);
    if (pages_->currentRow() < 0) {
        pages_->setCurrentRow(0);
    }
}

void Sidebar::updateClusterItem(QListWidgetItem* item) {
    const auto status = static_cast<model::SessionStatus>(item->data(StatusRole).toInt());
    const bool readOnly = item->data(ReadOnlyRole).toBool();
    QString detail = model::sessionStatusName(status);
    if (readOnly) {
        detail += tr(" · read-only");
    }
    item->setText(item->data(NameRole).toString() + '\n' + detail);
    item->setIcon(clusterIcon(QColor(item->data(ColourRole).toString()), status));
    const QString message = item->data(MessageRole).toString();
    item->setToolTip(message.isEmpty() ? detail : detail + ": " + message);
}

}  // namespace tideline::ui
