#include "ui/widgets/lag_chart.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

#include "model/lag/history.h"
#include "model/lag/lag_report.h"
#include "ui/theme.h"

namespace tideline::ui {
namespace {

// Long enough to merge the snapshot and lag report of one poll, short enough to feel live.
constexpr int kRedrawDelayMs = 120;
constexpr double kMinimumSpanSeconds = 60;
constexpr int kSmoothLinesUpTo = 12;
// The lag panel's share of the plot's height (the rates panel has 1).
constexpr double kLagRowStretch = 2.4;
// How much smaller the legend's text is once it lists dozens of lines.
constexpr double kCompactLegendScale = 0.85;

void styleAxis(QCPAxis* axis, const QColor& text, const QColor& grid) {
    axis->setBasePen(QPen(grid));
    axis->setTickPen(QPen(grid));
    axis->setSubTickPen(QPen(grid));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
}

// Distinct hues around the wheel (golden angle), starting at the theme's accent for the first line.
QColor seriesColour(int index) {
    if (index == 0) {
        return theme::accent();
    }
    return QColor::fromHsv(int(210 + index * 137.508) % 360, 170, darkThemeActive() ? 235 : 200);
}

void setLine(QCPGraph* graph, const LagLine& line) { graph->setData(line.keys, line.values, true); }

double upperOf(const QCPGraph* graph) {
    bool found = false;
    const QCPRange range = graph->getValueRange(found);
    return found ? range.upper : 0.0;
}

}  // namespace

LagChart::LagChart(QWidget* parent)
    : QWidget(parent),
      plot_(new QCustomPlot(this)),
      window_(new QComboBox(this)),
      breakdown_(new QComboBox(this)),
      stacked_(new QCheckBox(tr("Stacked"), this)),
      pause_(new QPushButton(tr("Pause"), this)),
      empty_(new QLabel(tr("No lag history for this group yet: it fills in with every poll."), this)),
      catchUp_(new QLabel(this)),
      redrawTimer_(new QTimer(this)) {
    plot_->setObjectName("lagPlot");
    window_->setObjectName("lagWindow");
    breakdown_->setObjectName("lagBreakdown");
    stacked_->setObjectName("lagStacked");
    pause_->setObjectName("lagPause");
    catchUp_->setObjectName("lagCatchUp");
    window_->addItem(tr("5 min"), 300);
    window_->addItem(tr("1 h"), 3600);
    window_->addItem(tr("6 h"), 6 * 3600);
    window_->addItem(tr("All"), 0);
    window_->setToolTip(tr("How far back the chart reaches"));
    breakdown_->addItem(tr("Group total"), int(LagBreakdown::Group));
    breakdown_->addItem(tr("Per topic"), int(LagBreakdown::Topic));
    breakdown_->addItem(tr("Per partition"), int(LagBreakdown::Partition));
    breakdown_->setToolTip(tr("One line for the whole group, for each topic or for each partition"));
    stacked_->setToolTip(tr("Stack the lines, so the top edge is the group's total lag"));
    pause_->setCheckable(true);
    pause_->setToolTip(
        tr("Freeze the chart; dragging or zooming freezes it too. The history keeps filling, and "
           "resuming shows everything that came in meanwhile."));
    auto* png = new QPushButton(QIcon(":/tideline/icons/export.svg"), tr("PNG…"), this);
    auto* csv = new QPushButton(QIcon(":/tideline/icons/export.svg"), tr("CSV…"), this);
    png->setToolTip(tr("Save the chart as an image"));
    csv->setToolTip(tr("Save the group's lag history as comma-separated values"));
    empty_->setForegroundRole(QPalette::PlaceholderText);
    catchUp_->setToolTip(
        tr("Estimated time to catch up: the offset lag divided by how much faster the group consumes "
           "than producers append, both averaged over the lag window"));
    buildPlot();

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("<b>Lag over time</b>"), this));
    bar->addWidget(empty_);
    bar->addStretch(1);
    bar->addWidget(breakdown_);
    bar->addWidget(stacked_);
    bar->addWidget(window_);
    bar->addWidget(pause_);
    bar->addWidget(png);
    bar->addWidget(csv);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(plot_, 1);
    layout->addWidget(catchUp_);

    redrawTimer_->setSingleShot(true);
    redrawTimer_->setInterval(kRedrawDelayMs);
    connect(redrawTimer_, &QTimer::timeout, this, &LagChart::redraw);
    // A choice of the user's is shown at once, paused or not.
    connect(window_, &QComboBox::currentIndexChanged, this, &LagChart::redraw);
    connect(breakdown_, &QComboBox::currentIndexChanged, this, &LagChart::redraw);
    connect(stacked_, &QCheckBox::toggled, this, &LagChart::redraw);
    connect(pause_, &QPushButton::toggled, this, &LagChart::setPaused);
    connect(png, &QPushButton::clicked, this, [this] { chooseAndExport(true); });
    connect(csv, &QPushButton::clicked, this, [this] { chooseAndExport(false); });
}

