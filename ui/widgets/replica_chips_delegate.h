// Draws the leader, replica and ISR columns of the partitions table as broker chips, so a glance
// tells where a partition lives and what is wrong with it: the leader filled, replicas that fell out
// of the ISR struck through in amber, replicas on a stopped broker in red, and a leader that is not
// the preferred (first) replica flagged.
#pragma once

#include <QList>
#include <QStyledItemDelegate>

namespace tideline::ui {

struct ReplicaChip {
    enum class Kind { Leader, InSync, OutOfSync, Offline, NoLeader };
    qint32 broker = -1;
    Kind kind = Kind::InSync;
    bool preferredLeader = true;  // for Leader: false when leadership is away from the first replica

    bool operator==(const ReplicaChip&) const = default;
};

// The chips of one cell of a PartitionsModel row; empty for columns without chips.
QList<ReplicaChip> replicaChips(const QModelIndex& index);

class ReplicaChipsDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;
};

}  // namespace tideline::ui
