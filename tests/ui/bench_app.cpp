// Prints the app figures of issue 5 on the scale cluster (10,000 topics x 10 partitions, 1,000
// groups; tests/scale), with the real MainWindow on the offscreen platform and the app's own polling
// intervals: launch to a filled topics table, the longest GUI-thread stall while refreshes arrive
// (a 5 ms heartbeat timer; its lateness is the stall), a filter keystroke on the topics table, a lag
// chart with 50 series over 6 hours redrawn, and the resident memory of the whole process.
// A benchmark, not a test: it fails only when a figure cannot be taken.
//   bench_app [--topics N] [--groups N] [--seconds S] [--bootstrap SERVERS]
#include <qcustomplot.h>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLineEdit>
#include <QMap>
#include <QMouseEvent>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

#include "bench_figures.h"
#include "gui_test_support.h"
#include "model/lag/history.h"
#include "scale_cluster.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/page_request.h"
#include "ui/pages/topics_page.h"
#include "ui/widgets/lag_chart.h"

using namespace tideline;
using populate::ScaleLayout;

namespace {

using tideline::bench::median;
using tideline::bench::residentMegabytes;
using tideline::bench::waitFor;

// The GUI thread's longest stall: a timer due every 5 ms, and how late each tick came.
struct StallProbe {
    static constexpr int kPeriodMs = 5;
    QTimer timer;
    QElapsedTimer clock;
    qint64 lastNs = 0;
    double worstMs = 0;
    int over16 = 0, over50 = 0, ticks = 0;

    void start() {
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(kPeriodMs);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.nsecsElapsed();
            const double lateMs = (now - lastNs) / 1e6 - kPeriodMs;
            lastNs = now;
            ++ticks;
            worstMs = std::max(worstMs, lateMs);
            over16 += lateMs > 16 ? 1 : 0;
            over50 += lateMs > 50 ? 1 : 0;
        });
        clock.start();
        lastNs = 0;
        timer.start();
    }
};

// One poll of a group reading `partitions` partitions of "orders", through LagHistory::record as
// the session records a lag report: a wave per partition with a sawtooth on it, so lines cross.
void recordPoll(model::LagHistory& history, const QString& group, int partitions, qint64 t, qint64 startMs) {
    const double phase = double(t - startMs) / 3.6e6;
    qint64 total = 0;
    for (int p = 0; p < partitions; ++p) {
        model::LagSample sample;
        sample.timeMs = t;
        sample.offsetLag = qint64(500 + 400 * std::sin(phase + p) + (t / 2000 + p) % 37);
        sample.timeLagSeconds = float(sample.offsetLag) / 50.0f;
        sample.produceRate = 100;
        sample.consumeRate = 95;
        total += sample.offsetLag;
        history.record({group, "orders", p}, sample);
    }
    model::LagSample groupSample;
    groupSample.timeMs = t;
    groupSample.offsetLag = total;
    groupSample.timeLagSeconds = float(total) / 2500.0f;
    groupSample.produceRate = 100.0f * float(partitions);
    groupSample.consumeRate = 95.0f * float(partitions);
    history.record({group, {}, -1}, groupSample);
}

// Six hours of polls every 2 s; LagHistory keeps the last hour at full resolution, minutes before it.
void fillSixHours(model::LagHistory& history, const QString& group, int partitions, qint64 endMs) {
    const qint64 startMs = endMs - 6 * 3600 * 1000;
    for (qint64 t = startMs; t <= endMs; t += 2000) recordPoll(history, group, partitions, t, startMs);
}

qint64 threadCpuNs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// Wall-clock and this thread's CPU time of each run of `work`, in ms. On a shared machine the wall
// time mostly measures waiting for a core; the CPU time is the code's own.
struct Timings {
    QList<double> wall, cpu;
    void time(const std::function<void()>& work) {
        QElapsedTimer timer;
        timer.start();
        const qint64 cpuStart = threadCpuNs();
        work();
        cpu.append((threadCpuNs() - cpuStart) / 1e6);
        wall.append(timer.nsecsElapsed() / 1e6);
    }
    QString row() const {
        return QString("%1 wall; %2 CPU").arg(median(wall), 0, 'f', 1).arg(median(cpu), 0, 'f', 1);
    }
};