void LagChart::buildPlot() {
    const QColor text = palette().color(QPalette::WindowText);
    const QColor grid = palette().color(QPalette::Mid);
    plot_->setBackground(palette().color(QPalette::Base));
    plot_->setMinimumHeight(260);
    plot_->setToolTip(
        tr("Offset lag: records appended that the group has not committed yet. Time lag: how long ago "
           "the oldest of them was written. Drag to pan, wheel to zoom, click a legend entry to hide "
           "its line."));

    // The two panels share a grid of their own in the plot's first column, so a legend column beside
    // them (see placeLegend) runs the plot's whole height.
    QCPAxisRect* lagRect = plot_->axisRect();
    plot_->plotLayout()->take(lagRect);
    plot_->plotLayout()->simplify();
    auto* panels = new QCPLayoutGrid;
    plot_->plotLayout()->addElement(0, 0, panels);
    panels->setRowSpacing(plot_->plotLayout()->rowSpacing());
    rateRect_ = new QCPAxisRect(plot_);
    panels->addElement(0, 0, lagRect);
    panels->addElement(1, 0, rateRect_);
    panels->setRowStretchFactor(0, kLagRowStretch);
    panels->setRowStretchFactor(1, 1);
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    rateRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);

    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat("HH:mm:ss");
    QCPAxis* rateX = rateRect_->axis(QCPAxis::atBottom);
    QCPAxis* rateY = rateRect_->axis(QCPAxis::atLeft);
    rateRect_->axis(QCPAxis::atRight)->setVisible(true);
    rateRect_->axis(QCPAxis::atRight)->setTickLabels(false);
    for (QCPAxis* axis :
         {plot_->xAxis, plot_->yAxis, plot_->yAxis2, rateX, rateY, rateRect_->axis(QCPAxis::atRight)}) {
        styleAxis(axis, text, grid);
    }
    plot_->yAxis2->setVisible(true);
    plot_->yAxis->setLabel(tr("offset lag (records)"));
    plot_->yAxis2->setLabel(tr("time lag (s)"));
    rateY->setLabel(tr("records/s"));
    plot_->xAxis->setTicker(ticker);
    rateX->setTicker(ticker);
    // Both panels show the same time span; either one dragged or zoomed moves the other.
    connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), rateX,
            qOverload<const QCPRange&>(&QCPAxis::setRange));
    connect(rateX, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), plot_->xAxis,
            qOverload<const QCPRange&>(&QCPAxis::setRange));
    // A range the chart did not set is the user's: following the newest data would undo it.
    connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
        if (!settingRanges_ && !isPaused()) {
            setPaused(true);
        }
    });

    timeGraph_ = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
    timeGraph_->setName(tr("time lag"));
    timeGraph_->setPen(QPen(theme::warning(), 2, Qt::DashLine));
    produceGraph_ = plot_->addGraph(rateX, rateY);
    produceGraph_->setName(tr("produced/s"));
    produceGraph_->setPen(QPen(theme::muted(), 1.5));
    consumeGraph_ = plot_->addGraph(rateX, rateY);
    consumeGraph_->setName(tr("consumed/s"));
    consumeGraph_->setPen(QPen(theme::healthy(), 1.5));

    rateLegend_ = new QCPLegend;
    rateRect_->insetLayout()->addElement(rateLegend_, Qt::AlignTop | Qt::AlignLeft);
    rateLegend_->setLayer("legend");
    for (QCPLegend* legend : {plot_->legend, rateLegend_}) {
        legend->setVisible(true);
        legend->setBrush(palette().color(QPalette::Base));
        legend->setTextColor(text);
        legend->setBorderPen(QPen(grid));
    }
    produceGraph_->removeFromLegend(plot_->legend);
    consumeGraph_->removeFromLegend(plot_->legend);
    produceGraph_->addToLegend(rateLegend_);
    consumeGraph_->addToLegend(rateLegend_);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);

    tracer_ = new QCPItemTracer(plot_);
    // On a buffered layer of its own, so following the mouse redraws the tracer, not 50 lines.
    tracer_->setLayer(QStringLiteral("overlay"));
    tracer_->setStyle(QCPItemTracer::tsCircle);
    tracer_->setSize(8);
    tracer_->setPen(QPen(text));
    tracer_->setVisible(false);

    // QCustomPlot's "fast polylines" draw a line segment by segment, a painter call each; one
    // polyline per line costs a fraction of that once dozens of lines are drawn.
    plot_->setPlottingHint(QCP::phFastPolylines, false);
    plot_->setPlottingHint(QCP::phCacheLabels, true);  // tick labels as pixmaps (QCustomPlot's default)
    // A new width or a zoom or drag changes the columns to decimate for; the layout is known here,
    // before anything is drawn.
    connect(plot_, &QCustomPlot::afterLayout, this, [this] {
        decimateToView(false);
        fitLegendRows();
    });
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    for (QCPAxisRect* rect : {plot_->axisRect(), rateRect_}) {
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
    }
    plot_->setMouseTracking(true);
    connect(plot_, &QCustomPlot::mouseMove, this, &LagChart::showReadout);
    connect(plot_, &QCustomPlot::legendClick, this,
            [this](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
                if (auto* entry = qobject_cast<QCPPlottableLegendItem*>(item)) {
                    const QString name = entry->plottable()->name();
                    setSeriesVisible(name, !isSeriesVisible(name));
                }
            });
}

