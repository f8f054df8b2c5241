#include "ui/pages/overview_page.h"

#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QSet>
#include <QVBoxLayout>
#include <algorithm>

#include "model/lag/lag_report.h"
#include "model/snapshot_facts.h"
#include "ui/cluster_connection.h"
#include "ui/theme.h"

namespace tideline::ui {
namespace {

constexpr int kTileColumns = 4;
constexpr int kWorstLags = 5;
constexpr int kItemRole = Qt::UserRole + 1;

using Tone = FigureTile::Tone;

Tone problemTone(qsizetype count, Tone whenSome) { return count == 0 ? Tone::Good : whenSome; }

struct GroupLagLine {
    QString group;
    qint64 lag = 0;
    QString text;
};

}  // namespace

OverviewPage::OverviewPage(QWidget* parent)
    : ClusterPage(parent), identity_(new QLabel(this)), worstLags_(new QListWidget(this)) {
    identity_->setObjectName("clusterIdentity");
    identity_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    worstLags_->setObjectName("worstLags");
    worstLags_->setToolTip(
        tr("Lag: how many records a consumer group still has to read (offset lag), and how old the "
           "oldest of them is (time lag)"));

    addTile("brokers", tr("brokers up"), tr("Brokers in the cluster's metadata"), {PageId::Brokers, {}});
    addTile("brokersDown", tr("brokers down"),
            tr("Brokers that host replicas but are missing from the metadata, or cannot be reached"),
            {PageId::Brokers, {}});
    addTile("topics", tr("topics"), tr("Topics, without internal ones such as __consumer_offsets"),
            {PageId::Topics, {}});
    addTile("partitions", tr("partitions"), tr("Partitions of all topics"), {PageId::Topics, {}});
    addTile("underReplicated", tr("under-replicated"),
            tr("Partitions whose in-sync replica set (ISR) is smaller than their replica list: a copy is "
               "behind or its broker is down"),
            {PageId::Topics, {}});
    addTile("offline", tr("offline partitions"),
            tr("Partitions without a leader: nobody can produce to them or consume from them"),
            {PageId::Topics, {}});
    addTile("underMinIsr", tr("under min ISR"),
            tr("Partitions with fewer in-sync replicas than min.insync.replicas: producers with acks=all "
               "are refused"),
            {PageId::Topics, {}});
    addTile("groups", tr("consumer groups"), tr("Consumer groups known to the cluster"),
            {PageId::Groups, {}});

    auto* grid = new QGridLayout;
    grid->setSpacing(10);
    for (int i = 0; i < order_.size(); ++i) {
        grid->addWidget(order_[i], i / kTileColumns, i % kTileColumns);
    }
    auto* lagTitle = new QLabel(tr("<b>Worst lags</b>"), this);
    lagTitle->setToolTip(worstLags_->toolTip());
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Overview</h2>"), this));
    layout->addWidget(identity_);
    layout->addLayout(grid);
    layout->addSpacing(8);
    layout->addWidget(lagTitle);
    layout->addWidget(worstLags_, 1);

    connect(worstLags_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const QString group = item->data(kItemRole).toString();
        if (!group.isEmpty()) {
            emit openRequested({PageId::Group, group});
        }
    });
    connect(worstLags_, &QListWidget::itemClicked, worstLags_, &QListWidget::itemActivated);
    refresh();
}

FigureTile* OverviewPage::addTile(const QString& name, const QString& caption, const QString& tip,
                                  PageRequest target) {
    auto* tile = new FigureTile(caption, tip, this);
    tile->setObjectName("tile_" + name);
    connect(tile, &FigureTile::clicked, this, [this, target] { emit openRequested(target); });
    tiles_.insert(name, tile);
    order_.append(tile);
    return tile;
}

void OverviewPage::setConnection(ClusterConnection* connection) {
    if (connection_ != nullptr) {
        disconnect(connection_, nullptr, this, nullptr);
    }
    connection_ = connection;
    if (connection_ != nullptr) {
        connect(connection_, &ClusterConnection::snapshotChanged, this, &OverviewPage::refresh);
        connect(connection_, &ClusterConnection::lagReportChanged, this, &OverviewPage::refreshLags);
    }
    refresh();
}

bool OverviewPage::hasData() const { return connection_ != nullptr && connection_->snapshot().has_value(); }