struct ChartFigures {
    int series = 0, pointsRead = 0, pointsDrawn = 0, runs = 20;
    double residentMb = 0;  // the process with the chart and its history alive
    Timings poll, stacked, zoom, replot, hover;
};

// The app's LagChart for a group reading 50 partitions, per partition (50 lines), over six hours,
// in a 1200x600 widget: a poll's redraw (a new poll recorded, then redraw() and an immediate replot,
// as the chart's timer does), the same stacked, a zoom to a new range, a replot alone, and hovering.
bool measureChart(ChartFigures& figures) {
    constexpr int kPartitions = 50;
    model::LagHistory history;
    const QString group = "bench-group";
    const qint64 endMs = QDateTime::currentMSecsSinceEpoch();
    fillSixHours(history, group, kPartitions, endMs);
    ui::LagChart chart;
    chart.resize(1200, 600);
    chart.show();
    chart.setHistory(&history);
    chart.setWindowSeconds(6 * 3600);
    chart.setBreakdown(ui::LagBreakdown::Partition);
    chart.setGroup(group);
    figures.series = chart.seriesCount();
    if (figures.series != kPartitions) {
        std::fprintf(stderr, "the chart drew %d series for %d partitions\n", figures.series, kPartitions);
        return false;
    }
    QCustomPlot* plot = chart.plot();
    plot->replot(QCustomPlot::rpImmediateRefresh);  // the first draw lays out axes and caches
    qint64 t = endMs;
    auto recordNextPoll = [&] {
        t += 2000;
        recordPoll(history, group, kPartitions, t, endMs - 6 * 3600 * 1000);
    };
    auto redrawNow = [&] {
        chart.redraw();
        plot->replot(QCustomPlot::rpImmediateRefresh);
    };
    for (int i = 0; i < figures.runs; ++i) {
        recordNextPoll();
        figures.poll.time(redrawNow);
    }
    for (int i = 0; i < chart.seriesCount(); ++i) {
        figures.pointsRead += int(chart.data().offsetLag[i].keys.size());
        figures.pointsDrawn += chart.seriesGraph(i)->dataCount();
    }
    chart.setStacked(true);
    for (int i = 0; i < figures.runs; ++i) {
        recordNextPoll();
        figures.stacked.time(redrawNow);
    }
    chart.setStacked(false);
    chart.redraw();
    // Zooming (as the wheel does: a new range, then a queued replot) to ever narrower spans.
    const QCPRange full = plot->xAxis->range();
    for (int i = 0; i < figures.runs; ++i) {
        figures.zoom.time([&] {
            plot->xAxis->setRange(full.lower + i * 300, full.upper);
            plot->replot(QCustomPlot::rpImmediateRefresh);
        });
    }
    for (int i = 0; i < figures.runs; ++i) {
        figures.replot.time([&] { plot->replot(QCustomPlot::rpImmediateRefresh); });
    }
    // The mouse moved across the lag panel: read-out, tracer and the repaint, as the event loop runs
    // them. Sent to the plot directly: with other windows up, a synthesized system move may go elsewhere.
    const QRect panel = plot->axisRect()->rect();
    for (int i = 0; i < figures.runs; ++i) {
        const QPointF at(panel.left() + 20 + i * (panel.width() - 40) / figures.runs, panel.center().y());
        figures.hover.time([&] {
            QMouseEvent move(QEvent::MouseMove, at, plot->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                             Qt::NoModifier);
            QCoreApplication::sendEvent(plot, &move);
            QCoreApplication::processEvents();
        });
    }
    if (plot->itemCount() == 0 || !plot->item(0)->visible()) {
        std::fprintf(stderr, "hovering showed no tracer\n");
        return false;
    }
    figures.residentMb = residentMegabytes();
    return chart.isPaused();  // the zoom paused it, as a user's would
}