void LagChart::setHistory(const model::LagHistory* history) {
    history_ = history;
    scheduleRedraw();
}

void LagChart::setGroup(const QString& group) {
    group_ = group;
    redraw();  // another group: show it at once rather than the previous one's lines
}

void LagChart::setWindowSeconds(int seconds) {
    const int index = window_->findData(seconds);
    if (index >= 0) {
        window_->setCurrentIndex(index);
    }
}

int LagChart::windowSeconds() const { return window_->currentData().toInt(); }

void LagChart::setBreakdown(LagBreakdown breakdown) {
    breakdown_->setCurrentIndex(breakdown_->findData(int(breakdown)));
}

LagBreakdown LagChart::breakdown() const { return LagBreakdown(breakdown_->currentData().toInt()); }

void LagChart::setStacked(bool stacked) { stacked_->setChecked(stacked); }

bool LagChart::stacked() const { return stacked_->isChecked(); }

void LagChart::setPaused(bool paused) {
    if (pause_->isChecked() != paused) {
        pause_->setChecked(paused);  // comes back here through toggled
        return;
    }
    pause_->setText(paused ? tr("Resume") : tr("Pause"));
    if (!paused) {
        pendingWhilePaused_ = false;
        redraw();  // catch up with everything recorded meanwhile, back at the newest time
    }
}

bool LagChart::isPaused() const { return pause_->isChecked(); }

void LagChart::scheduleRedraw() {
    if (isPaused()) {
        pendingWhilePaused_ = true;
        return;
    }
    if (!redrawTimer_->isActive()) {
        redrawTimer_->start();
    }
}

int LagChart::redraw() {
    redrawTimer_->stop();
    ++redraws_;
    data_ = history_ != nullptr && !group_.isEmpty()
                ? readLagChartData(*history_, group_, breakdown(), windowSeconds())
                : LagChartData{};
    syncSeriesGraphs();
    lines_ = stacked() ? stackLines(data_.offsetLag) : data_.offsetLag;
    applyVisibility();
    empty_->setVisible(data_.isEmpty());
    applyTimeRange();
    decimateToView(true);
    applyValueRanges();
    updateCatchUp();
    plot_->replot(QCustomPlot::rpQueuedReplot);
    int points = 0;
    for (const LagLine& line : std::as_const(lines_)) {
        points += int(line.keys.size());
    }
    return points;
}

