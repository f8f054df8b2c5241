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
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cstdio>

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

// Runs the event loop (idle, not spinning) until `done` holds, checked every 2 ms, or `timeoutMs` passed.
bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    if (done()) return true;
    QEventLoop loop;
    QTimer check;
    QElapsedTimer timer;
    timer.start();
    QObject::connect(&check, &QTimer::timeout, [&] {
        if (done() || timer.elapsed() > timeoutMs) loop.quit();
    });
    check.start(2);
    loop.exec();
    return done();
}

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

// Six hours of polls every 2 s for a group and 50 of its partitions, through LagHistory::record,
// which keeps the last hour at full resolution and minutes before it.
void fillSixHours(model::LagHistory& history, const QString& group, int partitions, qint64 endMs) {
    const qint64 startMs = endMs - 6 * 3600 * 1000;
    for (qint64 t = startMs; t <= endMs; t += 2000) {
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
        history.record({group, {}, -1}, groupSample);
    }
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
    ScaleLayout layout;
    int seconds = 30;
    const QString attachTo = tideline::bench::readScaleOptions(app.arguments(), layout, "--seconds", seconds);
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

    // 4. A lag chart with 50 series over 6 hours: the app's LagChart (group offset lag and time lag)
    // plus 48 partition lines on its plot, all read from a LagHistory.
    model::LagHistory history;
    const QString group = "bench-group";
    fillSixHours(history, group, 48, QDateTime::currentMSecsSinceEpoch());
    ui::LagChart chart;
    chart.resize(1200, 600);
    chart.show();
    chart.setHistory(&history);
    chart.setGroup(group);
    chart.setWindowSeconds(6 * 3600);
    QCustomPlot* plot = chart.plot();
    while (plot->graphCount() < 50) plot->addGraph();
    int points = 0;
    auto redrawAll = [&] {
        points = chart.redraw();
        for (int p = 0; p < 48; ++p) {
            QVector<double> keys, values;
            for (const model::LagHistoryPoint& point : history.series({group, "orders", p})) {
                keys.append(point.timeMs / 1000.0);
                values.append(double(point.offsetLag));
            }
            points += int(keys.size());
            plot->graph(2 + p)->setData(keys, values, true);
        }
        plot->replot(QCustomPlot::rpImmediateRefresh);
    };
    redrawAll();  // the first draw lays out axes and caches
    QList<double> redraws;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer redraw;
        redraw.start();
        redrawAll();
        redraws.append(redraw.nsecsElapsed() / 1e6);
    }
    // The same without antialiasing of the lines, which QCustomPlot draws at a fraction of the cost.
    plot->setNotAntialiasedElements(QCP::aePlottables);
    redrawAll();
    QList<double> plainRedraws;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer redraw;
        redraw.start();
        redrawAll();
        plainRedraws.append(redraw.nsecsElapsed() / 1e6);
    }
    // And only the replot, the data already set: the part a chart pays when nothing but the view changes.
    QList<double> replots;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer redraw;
        redraw.start();
        plot->replot(QCustomPlot::rpImmediateRefresh);
        replots.append(redraw.nsecsElapsed() / 1e6);
    }
    const double rssEnd = residentMegabytes();

    std::printf("\n| figure | measured | target |\n| --- | ---: | --- |\n");
    std::printf("| launch to a filled topics table (%d rows) (ms) | %.0f | <= 3000 |\n", allTopics, launchMs);
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
    std::printf("| lag chart, 50 series over 6 h (%d points), redrawn (ms, median of %d) | %.1f | <= 16 |\n",
                points, int(redraws.size()), median(redraws));
    std::printf("| the same, lines not antialiased (ms, median of %d) | %.1f | |\n", int(plainRedraws.size()),
                median(plainRedraws));
    std::printf("| replot alone, data unchanged, not antialiased (ms, median of %d) | %.1f | |\n",
                int(replots.size()), median(replots));
    std::printf("| resident memory, whole app process with the cluster loaded (MB) | %.1f | <= 250 |\n",
                rssApp);
    std::printf("| the same after the chart's 6 h history of 49 keys (MB) | %.1f | |\n", rssEnd);
    std::printf("| (process before the window was created: %.1f MB) | | |\n", rssStart);
    window.reset();
    return 0;
}
