// Cell painters for lag: a sparkline of a group's recent offset lag from the LagHistory, and a
// coloured badge for a lag verdict.
#pragma once

#include <QPolygonF>
#include <QStyledItemDelegate>
#include <functional>

namespace tideline::model {
class LagHistory;
}

namespace tideline::ui {

class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    // `history` is asked at every paint, since a connection's history appears with its session.
    // `keyRole` gives the group id of a row; `verdictRole`, if any, colours the line by verdict.
    SparklineDelegate(std::function<const model::LagHistory*()> history, int keyRole, int verdictRole = -1,
                      QObject* parent = nullptr);

    void setSpanSeconds(int seconds) { spanSeconds_ = seconds; }
    int spanSeconds() const { return spanSeconds_; }

    // The group's offset lag over the last span (or its whole history when shorter, but at least a
    // minute), scaled into `rect`: time to x, lag to y (the largest at the top, zero at the bottom).
    // Empty without history.
    QPolygonF sparkline(const QString& group, const QRectF& rect) const;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;

private:
    std::function<const model::LagHistory*()> history_;
    int keyRole_;
    int verdictRole_;
    int spanSeconds_ = 600;
};

// Paints the cell's DisplayRole as a rounded badge coloured by the verdict in `verdictRole`
// (an int LagVerdict): OK green, LAGGING and REWOUND amber, STALLED and STOPPED red.
class VerdictBadgeDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    VerdictBadgeDelegate(int verdictRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;

    // What a verdict means, for tooltips.
    static QString explanation(int verdict);

private:
    int verdictRole_;
};

}  // namespace tideline::ui