DecimationView LagChart::currentView() const {
    const QCPRange range = plot_->xAxis->range();
    const qreal ratio = plot_->devicePixelRatioF();
    return {range.lower, range.upper, int(plot_->axisRect()->width() * ratio)};
}

void LagChart::decimateToView(bool force) {
    const DecimationView view = currentView();
    if (!force && view == decimatedFor_) {
        return;
    }
    decimatedFor_ = view;
    for (int i = 0; i < lines_.size() && i < seriesGraphs_.size(); ++i) {
        setLine(seriesGraphs_[i], decimateLine(lines_[i], view));
    }
    setLine(timeGraph_, decimateLine(data_.timeLag, view));
    setLine(produceGraph_, decimateLine(data_.produceRate, view));
    setLine(consumeGraph_, decimateLine(data_.consumeRate, view));
}

void LagChart::syncSeriesGraphs() {
    // Graphs are kept while the lines stay the same, so a poll only swaps their data.
    bool same = seriesGraphs_.size() == data_.offsetLag.size();
    for (int i = 0; same && i < seriesGraphs_.size(); ++i) {
        same = seriesGraphs_[i]->name() == data_.offsetLag[i].name;
    }
    if (!same) {
        for (QCPGraph* graph : std::as_const(seriesGraphs_)) {
            plot_->removeGraph(graph);
        }
        seriesGraphs_.clear();
        for (int i = 0; i < data_.offsetLag.size(); ++i) {
            QCPGraph* graph = plot_->addGraph(plot_->xAxis, plot_->yAxis);
            graph->setName(data_.offsetLag[i].name);
            graph->setPen(QPen(seriesColour(i), data_.offsetLag.size() > kSmoothLinesUpTo ? 1 : 2));
            seriesGraphs_.append(graph);
        }
        timeGraph_->removeFromLegend();
        timeGraph_->addToLegend();  // after the lag lines
        placeLegend();
        // Smoothing dozens of lines costs several times their drawing; at that density it shows little.
        if (seriesGraphs_.size() > kSmoothLinesUpTo) {
            plot_->setNotAntialiasedElements(QCP::aePlottables | QCP::aeFills);
        } else {
            plot_->setNotAntialiasedElements(QCP::aeNone);
        }
    }
    for (int i = 0; i < seriesGraphs_.size(); ++i) {
        QColor fill = seriesColour(i);
        fill.setAlpha(stacked() ? 110 : 40);
        const bool filled = stacked() || seriesGraphs_.size() == 1;
        seriesGraphs_[i]->setBrush(filled ? QBrush(fill) : Qt::NoBrush);
        // Stacked: each band fills down to the line below it, the first one to the axis.
        seriesGraphs_[i]->setChannelFillGraph(stacked() && i > 0 ? seriesGraphs_[i - 1] : nullptr);
    }
}

void LagChart::placeLegend() {
    QCPLegend* legend = plot_->legend;
    const bool beside = seriesGraphs_.size() > kSmoothLinesUpTo;
    if (beside && legendColumn_ == nullptr) {
        plot_->axisRect()->insetLayout()->take(legend);
        legendColumn_ = new QCPLayoutGrid;
        plot_->plotLayout()->addElement(0, 1, legendColumn_);
        plot_->plotLayout()->setColumnStretchFactor(1, 0.001);  // as narrow as the legend
        legendColumn_->addElement(0, 0, legend);
        legendColumn_->addElement(1, 0, new QCPLayoutElement(plot_));  // the rest of the height
        legendColumn_->setRowStretchFactor(0, 0.001);
        QFont compact = plot_->font();
        compact.setPointSizeF(compact.pointSizeF() * kCompactLegendScale);
        legend->setFont(compact);
        legend->setIconSize(18, 8);
    } else if (!beside && legendColumn_ != nullptr) {
        legendColumn_->take(legend);
        plot_->plotLayout()->remove(legendColumn_);
        plot_->plotLayout()->simplify();
        legendColumn_ = nullptr;
        plot_->axisRect()->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignLeft);
        legend->setFont(plot_->font());
        legend->setIconSize(32, 18);  // QCustomPlot's default
        legend->setWrap(0);
    }
    legend->setFillOrder(QCPLayoutGrid::foRowsFirst, true);  // the time lag entry after the lines
    fitLegendRows();
}