void printChartRows(const ChartFigures& chart) {
    std::printf(
        "| lag chart, %d series over 6 h (%d points read, %d drawn), a poll's redraw (ms, median of %d) | "
        "%s | <= 16 |\n",
        chart.series, chart.pointsRead, chart.pointsDrawn, chart.runs, qPrintable(chart.poll.row()));
    std::printf("| the same, stacked (ms, median of %d) | %s | |\n", chart.runs,
                qPrintable(chart.stacked.row()));
    std::printf("| zoom to a new range, replotted (ms, median of %d) | %s | |\n", chart.runs,
                qPrintable(chart.zoom.row()));
    std::printf("| replot alone, nothing changed (ms, median of %d) | %s | |\n", chart.runs,
                qPrintable(chart.replot.row()));
    std::printf(
        "| hover: the mouse moved over the lag panel, read-out and repaint (ms, median of %d) | %s | |\n",
        chart.runs, qPrintable(chart.hover.row()));
}

// Names what kept the GUI thread busy: every event that took longer than 20 ms to handle, by
// receiver class and event type, while `watching` is set.
class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool watching = false;
    QMap<QString, QPair<int, double>> slowEvents;  // "Class/type" -> count, worst ms

    bool notify(QObject* receiver, QEvent* event) override {
        if (!watching) return QApplication::notify(receiver, event);
        QElapsedTimer timer;
        timer.start();
        const int type = event->type();
        const QString what = QString("%1/%2").arg(receiver->metaObject()->className()).arg(type);
        const bool result = QApplication::notify(receiver, event);
        const double ms = timer.nsecsElapsed() / 1e6;
        if (ms > 20) {
            auto& entry = slowEvents[what];
            entry.first += 1;
            entry.second = std::max(entry.second, ms);
        }
        return result;
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    QTemporaryDir settingsDir;
    ui::testing::isolateSettings(settingsDir.path(), "bench_app");
    QStringList args = app.arguments();
    // --chart-only: the lag chart's figures alone, without the scale cluster.
    if (args.removeAll("--chart-only") > 0) {
        ChartFigures chart;
        if (!measureChart(chart)) return 1;
        std::printf("\n| figure | measured | target |\n| --- | ---: | --- |\n");
        printChartRows(chart);
        return 0;
    }
    ScaleLayout layout;
    int seconds = 30;
    const QString attachTo = tideline::bench::readScaleOptions(args, layout, "--seconds", seconds);
    testing::ScaleCluster cluster(layout);
    if (attachTo.isEmpty() && !cluster.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(cluster.error()));
        return 1;
    }
    const QString bootstrap = attachTo.isEmpty() ? cluster.bootstrap() : attachTo;
    std::printf("scale cluster: %d topics x %d partitions, %d groups at %s\n", layout.topics,
                layout.partitions, layout.groups, qPrintable(bootstrap));
    std::fflush(stdout);
    const double rssStart = residentMegabytes();

    // 1. Launch: the window is built, connects with the app's default polling, shows the topics page.
    QElapsedTimer launch;
    launch.start();
    auto window = std::make_unique<ui::MainWindow>();
    const QString key = window->addBootstrapCluster(bootstrap);
    window->selectCluster(key);
    window->showPage({ui::PageId::Topics, {}});
    window->resize(1400, 900);
    window->show();
    QTableView* table = window->topicsPage()->table();
    const int allTopics = layout.topics;  // the page hides __consumer_offsets by default
    if (!waitFor([&] { return table->model()->rowCount() >= allTopics; }, 120'000)) {
        std::fprintf(stderr, "the topics table did not fill: %d rows\n", table->model()->rowCount());
        return 1;
    }
    const double launchMs = launch.nsecsElapsed() / 1e6;
    std::printf("  launch to a filled topics table: %.0f ms\n", launchMs);
    std::fflush(stdout);
    // The rows come from the first, metadata-only snapshot; the messages column and the groups wait
    // for the first full one (every watermark and commit). Both moments are what a user sees.
    ui::ClusterConnection* launched = window->connection(key);
    if (!waitFor([&] { return launched->snapshot() && !launched->snapshot()->metadataOnly; }, 120'000)) {
        std::fprintf(stderr, "no full snapshot arrived\n");
        return 1;
    }
    const double launchFullMs = launch.nsecsElapsed() / 1e6;
    std::printf("  launch to a full snapshot shown (messages, groups): %.0f ms\n", launchFullMs);
    std::fflush(stdout);

    // 2. Stalls while the app polls (offsets every 2 s, metadata every 5 s) with the table in view.
    ui::ClusterConnection* connection = window->connection(key);
    int snapshots = 0, reports = 0;
    QObject::connect(connection, &ui::ClusterConnection::snapshotChanged, [&] { ++snapshots; });
    QObject::connect(connection, &ui::ClusterConnection::lagReportChanged, [&] { ++reports; });
    StallProbe probe;
    probe.start();
    app.watching = true;
    waitFor([] { return false; }, seconds * 1000);
    app.watching = false;
    probe.timer.stop();
    // Nested events count in their outer one too; the innermost slow entry is the culprit.
    for (auto it = app.slowEvents.cbegin(); it != app.slowEvents.cend(); ++it) {
        std::printf("    events over 20 ms: %-60s x%d, worst %.1f ms\n", qPrintable(it.key()),
                    it.value().first, it.value().second);
    }
    std::printf("  %d s of refreshes: %d snapshots, %d lag reports applied; worst stall %.1f ms\n", seconds,
                snapshots, reports, probe.worstMs);
    std::fflush(stdout);
    if (snapshots < 2) {
        std::fprintf(stderr, "too few refreshes arrived\n");
        return 1;
    }

    // 3. Typing a filter into the topics page, one key at a time, each answered before the next.
    QLineEdit* filter = window->topicsPage()->filter();
    filter->setFocus();
    QList<double> keystrokes;
    const QString typed = QString::fromStdString(ScaleLayout::topicName(42)).left(10);  // "scale-0004"
    for (const QChar c : typed) {
        QElapsedTimer keystroke;
        keystroke.start();
        QTest::keyClick(filter, c.toLatin1());
        QCoreApplication::processEvents();  // the table's repaint
        keystrokes.append(keystroke.nsecsElapsed() / 1e6);
    }
    const int filtered = table->model()->rowCount();
    QElapsedTimer clearing;
    clearing.start();
    QTest::keyClick(filter, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(filter, Qt::Key_Backspace);
    QCoreApplication::processEvents();
    const double clearMs = clearing.nsecsElapsed() / 1e6;
    if (filtered != 10 || table->model()->rowCount() != allTopics) {
        std::fprintf(stderr, "filter gave %d rows, clearing it %d\n", filtered, table->model()->rowCount());
        return 1;
    }
    const double rssApp = residentMegabytes();

    // 4. A lag chart with 50 series over 6 hours: the app's LagChart, one line per partition.
    ChartFigures chart;
    if (!measureChart(chart)) {
        std::fprintf(stderr, "the lag chart could not be measured\n");
        return 1;
    }

    std::printf("\n| figure | measured | target |\n| --- | ---: | --- |\n");
    std::printf("| launch to a filled topics table (%d rows) (ms) | %.0f | <= 3000 |\n", allTopics, launchMs);
    std::printf(
        "| launch to the first full snapshot shown: messages, groups, lag (ms) | %.0f | (<= 3000) |\n",
        launchFullMs);
    std::printf(
        "| longest GUI-thread stall over %d s of refreshes (%d snapshots, %d lag reports) (ms) | %.1f | <= "
        "50 |\n",
        seconds, snapshots, reports, probe.worstMs);
    std::printf("| heartbeats later than 16 ms / 50 ms, of %d | %d / %d | |\n", probe.ticks, probe.over16,
                probe.over50);
    std::printf("| filter keystroke on the topics table (ms, median; max of %d) | %.1f; %.1f | <= 100 |\n",
                int(keystrokes.size()), median(keystrokes),
                *std::max_element(keystrokes.begin(), keystrokes.end()));
    std::printf("| clearing the filter: all %d rows back (ms) | %.1f | |\n", allTopics, clearMs);
    printChartRows(chart);
    std::printf("| resident memory, whole app process with the cluster loaded (MB) | %.1f | <= 250 |\n",
                rssApp);
    std::printf("| the same after the chart's 6 h history of 51 keys (MB) | %.1f | |\n", chart.residentMb);
    std::printf("| (process before the window was created: %.1f MB) | | |\n", rssStart);
    window.reset();
    return 0;
}
