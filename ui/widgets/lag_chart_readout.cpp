// The lag chart's read-outs: the catch-up estimate under the plot and the hover tooltip.
#include <qcustomplot.h>

#include <QDateTime>
#include <QToolTip>
#include <cmath>

#include "model/lag/history.h"
#include "model/lag/lag_report.h"
#include "ui/widgets/lag_chart.h"

namespace tideline::ui {
namespace {

QString duration(double seconds) {
    if (seconds < 90) {
        return QObject::tr("%1 s").arg(std::lround(seconds));
    }
    if (seconds < 600) {
        const long whole = std::lround(seconds);
        return QObject::tr("%1 min %2 s").arg(whole / 60).arg(whole % 60);
    }
    if (seconds < 90 * 60) {
        return QObject::tr("%1 min").arg(std::lround(seconds / 60));
    }
    if (seconds < 48 * 3600) {
        return QObject::tr("%1 h").arg(seconds / 3600, 0, 'f', 1);
    }
    return QObject::tr("%1 days").arg(seconds / 86400, 0, 'f', 1);
}

}  // namespace

QString LagChart::catchUpText() const {
    if (data_.isEmpty() || history_ == nullptr) {
        return {};
    }
    const QList<model::LagHistoryPoint> total = history_->series({group_, {}, -1});
    const model::LagHistoryPoint& last = total.last();
    auto known = [](float value) { return std::isnan(value) ? std::nullopt : std::optional<double>(value); };
    std::optional<double> seconds;
    const model::CatchUp state =
        model::catchUpOf(last.offsetLag >= 0 ? std::optional<qint64>(last.offsetLag) : std::nullopt,
                         known(last.produceRate), known(last.consumeRate), &seconds);
    QString now = last.offsetLag >= 0 ? tr("%L1 records behind").arg(last.offsetLag) : tr("lag unknown");
    if (!std::isnan(last.timeLagSeconds)) {
        now += tr(", %1 behind in time").arg(duration(last.timeLagSeconds));
    }
    switch (state) {
        case model::CatchUp::CaughtUp:
            return tr("Caught up: nothing waiting.");
        case model::CatchUp::Catching:
            return tr("%1 · catches up in about %2 (consuming %L3/s, producers %L4/s)")
                .arg(now, duration(*seconds))
                .arg(last.consumeRate, 0, 'f', 1)
                .arg(last.produceRate, 0, 'f', 1);
        case model::CatchUp::NotCatchingUp:
            return tr("%1 · not catching up: producers append %L2/s, the group consumes %L3/s")
                .arg(now)
                .arg(last.produceRate, 0, 'f', 1)
                .arg(last.consumeRate, 0, 'f', 1);
        case model::CatchUp::Unknown:
            break;
    }
    return tr("%1 · time to catch up not known yet (it needs rates from two polls)").arg(now);
}

QString LagChart::readoutAt(double seconds) const {
    if (data_.isEmpty()) {
        return {};
    }
    QStringList lines{QDateTime::fromMSecsSinceEpoch(qint64(seconds * 1000)).toString("HH:mm:ss")};
    double key = 0, value = 0;
    // The nearest points all come from the same poll or minute; a minute's lags are its worst.
    if (nearestPoint(data_.timeLag.keys.isEmpty() ? data_.produceRate : data_.timeLag, seconds, &key,
                     &value) &&
        key < data_.fullResolutionFromSeconds) {
        lines[0] += tr(" (the minute's worst lags, average rates)");
    }
    for (const LagLine& line : data_.offsetLag) {
        if (isSeriesVisible(line.name) && nearestPoint(line, seconds, &key, &value)) {
            lines << tr("%1: %L2 records").arg(line.name).arg(qint64(value));
        }
    }
    if (isSeriesVisible(timeGraph_->name()) && nearestPoint(data_.timeLag, seconds, &key, &value)) {
        lines << tr("time lag: %1").arg(duration(value));
    }
    for (const auto& [graph, line] :
         {std::pair{produceGraph_, &data_.produceRate}, std::pair{consumeGraph_, &data_.consumeRate}}) {
        if (isSeriesVisible(graph->name()) && nearestPoint(*line, seconds, &key, &value)) {
            lines << tr("%1 %L2").arg(graph->name()).arg(value, 0, 'f', 1);
        }
    }
    return lines.join('\n');
}

void LagChart::showReadout(QMouseEvent* event) {
    const QPointF position = event->position();
    const bool inLag = plot_->axisRect()->rect().contains(position.toPoint());
    const bool inRates = rateRect_->rect().contains(position.toPoint());
    QCPGraph* anchor =
        !seriesGraphs_.isEmpty() && seriesGraphs_.last()->visible() ? seriesGraphs_.last() : nullptr;
    if ((!inLag && !inRates) || data_.isEmpty()) {
        if (tracer_->visible()) {
            tracer_->setVisible(false);
            tracer_->layer()->replot();
        }
        QToolTip::hideText();
        return;
    }
    const double seconds = plot_->xAxis->pixelToCoord(position.x());
    if (anchor != nullptr) {
        tracer_->setGraph(anchor);
        tracer_->setGraphKey(seconds);
        tracer_->setVisible(true);
    }
    QToolTip::showText(event->globalPosition().toPoint(), readoutAt(seconds), plot_);
    tracer_->layer()->replot();  // the tracer's layer alone: the lines below it are unchanged
}

}  // namespace tideline::ui
