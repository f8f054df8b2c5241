#include "ui/widgets/replica_grid.h"

#include <QHelpEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

#include "ui/theme.h"

namespace tideline::ui {
namespace {

constexpr int kCell = 22;
constexpr int kGap = 2;
constexpr int kRowHeader = 44;
constexpr int kColumnHeader = 22;

}  // namespace

ReplicaGrid::ReplicaGrid(QWidget* parent) : QWidget(parent) {
    setObjectName("replicaGrid");
    setToolTip(
        tr("Where each partition's replicas live: L leader, filled green in sync, amber out of sync "
           "(not in the ISR), red offline"));
}

void ReplicaGrid::setTopic(const QList<model::BrokerInfo>& brokers,
                           const QList<model::PartitionInfo>& partitions) {
    liveBrokers_.clear();
    for (const model::BrokerInfo& broker : brokers) {
        liveBrokers_.append(broker.id);
    }
    brokerIds_ = liveBrokers_;
    for (const model::PartitionInfo& partition : partitions) {
        for (qint32 replica : partition.replicas) {
            if (!brokerIds_.contains(replica)) {
                brokerIds_.append(replica);  // a broker that is down still holds its replicas
            }
        }
    }
    std::sort(brokerIds_.begin(), brokerIds_.end());
    partitions_ = partitions;
    updateGeometry();
    update();
}

ReplicaGrid::Cell ReplicaGrid::cell(int partitionRow, int brokerColumn) const {
    const model::PartitionInfo& partition = partitions_.at(partitionRow);
    const qint32 broker = brokerIds_.at(brokerColumn);
    if (!partition.replicas.contains(broker)) {
        return Cell::None;
    }
    if (partition.offlineReplicas.contains(broker) || !liveBrokers_.contains(broker)) {
        return Cell::Offline;
    }
    if (partition.leader == broker) {
        return Cell::Leader;
    }
    return partition.isr.contains(broker) ? Cell::InSync : Cell::OutOfSync;
}

QSize ReplicaGrid::sizeHint() const {
    return {kRowHeader + int(brokerIds_.size()) * (kCell + kGap) + 8,
            kColumnHeader + int(partitions_.size()) * (kCell + kGap) + 8};
}

QRect ReplicaGrid::cellRect(int row, int column) const {
    return {kRowHeader + column * (kCell + kGap), kColumnHeader + row * (kCell + kGap), kCell, kCell};
}

void ReplicaGrid::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette().color(QPalette::WindowText);
    const QColor faint = palette().color(QPalette::Mid);
    painter.setPen(text);
    for (int column = 0; column < brokerIds_.size(); ++column) {
        const QRect top(kRowHeader + column * (kCell + kGap), 0, kCell, kColumnHeader);
        painter.drawText(top, Qt::AlignCenter, QString::number(brokerIds_[column]));
    }
    // Only the rows in view are painted, so a topic with thousands of partitions scrolls smoothly.
    const int firstRow = std::max(0, (event->rect().top() - kColumnHeader) / (kCell + kGap));
    const int lastRow =
        std::min(int(partitions_.size()) - 1, (event->rect().bottom() - kColumnHeader) / (kCell + kGap));
    for (int row = firstRow; row <= lastRow; ++row) {
        const QRect left(0, kColumnHeader + row * (kCell + kGap), kRowHeader - 6, kCell);
        painter.setPen(text);
        painter.drawText(left, Qt::AlignRight | Qt::AlignVCenter, QString("p%1").arg(partitions_[row].id));
        for (int column = 0; column < brokerIds_.size(); ++column) {
            const QRectF box = QRectF(cellRect(row, column)).adjusted(0.5, 0.5, -0.5, -0.5);
            const Cell kind = cell(row, column);
            QColor fill = Qt::transparent;
            QString mark;
            switch (kind) {
                case Cell::None:
                    painter.setPen(QPen(faint, 1, Qt::DotLine));
                    painter.setBrush(Qt::NoBrush);
                    painter.drawRoundedRect(box, 4, 4);
                    continue;
                case Cell::Leader:
                    fill = theme::accent();
                    mark = "L";
                    break;
                case Cell::InSync:
                    fill = theme::healthy();
                    break;
                case Cell::OutOfSync:
                    fill = theme::warning();
                    mark = "×";
                    break;
                case Cell::Offline:
                    fill = theme::danger();
                    mark = "!";
                    break;
            }
            painter.setPen(Qt::NoPen);
            painter.setBrush(fill);
            painter.drawRoundedRect(box, 4, 4);
            painter.setPen(theme::chipText(fill));
            painter.drawText(box, Qt::AlignCenter, mark);
        }
    }
}

bool ReplicaGrid::event(QEvent* event) {
    if (event->type() != QEvent::ToolTip) {
        return QWidget::event(event);
    }
    const QPoint pos = static_cast<QHelpEvent*>(event)->pos();
    const int column = (pos.x() - kRowHeader) / (kCell + kGap);
    const int row = (pos.y() - kColumnHeader) / (kCell + kGap);
    if (pos.x() < kRowHeader || pos.y() < kColumnHeader || column >= brokerIds_.size() ||
        row >= partitions_.size()) {
        return QWidget::event(event);
    }
    static const char* const kWords[] = {"holds no replica", "leads", "holds an in-sync replica",
                                         "holds a replica out of sync (not in the ISR)", "is offline"};
    QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(),
                       tr("Partition %1: broker %2 %3")
                           .arg(partitions_[row].id)
                           .arg(brokerIds_[column])
                           .arg(tr(kWords[int(cell(row, column))])),
                       this);
    return true;
}

}  // namespace tideline::ui