void OverviewPage::refresh() {
    if (!hasData()) {
        identity_->setText(tr("Waiting for the cluster's first answer…"));
        for (FigureTile* tile : std::as_const(order_)) {
            tile->setValue(QStringLiteral("–"));
        }
        worstLags_->clear();
        emit dataChanged();
        return;
    }
    const model::ClusterSnapshot& snapshot = *connection_->snapshot();
    identity_->setText(
        tr("Cluster id <b>%1</b> · controller broker <b>%2</b> · %3")
            .arg(snapshot.clusterId.isEmpty() ? tr("unknown") : snapshot.clusterId.toHtmlEscaped())
            .arg(snapshot.controllerId)
            .arg(connection_->profile().name.toHtmlEscaped()));

    QSet<qint32> live;
    int unreachable = 0;
    for (const model::BrokerInfo& broker : snapshot.brokers) {
        live.insert(broker.id);
        unreachable += broker.reachability == model::BrokerReachability::Unreachable ? 1 : 0;
    }
    // A stopped broker drops out of the metadata; its replicas still name it.
    QSet<qint32> missing;
    int topics = 0;
    int partitions = 0;
    for (const model::TopicInfo& topic : snapshot.topics) {
        topics += topic.internal ? 0 : 1;
        partitions += int(topic.partitions.size());
        for (const model::PartitionInfo& partition : topic.partitions) {
            for (qint32 replica : partition.replicas) {
                if (!live.contains(replica)) {
                    missing.insert(replica);
                }
            }
        }
    }
    const qsizetype down = missing.size() + unreachable;
    const qsizetype under = model::underReplicatedPartitions(snapshot).size();
    const qsizetype offline = model::offlinePartitions(snapshot).size();
    const qsizetype underMin = model::underMinIsrPartitions(snapshot).size();
    tiles_["brokers"]->setValue(QString::number(snapshot.brokers.size()), Tone::Neutral);
    tiles_["brokersDown"]->setValue(QString::number(down), problemTone(down, Tone::Bad));
    tiles_["topics"]->setValue(QString::number(topics));
    tiles_["partitions"]->setValue(QString::number(partitions));
    tiles_["underReplicated"]->setValue(QString::number(under), problemTone(under, Tone::Warning));
    tiles_["offline"]->setValue(QString::number(offline), problemTone(offline, Tone::Bad));
    tiles_["underMinIsr"]->setValue(QString::number(underMin), problemTone(underMin, Tone::Bad));
    // A metadata-only snapshot comes before the groups were read: unknown, not 0.
    tiles_["groups"]->setValue(snapshot.metadataOnly ? QStringLiteral("–")
                                                     : QString::number(snapshot.groups.size()));
    refreshLags();
    emit dataChanged();
}

void OverviewPage::refreshLags() {
    if (!hasData()) {
        return;
    }
    // The lag report has verdicts and time lags; until the first one, lags come from the snapshot.
    QList<GroupLagLine> lines;
    if (const auto& report = connection_->lagReport()) {
        for (const model::GroupLagReport& group : report->groups) {
            QString text = tr("%1 — %2 records behind").arg(group.group).arg(group.offsetLag);
            if (group.timeLagSeconds) {
                text += tr(", %1%2 s")
                            .arg(group.timeLagIsLowerBound ? "≥ " : "")
                            .arg(*group.timeLagSeconds, 0, 'f', 1);
            }
            text += " · " + model::lagVerdictName(group.verdict);
            lines.append({group.group, group.offsetLag, text});
        }
    } else {
        const model::ClusterSnapshot& snapshot = *connection_->snapshot();
        for (const model::ConsumerGroupInfo& group : snapshot.groups) {
            const qint64 lag = model::totalLag(model::groupLag(snapshot, group)).lag;
            lines.append({group.id, lag, tr("%1 — %2 records behind").arg(group.id).arg(lag)});
        }
    }
    std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.lag > b.lag; });
    worstLags_->clear();
    if (lines.isEmpty()) {
        auto* empty =
            new QListWidgetItem(connection_->snapshot()->metadataOnly ? tr("Reading consumer groups…")
                                                                      : tr("No consumer groups yet"),
                                worstLags_);
        empty->setFlags(Qt::NoItemFlags);
        return;
    }
    for (const GroupLagLine& line : lines.mid(0, kWorstLags)) {
        auto* item = new QListWidgetItem(line.text, worstLags_);
        item->setData(kItemRole, line.group);
        item->setForeground(line.lag > 0 ? theme::warning() : palette().color(QPalette::Text));
    }
}

}  // namespace tideline::ui
