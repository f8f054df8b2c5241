#include "ui/widgets/replica_chips_delegate.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include "model/models/partitions_model.h"
#include "ui/theme.h"

namespace tideline::ui {
namespace {

using model::PartitionsModel;
using Kind = ReplicaChip::Kind;

constexpr int kChipWidth = 34;
constexpr int kChipGap = 4;

QList<qint32> idsAt(const QModelIndex& index, int column) {
    QList<qint32> ids;
    const QVariantList list = index.siblingAtColumn(column).data(PartitionsModel::RawValueRole).toList();
    for (const QVariant& id : list) {
        ids.append(id.toInt());
    }
    return ids;
}

QColor chipFill(const ReplicaChip& chip) {
    switch (chip.kind) {
        case Kind::Leader:
            return theme::accent();
        case Kind::OutOfSync:
            return theme::warning();
        case Kind::Offline:
        case Kind::NoLeader:
            return theme::danger();
        case Kind::InSync:
            break;
    }
    return QColor(Qt::transparent);
}

QString describe(const ReplicaChip& chip) {
    switch (chip.kind) {
        case Kind::Leader:
            return chip.preferredLeader
                       ? QObject::tr("Broker %1 leads: it takes every read and write").arg(chip.broker)
                       : QObject::tr(
                             "Broker %1 leads, but is not the preferred leader (the first replica); "
                             "a preferred leader election would move leadership back")
                             .arg(chip.broker);
        case Kind::InSync:
            return QObject::tr("Broker %1 holds an in-sync copy (in the ISR)").arg(chip.broker);
        case Kind::OutOfSync:
            return QObject::tr("Broker %1's copy fell behind and left the ISR (in-sync replicas)")
                .arg(chip.broker);
        case Kind::Offline:
            return QObject::tr("Broker %1 is down: this copy is offline").arg(chip.broker);
        case Kind::NoLeader:
            return QObject::tr("No leader: the partition is offline");
    }
    return {};
}

}  // namespace

QList<ReplicaChip> replicaChips(const QModelIndex& index) {
    const int column = index.column();
    if (column != PartitionsModel::LeaderColumn && column != PartitionsModel::ReplicasColumn &&
        column != PartitionsModel::IsrColumn) {
        return {};
    }
    const QList<qint32> replicas = idsAt(index, PartitionsModel::ReplicasColumn);
    const QList<qint32> isr = idsAt(index, PartitionsModel::IsrColumn);
    const QList<qint32> offline = idsAt(index, PartitionsModel::OfflineReplicasColumn);
    const qint32 leader =
        index.siblingAtColumn(PartitionsModel::LeaderColumn).data(PartitionsModel::RawValueRole).toInt();
    const bool preferred = replicas.isEmpty() || replicas.first() == leader;
    auto chipOf = [&](qint32 broker) {
        if (broker == leader) {
            return ReplicaChip{broker, Kind::Leader, preferred};
        }
        if (offline.contains(broker)) {
            return ReplicaChip{broker, Kind::Offline, true};
        }
        return ReplicaChip{broker, isr.contains(broker) ? Kind::InSync : Kind::OutOfSync, true};
    };
    QList<ReplicaChip> chips;
    if (column == PartitionsModel::LeaderColumn) {
        chips.append(leader < 0 ? ReplicaChip{-1, Kind::NoLeader, true} : chipOf(leader));
        return chips;
    }
    for (qint32 broker : column == PartitionsModel::IsrColumn ? isr : replicas) {
        chips.append(chipOf(broker));
    }
    return chips;
}

void ReplicaChipsDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const {
    const QList<ReplicaChip> chips = replicaChips(index);
    if (chips.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    option.widget->style()->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect area = option.rect.adjusted(4, 4, -4, -4);
    int x = area.left();
    for (const ReplicaChip& chip : chips) {
        const int width = chip.kind == Kind::NoLeader ? kChipWidth + 14 : kChipWidth;
        const QRectF box(x, area.top(), width, area.height());
        const QColor fill = chipFill(chip);
        const QColor border = chip.kind == Kind::InSync ? theme::healthy() : fill;
        QPen pen(border, chip.kind == Kind::Leader && !chip.preferredLeader ? 2.0 : 1.2);
        if (chip.kind == Kind::Leader && !chip.preferredLeader) {
            pen.setColor(theme::warning());
            pen.setStyle(Qt::DashLine);
        }
        painter->setPen(pen);
        painter->setBrush(fill);
        painter->drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);

        QFont font = option.font;
        font.setBold(chip.kind == Kind::Leader);
        font.setStrikeOut(chip.kind == Kind::OutOfSync || chip.kind == Kind::Offline);
        painter->setFont(font);
        const QColor text =
            chip.kind == Kind::InSync ? option.palette.color(QPalette::Text) : theme::chipText(fill);
        painter->setPen(text);
        QString label = chip.kind == Kind::NoLeader ? tr("none") : QString::number(chip.broker);
        if (chip.kind == Kind::Leader && !chip.preferredLeader) {
            label += QStringLiteral("!");
        }
        painter->drawText(box, Qt::AlignCenter, label);
        x += width + kChipGap;
    }
    painter->restore();
}

QSize ReplicaChipsDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QList<ReplicaChip> chips = replicaChips(index);
    if (chips.isEmpty()) {
        return QStyledItemDelegate::sizeHint(option, index);
    }
    const int width = int(chips.size()) * (kChipWidth + kChipGap) + 14 + 8;
    return {width, option.fontMetrics.height() + 12};
}

bool ReplicaChipsDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view,
                                     const QStyleOptionViewItem& option, const QModelIndex& index) {
    const QList<ReplicaChip> chips = replicaChips(index);
    if (chips.isEmpty() || event->type() != QEvent::ToolTip) {
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    }
    const int slot = (event->pos().x() - option.rect.left() - 4) / (kChipWidth + kChipGap);
    QStringList lines;
    if (slot >= 0 && slot < chips.size()) {
        lines.append(describe(chips[slot]));
    } else {
        for (const ReplicaChip& chip : chips) {
            lines.append(describe(chip));
        }
    }
    QToolTip::showText(event->globalPos(), lines.join('\n'), view);
    return true;
}

}  // namespace tideline::ui
