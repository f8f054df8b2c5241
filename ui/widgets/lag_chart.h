// A consumer group's lag over time from the session's LagHistory: offset lag (records) on the left
// axis, time lag (seconds) on the right, over 5 min, 1 h, 6 h or everything kept. Updates are
// coalesced by a single-shot timer, so a burst of reports costs one redraw.
#pragma once

#include <QString>
#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QTimer;

namespace tideline::model {
class LagHistory;
}

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

    // Asks for a redraw; several requests before the timer fires make one.
    void scheduleRedraw();
    // Draws now; returns the number of points plotted for offset lag.
    int redraw();

    int offsetLagPoints() const;
    int timeLagPoints() const;
    // The newest plotted values; NaN when nothing is plotted.
    double lastOffsetLag() const;
    double lastTimeLagSeconds() const;
    int redrawCount() const { return redraws_; }
    QCustomPlot* plot() const { return plot_; }

    bool exportPng(const QString& path);
    // time (ISO 8601, UTC), offset lag, max offset lag, time lag s, produce and consume rates.
    bool exportCsv(const QString& path, QString* error) const;

private:
    void chooseAndExport(bool png);

    QCustomPlot* plot_;
    QComboBox* window_;
    QLabel* empty_;
    QTimer* redrawTimer_;
    const model::LagHistory* history_ = nullptr;
    QString group_;
    int redraws_ = 0;
};

}  // namespace tideline::ui