void LagChart::fitLegendRows() {
    QCPLegend* legend = plot_->legend;
    if (legendColumn_ == nullptr || legend->itemCount() == 0) {
        return;
    }
    // From the plot's height rather than the legend column's, which the legend itself may stretch.
    const int rowHeight = legend->item(0)->minimumOuterSizeHint().height() + legend->rowSpacing();
    const int height = plot_->height() - legend->margins().top() - legend->margins().bottom() - 4;
    const int rows = std::max(1, (height + legend->rowSpacing()) / rowHeight);
    if (legend->wrap() != rows) {
        legend->setWrap(rows);
        legend->setFillOrder(QCPLayoutGrid::foRowsFirst, true);
        plot_->replot(QCustomPlot::rpQueuedReplot);  // laid out already with the old wrap
    }
}

void LagChart::applyVisibility() {
    const QColor shown = palette().color(QPalette::WindowText);
    const QColor hidden = palette().color(QPalette::PlaceholderText);
    for (int i = 0; i < plot_->graphCount(); ++i) {
        QCPGraph* graph = plot_->graph(i);
        const bool visible = isSeriesVisible(graph->name());
        graph->setVisible(visible);
        QCPAbstractLegendItem* item = plot_->legend->itemWithPlottable(graph);
        if (item == nullptr) {
            item = rateLegend_->itemWithPlottable(graph);
        }
        if (item != nullptr) {
            item->setTextColor(visible ? shown : hidden);
        }
    }
}

void LagChart::setSeriesVisible(const QString& name, bool visible) {
    if (visible) {
        hidden_.remove(name);
    } else {
        hidden_.insert(name);
    }
    applyVisibility();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LagChart::applyTimeRange() {
    if (data_.isEmpty()) {
        return;
    }
    settingRanges_ = true;
    // The window's span, anchored at the newest point, at least a minute wide, so the first few
    // polls draw a line rather than a smear of ticks.
    const double lower = std::min(data_.firstSeconds, data_.lastSeconds - kMinimumSpanSeconds);
    plot_->xAxis->setRange(lower, data_.lastSeconds);
    settingRanges_ = false;
}

void LagChart::applyValueRanges() {
    if (data_.isEmpty()) {
        return;
    }
    // Lag is never negative, and a flat line at zero should sit on the axis, not mid-chart. The
    // decimated lines keep every extreme, so their tops are the data's.
    double lagTop = 0;
    for (QCPGraph* graph : std::as_const(seriesGraphs_)) {
        if (graph->visible()) {
            lagTop = std::max(lagTop, upperOf(graph));
        }
    }
    plot_->yAxis->setRange(0, std::max(lagTop * 1.15, 10.0));
    plot_->yAxis2->setRange(0, std::max(upperOf(timeGraph_) * 1.15, 1.0));
    const double rateTop = std::max(upperOf(produceGraph_), upperOf(consumeGraph_));
    rateRect_->axis(QCPAxis::atLeft)->setRange(0, std::max(rateTop * 1.15, 1.0));
}

void LagChart::updateCatchUp() {
    catchUp_->setText(catchUpText());
    catchUp_->setVisible(!catchUp_->text().isEmpty());
}

int LagChart::seriesCount() const { return int(seriesGraphs_.size()); }

QCPGraph* LagChart::seriesGraph(int index) const { return seriesGraphs_.value(index); }

int LagChart::offsetLagPoints() const { return lines_.isEmpty() ? 0 : int(lines_[0].keys.size()); }

int LagChart::plottedPoints() const {
    int points = 0;
    for (const QCPGraph* graph : seriesGraphs_) {
        points += graph->dataCount();
    }
    return points;
}

int LagChart::timeLagPoints() const { return int(data_.timeLag.keys.size()); }

double LagChart::lastOffsetLag() const {
    return lines_.isEmpty() || lines_[0].values.isEmpty() ? std::nan("") : lines_[0].values.last();
}

double LagChart::lastTimeLagSeconds() const {
    return data_.timeLag.values.isEmpty() ? std::nan("") : data_.timeLag.values.last();
}

}  // namespace tideline::ui
