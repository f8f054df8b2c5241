// A consumer group's lag over time from the session's LagHistory, PlotJuggler-style: the offset lag
// (records, left axis) of the group, of each topic or of each partition, as lines or stacked; the
// time lag (seconds, right axis); below, the produce and consume rates; and a catch-up estimate.
// The window is 5 min, 1 h, 6 h or everything kept. Redraws are coalesced by a single-shot timer, so
// a burst of reports costs one. Each line is drawn decimated to the plot's width (lag_decimation.h),
// redone only when the data, the time range or the width changes, so a redraw costs pixels, not
// points; the read-outs and the CSV use the full data. Pausing (or dragging and zooming, which pause) freezes
// the view while the history keeps filling; resuming catches up at once.
#pragma once

#include <QSet>
#include <QString>
#include <QWidget>

#include "ui/widgets/lag_decimation.h"
#include "ui/widgets/lag_series.h"

class QCheckBox;
class QComboBox;
class QCPAxisRect;
class QCPGraph;
class QCPItemTracer;
class QCPLayoutGrid;
class QCPLegend;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QPushButton;
class QTimer;

namespace tideline::ui {

class LagChart : public QWidget {
    Q_OBJECT

public:
    explicit LagChart(QWidget* parent = nullptr);

    // The history must outlive the chart or be replaced before it goes; null clears the chart.
    void setHistory(const model::LagHistory* history);
    void setGroup(const QString& group);
    // Seconds of history shown; 0 for everything kept.
    void setWindowSeconds(int seconds);
    int windowSeconds() const;
    void setBreakdown(LagBreakdown breakdown);
    LagBreakdown breakdown() const;
    void setStacked(bool stacked);
    bool stacked() const;
    void setPaused(bool paused);
    bool isPaused() const;

    // Asks for a redraw; several requests before the timer fires make one. Held while paused.
    void scheduleRedraw();
    // Draws now (even when paused); returns the number of offset lag points read over all series (what
    // the read-outs use; the plot gets them decimated, see plottedPoints).
    int redraw();

    // The offset lag series as plotted (stacked values when stacked), in legend order.
    int seriesCount() const;
    QCPGraph* seriesGraph(int index) const;
    QCPGraph* timeLagGraph() const { return timeGraph_; }
    QCPGraph* produceGraph() const { return produceGraph_; }
    QCPGraph* consumeGraph() const { return consumeGraph_; }
    // What was read from the history for the last redraw (unstacked).
    const LagChartData& data() const { return data_; }

    // Points read for and newest value of the first series; NaN when nothing is plotted.
    int offsetLagPoints() const;
    // Points handed to the plot over all offset lag series, after decimation to the plot's width.
    int plottedPoints() const;
    // The lines as drawn before decimation (stacked values when stacked), in legend order.
    const QList<LagLine>& lines() const { return lines_; }
    int timeLagPoints() const;
    double lastOffsetLag() const;
    double lastTimeLagSeconds() const;
    // The catch-up read-out under the chart, e.g. "Catches up in about 4 min".
    QString catchUpText() const;
    // The hover read-out for a time (seconds since the epoch): the nearest point of every visible line.
    QString readoutAt(double seconds) const;
    // A hidden series stays hidden across redraws; the legend entry of a hidden one is greyed.
    void setSeriesVisible(const QString& name, bool visible);
    bool isSeriesVisible(const QString& name) const { return !hidden_.contains(name); }

    int redrawCount() const { return redraws_; }
    QCustomPlot* plot() const { return plot_; }
    QCPAxisRect* rateRect() const { return rateRect_; }

    bool exportPng(const QString& path);
    // time (ISO 8601, UTC), offset lag, max offset lag, time lag s, produce and consume rates.
    bool exportCsv(const QString& path, QString* error) const;

private:
    void buildPlot();
    void syncSeriesGraphs();
    void applyTimeRange();
    void applyValueRanges();
    // Hands the plot each line cut to the current time range and width; with `force` false, only
    // when those changed since the last time.
    void decimateToView(bool force);
    DecimationView currentView() const;
    void updateCatchUp();
    void showReadout(QMouseEvent* event);
    void applyVisibility();
    // Up to a dozen lines the legend sits inside the plot; beyond, it moves to a column of its own on
    // the right, wrapped into as many columns as the lag panel's height needs, so it covers no line.
    void placeLegend();
    void fitLegendRows();
    void chooseAndExport(bool png);

    QCustomPlot* plot_;
    QCPAxisRect* rateRect_ = nullptr;
    QCPLegend* rateLegend_ = nullptr;
    QCPLayoutGrid* legendColumn_ = nullptr;  // the legend's column beside the plot, when it has one
    QCPGraph* timeGraph_ = nullptr;
    QCPGraph* produceGraph_ = nullptr;
    QCPGraph* consumeGraph_ = nullptr;
    QList<QCPGraph*> seriesGraphs_;
    QCPItemTracer* tracer_ = nullptr;
    QComboBox* window_;
    QComboBox* breakdown_;
    QCheckBox* stacked_;
    QPushButton* pause_;
    QLabel* empty_;
    QLabel* catchUp_;
    QTimer* redrawTimer_;
    const model::LagHistory* history_ = nullptr;
    QString group_;
    LagChartData data_;
    QList<LagLine> lines_;  // data_.offsetLag, stacked when stacked
    DecimationView decimatedFor_;
    QSet<QString> hidden_;
    bool pendingWhilePaused_ = false;
    bool settingRanges_ = false;  // a range change made by the chart, not by the user
    int redraws_ = 0;
};

}  // namespace tideline::ui
