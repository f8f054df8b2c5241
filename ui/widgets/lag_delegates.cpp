#include "ui/widgets/lag_delegates.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>

#include "model/lag/history.h"
#include "model/lag/lag_report.h"
#include "ui/theme.h"

namespace tideline::ui {
namespace {

constexpr int kSparklineWidth = 110;
constexpr qreal kSparklineMargin = 3;

QColor verdictColour(model::LagVerdict verdict) {
    switch (verdict) {
        case model::LagVerdict::Ok:
            return theme::healthy();
        case model::LagVerdict::Lagging:
        case model::LagVerdict::Rewound:
            return theme::warning();
        case model::LagVerdict::Stalled:
        case model::LagVerdict::Stopped:
            return theme::danger();
    }
    return theme::muted();
}

}  // namespace

SparklineDelegate::SparklineDelegate(std::function<const model::LagHistory*()> history, int keyRole,
                                     int verdictRole, QObject* parent)
    : QStyledItemDelegate(parent),
      history_(std::move(history)),
      keyRole_(keyRole),
      verdictRole_(verdictRole) {}

QPolygonF SparklineDelegate::sparkline(const QString& group, const QRectF& rect) const {
    const model::LagHistory* history = history_ ? history_() : nullptr;
    if (history == nullptr || group.isEmpty()) {
        return {};
    }
    const QList<model::LagHistoryPoint> points = history->series({group, {}, -1});
    if (points.isEmpty()) {
        return {};
    }
    const qint64 lastMs = points.last().timeMs;
    // A group younger than the span is drawn across the whole cell, at least a minute wide.
    const qint64 fromMs =
        std::min(std::max(lastMs - qint64(spanSeconds_) * 1000, points.first().timeMs), lastMs - 60'000);
    qint64 top = 1;
    for (const model::LagHistoryPoint& point : points) {
        if (point.timeMs >= fromMs) {
            top = std::max(top, point.offsetLag);
        }
    }
    const double spanMs = double(lastMs - fromMs);
    QPolygonF line;
    for (const model::LagHistoryPoint& point : points) {
        if (point.timeMs < fromMs || point.offsetLag < 0) {
            continue;
        }
        const double x = rect.left() + rect.width() * double(point.timeMs - fromMs) / spanMs;
        const double y = rect.bottom() - rect.height() * double(point.offsetLag) / double(top);
        line.append({x, y});
    }
    return line;
}

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const {
    QStyledItemDelegate::paint(painter, option, index);  // background and selection
    const QRectF area =
        QRectF(option.rect)
            .adjusted(kSparklineMargin, kSparklineMargin, -kSparklineMargin, -kSparklineMargin);
    const QPolygonF line = sparkline(index.data(keyRole_).toString(), area);
    if (line.isEmpty()) {
        return;
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor colour = theme::accent();
    if (const QVariant verdict = verdictRole_ >= 0 ? index.data(verdictRole_) : QVariant();
        verdict.isValid()) {
        colour = verdictColour(model::LagVerdict(verdict.toInt()));
    }
    QPainterPath fill;
    fill.moveTo(line.first().x(), area.bottom());
    for (const QPointF& point : line) {
        fill.lineTo(point);
    }
    fill.lineTo(line.last().x(), area.bottom());
    fill.closeSubpath();
    QColor shade = colour;
    shade.setAlpha(60);
    painter->fillPath(fill, shade);
    painter->setPen(QPen(colour, 1.5));
    painter->drawPolyline(line);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    return {kSparklineWidth, QStyledItemDelegate::sizeHint(option, index).height()};
}

bool SparklineDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view,
                                  const QStyleOptionViewItem& option, const QModelIndex& index) {
    if (event->type() != QEvent::ToolTip) {
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    }
    QToolTip::showText(
        event->globalPos(),
        tr("Offset lag over the last %n minute(s), scaled to its own peak", nullptr, spanSeconds_ / 60),
        view);
    return true;
}

VerdictBadgeDelegate::VerdictBadgeDelegate(int verdictRole, QObject* parent)
    : QStyledItemDelegate(parent), verdictRole_(verdictRole) {}

void VerdictBadgeDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const {
    const QVariant verdict = index.data(verdictRole_);
    if (!verdict.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem plain = option;
    initStyleOption(&plain, index);
    plain.text.clear();
    option.widget->style()->drawControl(QStyle::CE_ItemViewItem, &plain, painter, option.widget);

    const QString text = index.data(Qt::DisplayRole).toString();
    const QColor fill = verdictColour(model::LagVerdict(verdict.toInt()));
    const QFontMetrics metrics(option.font);
    const int width = metrics.horizontalAdvance(text) + 14;
    const QRect badge(option.rect.left() + 4, option.rect.center().y() - metrics.height() / 2 - 1, width,
                      metrics.height() + 2);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(badge, badge.height() / 2.0, badge.height() / 2.0);
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(theme::chipText(fill));
    painter->drawText(badge, Qt::AlignCenter, text);
    painter->restore();
}

bool VerdictBadgeDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view,
                                     const QStyleOptionViewItem& option, const QModelIndex& index) {
    const QVariant verdict = index.data(verdictRole_);
    if (event->type() != QEvent::ToolTip || !verdict.isValid()) {
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    }
    QToolTip::showText(event->globalPos(), explanation(verdict.toInt()), view);
    return true;
}

QString VerdictBadgeDelegate::explanation(int verdict) {
    switch (model::LagVerdict(verdict)) {
        case model::LagVerdict::Ok:
            return tr("OK: the lag is within the thresholds, or shrinking");
        case model::LagVerdict::Lagging:
            return tr(
                "LAGGING: the lag keeps rising, or is over a threshold and grew over the window: the "
                "consumers fall behind");
        case model::LagVerdict::Rewound:
            return tr(
                "REWOUND: the committed offset went backwards (an offset reset, or a consumer replaying)");
        case model::LagVerdict::Stalled:
            return tr("STALLED: records are waiting and no commit moved for a whole window");
        case model::LagVerdict::Stopped:
            return tr(
                "STOPPED: records are waiting and nothing was committed for a long time: the "
                "consumers are probably gone");
    }
    return {};
}

}  // namespace tideline::ui
