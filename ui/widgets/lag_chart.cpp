#include "ui/widgets/lag_chart.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTextStream>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

#include "model/lag/history.h"
#include "ui/theme.h"

namespace tideline::ui {
namespace {

// Long enough to merge the snapshot and lag report of one poll, short enough to feel live.
constexpr int kRedrawDelayMs = 120;
constexpr double kMinimumSpanSeconds = 60;

model::LagHistoryKey groupKey(const QString& group) { return {group, {}, -1}; }

void styleAxis(QCPAxis* axis, const QColor& text, const QColor& grid) {
    axis->setBasePen(QPen(grid));
    axis->setTickPen(QPen(grid));
    axis->setSubTickPen(QPen(grid));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
}

}  // namespace

LagChart::LagChart(QWidget* parent)
    : QWidget(parent),
      plot_(new QCustomPlot(this)),
      window_(new QComboBox(this)),
      empty_(new QLabel(tr("No lag history for this group yet: it fills in with every poll."), this)),
      redrawTimer_(new QTimer(this)) {
    plot_->setObjectName("lagPlot");
    window_->setObjectName("lagWindow");
    window_->addItem(tr("5 min"), 300);
    window_->addItem(tr("1 h"), 3600);
    window_->addItem(tr("6 h"), 6 * 3600);
    window_->addItem(tr("All"), 0);
    window_->setToolTip(tr("How far back the chart reaches"));
    auto* png = new QPushButton(QIcon(":/tideline/icons/export.svg"), tr("PNG…"), this);
    auto* csv = new QPushButton(QIcon(":/tideline/icons/export.svg"), tr("CSV…"), this);
    png->setToolTip(tr("Save the chart as an image"));
    csv->setToolTip(tr("Save the plotted points as comma-separated values"));
    empty_->setForegroundRole(QPalette::PlaceholderText);

    const QColor text = palette().color(QPalette::WindowText);
    const QColor grid = palette().color(QPalette::Mid);
    plot_->setBackground(palette().color(QPalette::Base));
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis, plot_->yAxis2}) {
        styleAxis(axis, text, grid);
    }
    plot_->yAxis2->setVisible(true);
    plot_->yAxis->setLabel(tr("offset lag (records)"));
    plot_->yAxis2->setLabel(tr("time lag (s)"));
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat("HH:mm:ss");
    plot_->xAxis->setTicker(ticker);
    QCPGraph* offset = plot_->addGraph(plot_->xAxis, plot_->yAxis);
    offset->setName(tr("offset lag"));
    offset->setPen(QPen(theme::accent(), 2));
    offset->setBrush(QColor(theme::accent().red(), theme::accent().green(), theme::accent().blue(), 40));
    QCPGraph* time = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
    time->setName(tr("time lag"));
    time->setPen(QPen(theme::warning(), 2, Qt::DashLine));
    plot_->legend->setVisible(true);
    plot_->legend->setBrush(palette().color(QPalette::Base));
    plot_->legend->setTextColor(text);
    plot_->legend->setBorderPen(QPen(grid));
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->axisRect()->setRangeDrag(Qt::Horizontal);
    plot_->axisRect()->setRangeZoom(Qt::Horizontal);
    plot_->setMinimumHeight(200);
    plot_->setToolTip(
        tr("Lag: how many records the group still has to read (offset lag) and how long ago "
           "the oldest unread record was written (time lag)"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("<b>Lag over time</b>"), this));
    bar->addWidget(empty_);
    bar->addStretch(1);
    bar->addWidget(window_);
    bar->addWidget(png);
    bar->addWidget(csv);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(plot_, 1);

    redrawTimer_->setSingleShot(true);
    redrawTimer_->setInterval(kRedrawDelayMs);
    connect(redrawTimer_, &QTimer::timeout, this, &LagChart::redraw);
    connect(window_, &QComboBox::currentIndexChanged, this, &LagChart::scheduleRedraw);
    connect(png, &QPushButton::clicked, this, [this] { chooseAndExport(true); });
    connect(csv, &QPushButton::clicked, this, [this] { chooseAndExport(false); });
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

void LagChart::scheduleRedraw() {
    if (!redrawTimer_->isActive()) {
        redrawTimer_->start();
    }
}

int LagChart::redraw() {
    redrawTimer_->stop();
    ++redraws_;
    QVector<double> offsetKeys, offsetValues, timeKeys, timeValues;
    if (history_ != nullptr && !group_.isEmpty()) {
        const QList<model::LagHistoryPoint> points = history_->series(groupKey(group_));
        const qint64 from = windowSeconds() > 0 && !points.isEmpty()
                                ? points.last().timeMs - qint64(windowSeconds()) * 1000
                                : std::numeric_limits<qint64>::min();
        for (const model::LagHistoryPoint& point : points) {
            if (point.timeMs < from) {
                continue;
            }
            const double seconds = point.timeMs / 1000.0;
            if (point.offsetLag >= 0) {
                offsetKeys.append(seconds);
                offsetValues.append(double(point.offsetLag));
            }
            if (!std::isnan(point.timeLagSeconds)) {
                timeKeys.append(seconds);
                timeValues.append(point.timeLagSeconds);
            }
        }
    }
    plot_->graph(0)->setData(offsetKeys, offsetValues, true);
    plot_->graph(1)->setData(timeKeys, timeValues, true);
    empty_->setVisible(offsetKeys.isEmpty() && timeKeys.isEmpty());
    if (!offsetKeys.isEmpty() || !timeKeys.isEmpty()) {
        plot_->rescaleAxes();
        // Lag is never negative, and a flat line at zero should sit on the axis, not mid-chart.
        plot_->yAxis->setRangeLower(0);
        plot_->yAxis->setRangeUpper(std::max(plot_->yAxis->range().upper * 1.15, 10.0));
        plot_->yAxis2->setRangeLower(0);
        plot_->yAxis2->setRangeUpper(std::max(plot_->yAxis2->range().upper * 1.15, 1.0));
        // At least a minute wide, so the first few polls draw a line rather than a smear of ticks.
        const QCPRange span = plot_->xAxis->range();
        if (span.size() < kMinimumSpanSeconds) {
            plot_->xAxis->setRange(span.upper - kMinimumSpanSeconds, span.upper);
        }
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
    return int(offsetKeys.size());
}

int LagChart::offsetLagPoints() const { return plot_->graph(0)->dataCount(); }
int LagChart::timeLagPoints() const { return plot_->graph(1)->dataCount(); }

double LagChart::lastOffsetLag() const {
    const auto data = plot_->graph(0)->data();
    return data->isEmpty() ? std::nan("") : (data->constEnd() - 1)->value;
}

double LagChart::lastTimeLagSeconds() const {
    const auto data = plot_->graph(1)->data();
    return data->isEmpty() ? std::nan("") : (data->constEnd() - 1)->value;
}

bool LagChart::exportPng(const QString& path) { return plot_->savePng(path, 0, 0, 2.0); }

bool LagChart::exportCsv(const QString& path, QString* error) const {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        *error = file.errorString();
        return false;
    }
    QTextStream out(&file);
    out << "time,offset_lag,offset_lag_max,time_lag_seconds,produce_rate,consume_rate\n";
    auto figure = [](float value) { return std::isnan(value) ? QString() : QString::number(value); };
    auto count = [](qint64 value) { return value < 0 ? QString() : QString::number(value); };
    const QList<model::LagHistoryPoint> points =
        history_ != nullptr ? history_->series(groupKey(group_)) : QList<model::LagHistoryPoint>();
    for (const model::LagHistoryPoint& point : points) {
        out << QDateTime::fromMSecsSinceEpoch(point.timeMs, Qt::UTC).toString(Qt::ISODateWithMs) << ','
            << count(point.offsetLag) << ',' << count(point.offsetLagMax) << ','
            << figure(point.timeLagSeconds) << ',' << figure(point.produceRate) << ','
            << figure(point.consumeRate) << '\n';
    }
    out.flush();
    if (file.error() != QFileDevice::NoError) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void LagChart::chooseAndExport(bool png) {
    const QString suggested =
        QString("%1-lag.%2").arg(group_.isEmpty() ? "group" : group_, png ? "png" : "csv");
    const QString path =
        QFileDialog::getSaveFileName(this, png ? tr("Save chart") : tr("Save data"), suggested,
                                     png ? tr("PNG images (*.png)") : tr("CSV files (*.csv)"));
    if (path.isEmpty()) {
        return;
    }
    QString error;
    const bool ok = png ? exportPng(path) : exportCsv(path, &error);
    if (!ok) {
        QMessageBox::warning(
            this, tr("Export failed"),
            tr("Could not write %1%2").arg(path, error.isEmpty() ? QString() : ": " + error));
    }
}

}  // namespace tideline::ui
