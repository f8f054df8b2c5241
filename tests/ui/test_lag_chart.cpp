// The lag chart on a LagHistory filled the way the session fills it (LagReports): its series are the
// history's points per group, topic and partition; the window bounds the time axis; pause holds
// updates and resume catches up; legend clicks, the hover read-out, the catch-up estimate and the
// exports. Prints the redraw time of 50 partitions over 6 hours.
#include <qcustomplot.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <ctime>

#include "gui_test_support.h"
#include "model/lag/history.h"
#include "ui/widgets/lag_chart.h"
#include "ui/widgets/lag_decimation.h"

using namespace tideline::ui;
using tideline::model::GroupLagReport;
using tideline::model::LagHistory;
using tideline::model::LagHistoryPoint;
using tideline::model::LagReport;
using tideline::model::PartitionLagReport;

namespace {

constexpr qint64 kStartMs = 1'790'000'000'000;  // a fixed day, whole minutes
constexpr qint64 kStepMs = 2000;

struct Layout {
    QString topic;
    int partitions;
};

// Poll `poll` of a group reading the given topics: partition p of topic t lags (poll + 1) * (p + 1) + t.
LagReport reportAt(int poll, const QList<Layout>& layout, const QString& group = "billing") {
    LagReport report;
    report.takenAt = QDateTime::fromMSecsSinceEpoch(kStartMs + poll * kStepMs, Qt::UTC);
    GroupLagReport total;
    total.group = group;
    double worstTimeLag = 0;
    for (int t = 0; t < layout.size(); ++t) {
        for (int p = 0; p < layout[t].partitions; ++p) {
            PartitionLagReport partition;
            partition.topic = layout[t].topic;
            partition.partition = p;
            partition.committed = 100;
            partition.highWatermark = 100 + (poll + 1) * (p + 1) + t;
            partition.offsetLag = (poll + 1) * (p + 1) + t;
            partition.timeLagSeconds = 0.5 * (poll + 1) + p;
            partition.produceRate = 3.0;
            partition.consumeRate = 2.0;
            total.offsetLag += *partition.offsetLag;
            worstTimeLag = std::max(worstTimeLag, *partition.timeLagSeconds);
            total.partitions.append(partition);
        }
    }
    total.timeLagSeconds = worstTimeLag;
    const qsizetype count = total.partitions.size();
    total.produceRate = 3.0 * double(count);
    total.consumeRate = 2.0 * double(count);
    report.groups.append(total);
    return report;
}

void fill(LagHistory& history, int polls, const QList<Layout>& layout, int firstPoll = 0) {
    for (int poll = firstPoll; poll < firstPoll + polls; ++poll) {
        history.record(reportAt(poll, layout));
    }
}

// The graph's points as (key, value) pairs, to compare with the history.
QList<QPair<double, double>> pointsOf(const QCPGraph* graph) {
    QList<QPair<double, double>> points;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
        points.append({it->key, it->value});
    }
    return points;
}

QList<QPair<double, double>> offsetLagOf(const QList<LagHistoryPoint>& series) {
    QList<QPair<double, double>> points;
    for (const LagHistoryPoint& point : series) {
        points.append({point.timeMs / 1000.0, double(point.offsetLag)});
    }
    return points;
}

const QList<Layout> kLayout{{"orders", 3}, {"payments", 2}};

// Six hours of polls of a group reading 50 partitions of "orders", as fill() does, with two spikes
// of one poll each: orders/7 at `oldSpikePoll`, in the window's first whole minute, and orders/20 at
// `fineSpikePoll` in the last hour.
constexpr int kSixHoursOfPolls = 6 * 1800;
constexpr int kOldSpikePoll = 30;
constexpr int kFineSpikePoll = kSixHoursOfPolls - 100;
constexpr qint64 kSpike = 1'000'000;
void fillFiftyWithSpikes(LagHistory& history) {
    for (int poll = 0; poll < kSixHoursOfPolls; ++poll) {
        LagReport report = reportAt(poll, {{"orders", 50}});
        for (int spiked : {poll == kOldSpikePoll ? 7 : -1, poll == kFineSpikePoll ? 20 : -1}) {
            if (spiked >= 0) {
                PartitionLagReport& partition = report.groups[0].partitions[spiked];
                report.groups[0].offsetLag += kSpike - *partition.offsetLag;
                partition.offsetLag = kSpike;
            }
        }
        history.record(report);
    }
}

double maxValueOf(const QCPGraph* graph) {
    bool found = false;
    return graph->getValueRange(found).upper;
}

qint64 threadCpuMicros() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}

}  // namespace

class TestLagChart : public QObject {
    Q_OBJECT

private slots:
    void seriesAreTheHistorysPoints() {
        LagHistory history;
        fill(history, 40, kLayout);
        LagChart chart;
        chart.setHistory(&history);
        chart.setGroup("billing");
        chart.setWindowSeconds(0);

        chart.setBreakdown(LagBreakdown::Group);
        QCOMPARE(chart.seriesCount(), 1);
        QCOMPARE(pointsOf(chart.seriesGraph(0)), offsetLagOf(history.series({"billing", {}, -1})));
        QCOMPARE(chart.timeLagPoints(), 40);
        QCOMPARE(chart.lastTimeLagSeconds(), 0.5 * 40 + 2);  // the worst partition's
        QCOMPARE(chart.produceGraph()->dataCount(), 40);
        QCOMPARE((chart.consumeGraph()->data()->constEnd() - 1)->value, 10.0);

        // One line per partition, each exactly that partition's history.
        chart.setBreakdown(LagBreakdown::Partition);
        QCOMPARE(chart.seriesCount(), 5);
        const QList<tideline::model::LagHistoryKey> keys = history.partitionKeys("billing");
        QCOMPARE(keys.size(), 5);
        for (int i = 0; i < keys.size(); ++i) {
            QCOMPARE(chart.seriesGraph(i)->name(),
                     QString("%1/%2").arg(keys[i].topic).arg(keys[i].partition));
            QCOMPARE(pointsOf(chart.seriesGraph(i)), offsetLagOf(history.series(keys[i])));
        }
        QCOMPARE(chart.lastOffsetLag(), 40.0);  // orders/0 at poll 39

        // Per topic: the sum of its partitions at every poll.
        chart.setBreakdown(LagBreakdown::Topic);
        QCOMPARE(chart.seriesCount(), 2);
        QCOMPARE(chart.seriesGraph(0)->name(), QString("orders"));
        QCOMPARE(chart.seriesGraph(1)->name(), QString("payments"));
        const QList<QPair<double, double>> orders = pointsOf(chart.seriesGraph(0));
        QCOMPARE(orders.size(), 40);
        for (int poll = 0; poll < 40; ++poll) {
            QCOMPARE(orders[poll].second, double((poll + 1) * (1 + 2 + 3)));
        }

        // Stacked: the top edge is the group's total.
        chart.setStacked(true);
        QCOMPARE(pointsOf(chart.seriesGraph(1)), offsetLagOf(history.series({"billing", {}, -1})));
        QCOMPARE(chart.seriesGraph(1)->channelFillGraph(), chart.seriesGraph(0));
        chart.setStacked(false);
        QCOMPARE(chart.seriesGraph(1)->channelFillGraph(), nullptr);
        QCOMPARE(pointsOf(chart.seriesGraph(1))[0].second, double(1 + 1 + 2 + 1));
    }

    void followsTheHistoryAtEveryPoll() {
        LagHistory history;
        LagChart chart;
        chart.setHistory(&history);
        chart.setBreakdown(LagBreakdown::Partition);
        chart.setGroup("billing");
        QCOMPARE(chart.seriesCount(), 0);
        for (int poll = 0; poll < 5; ++poll) {
            history.record(reportAt(poll, kLayout));
            chart.scheduleRedraw();
            QTRY_COMPARE_WITH_TIMEOUT(chart.offsetLagPoints(), poll + 1, 2000);
            QCOMPARE(chart.seriesCount(), 5);
        }
        // A partition added to the group gets its own line.
        history.record(reportAt(5, {{"orders", 4}, {"payments", 2}}));
        chart.scheduleRedraw();
        QTRY_COMPARE_WITH_TIMEOUT(chart.seriesCount(), 6, 2000);
    }

    void windowBoundsTheTimeAxis() {
        LagHistory history;
        fill(history, 3600, {{"orders", 1}});  // two hours at one poll every 2 s
        LagChart chart;
        chart.setHistory(&history);
        chart.setGroup("billing");
        const double last = (kStartMs + 3599 * kStepMs) / 1000.0;
        for (int window : {300, 3600}) {
            chart.setWindowSeconds(window);
            const QCPRange range = chart.plot()->xAxis->range();
            QCOMPARE(range.upper, last);
            QCOMPARE(range.lower, last - window);
            QCOMPARE(chart.rateRect()->axis(QCPAxis::atBottom)->range(), range);
            bool found = false;
            const QCPRange keys = chart.seriesGraph(0)->getKeyRange(found);
            QVERIFY(found);
            QVERIFY(keys.lower >= last - window);
            const qint64 fromMs = kStartMs + 3599 * kStepMs - window * 1000;
            const QList<LagHistoryPoint> series = history.series({"billing", {}, -1});
            QCOMPARE(chart.offsetLagPoints(),
                     std::count_if(series.begin(), series.end(),
                                   [&](const auto& point) { return point.timeMs >= fromMs; }));
        }
        chart.setWindowSeconds(0);
        const QList<LagHistoryPoint> all = history.series({"billing", {}, -1});
        chart.setWindowSeconds(6 * 3600);  // longer than the history: the chart starts at its oldest point
        QCOMPARE(chart.plot()->xAxis->range().lower, all.first().timeMs / 1000.0);
        chart.setWindowSeconds(0);
        QCOMPARE(chart.plot()->xAxis->range().lower, all.first().timeMs / 1000.0);
        QCOMPARE(chart.offsetLagPoints(), int(all.size()));
        QVERIFY(all.first().downsampled);  // the first hour is kept per minute
        QVERIFY(!chart.isPaused());        // the chart's own range changes are not the user's
    }

    void pauseHoldsUpdatesAndResumeCatchesUp() {
        LagHistory history;
        fill(history, 10, kLayout);
        LagChart chart;
        chart.setHistory(&history);
        chart.setGroup("billing");
        QCOMPARE(chart.offsetLagPoints(), 10);
        chart.setPaused(true);
        fill(history, 5, kLayout, 10);
        chart.scheduleRedraw();
        QTest::qWait(400);
        QCOMPARE(chart.offsetLagPoints(), 10);
        chart.setPaused(false);
        QCOMPARE(chart.offsetLagPoints(), 15);
        QCOMPARE(chart.plot()->xAxis->range().upper, (kStartMs + 14 * kStepMs) / 1000.0);

        // Dragging or zooming is the user's choice of view: it pauses, so the next poll keeps it.
        const QCPRange zoomed(kStartMs / 1000.0, kStartMs / 1000.0 + 10);
        chart.plot()->xAxis->setRange(zoomed);
        QVERIFY(chart.isPaused());
        fill(history, 3, kLayout, 15);
        chart.scheduleRedraw();
        QTest::qWait(400);
        QCOMPARE(chart.plot()->xAxis->range(), zoomed);
        QCOMPARE(chart.offsetLagPoints(), 15);
        chart.setPaused(false);
        QCOMPARE(chart.offsetLagPoints(), 18);
    }

    void legendClicksHideAndShowLines() {
        LagHistory history;
        fill(history, 20, kLayout);
        LagChart chart;
        chart.resize(900, 500);
        chart.setHistory(&history);
        chart.setBreakdown(LagBreakdown::Partition);
        chart.setGroup("billing");
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.plot()->replot(QCustomPlot::rpImmediateRefresh);

        QCPAbstractLegendItem* item = chart.plot()->legend->itemWithPlottable(chart.seriesGraph(1));
        QVERIFY(item != nullptr);
        const QPoint centre = item->rect().center();
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, centre);
        QVERIFY(!chart.isSeriesVisible("orders/1"));
        QVERIFY(!chart.seriesGraph(1)->visible());
        QVERIFY(!chart.readoutAt(chart.data().lastSeconds).contains("orders/1"));
        chart.redraw();  // stays hidden across polls
        QVERIFY(!chart.seriesGraph(1)->visible());
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, centre);
        QVERIFY(chart.seriesGraph(1)->visible());
        QVERIFY(!chart.isPaused());
    }

    void hoverReadoutAndCatchUp() {
        LagHistory history;
        fill(history, 20, kLayout);
        LagChart chart;
        chart.resize(900, 500);
        chart.setHistory(&history);
        chart.setBreakdown(LagBreakdown::Partition);
        chart.setGroup("billing");
        // At poll 5: orders/2 lags 6 * 3 = 18, payments/1 lags 6 * 2 + 1 = 13; time lag 3 + 2 s.
        const double poll5 = (kStartMs + 5 * kStepMs) / 1000.0;
        const QString readout = chart.readoutAt(poll5 + 0.4);
        QVERIFY2(readout.contains("orders/2: 18 records"), qPrintable(readout));
        QVERIFY2(readout.contains("payments/1: 13 records"), qPrintable(readout));
        QVERIFY2(readout.contains("time lag: 5 s"), qPrintable(readout));
        QVERIFY2(readout.contains("consumed/s 10.0"), qPrintable(readout));

        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
        const QPoint inside = chart.plot()->axisRect()->rect().center();
        QTest::mouseMove(chart.plot(), inside);
        QTRY_VERIFY(chart.plot()->item(0)->visible());  // the tracer on the hovered line

        // Consuming 10/s against 15/s produced: the lag cannot shrink.
        QVERIFY2(chart.catchUpText().contains("not catching up"), qPrintable(chart.catchUpText()));
        const qint64 total = history.series({"billing", {}, -1}).last().offsetLag;
        QCOMPARE(total, qint64(20 * (1 + 2 + 3) + 20 * (1 + 2) + 2));
        QVERIFY(chart.catchUpText().contains(QString("%L1 records behind").arg(total)));
    }

    void catchUpEstimate() {
        LagHistory history;
        LagReport report = reportAt(0, {{"orders", 1}});
        report.groups[0].offsetLag = 3000;
        report.groups[0].produceRate = 20;
        report.groups[0].consumeRate = 50;
        history.record(report);
        LagChart chart;
        chart.setHistory(&history);
        chart.setGroup("billing");
        // 3000 records at a 30/s advantage.
        QVERIFY2(chart.catchUpText().contains("catches up in about 1 min 40 s"),
                 qPrintable(chart.catchUpText()));
        report.takenAt = report.takenAt.addSecs(2);
        report.groups[0].offsetLag = 0;
        history.record(report);
        chart.redraw();
        QVERIFY(chart.catchUpText().startsWith("Caught up"));
    }

    void exportsWriteTheHistory() {
        LagHistory history;
        fill(history, 30, kLayout);
        LagChart chart;
        chart.resize(900, 500);
        chart.setHistory(&history);
        chart.setBreakdown(LagBreakdown::Topic);
        chart.setGroup("billing");
        QTemporaryDir out;
        QString error;
        QVERIFY2(chart.exportCsv(out.filePath("lag.csv"), &error), qPrintable(error));
        QFile csv(out.filePath("lag.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 31);
        QVERIFY(lines.last().contains(QByteArray::number(30 * (1 + 2 + 3) + 30 * (1 + 2) + 2 * 1)));
        QVERIFY(chart.exportPng(out.filePath("lag.png")));
        QVERIFY(testing::distinctColours(QImage(out.filePath("lag.png"))) > 8);
    }

    // Cut to the plot's columns, a line keeps each column's lowest and highest point, so a spike of
    // one poll among six hours of them still reaches its height, and every kept point is a real one.
    void decimationKeepsEveryColumnsExtremes() {
        LagLine line{"p", {}, {}};
        const double start = kStartMs / 1000.0;
        for (int i = 0; i < kSixHoursOfPolls; ++i) {
            line.keys.append(start + 2.0 * i);
            line.values.append(500 + (i * 7919) % 97);  // noise, so no column is a straight line
        }
        line.values[0] = 90'000;     // six hours ago, the window's oldest point
        line.values[4321] = 70'000;  // mid-way
        line.values[7000] = 0;       // a dip
        const DecimationView view{line.keys.first(), line.keys.last(), 1000};
        const LagLine cut = decimateLine(line, view);
        QVERIFY2(cut.keys.size() <= 4 * (view.columns + 1), qPrintable(QString::number(cut.keys.size())));
        QVERIFY(cut.keys.size() < line.keys.size() / 2);
        QVERIFY(std::is_sorted(cut.keys.cbegin(), cut.keys.cend()));
        QCOMPARE(cut.keys.first(), line.keys.first());
        QCOMPARE(cut.keys.last(), line.keys.last());
        QMap<double, double> original;
        for (qsizetype i = 0; i < line.keys.size(); ++i) {
            original.insert(line.keys[i], line.values[i]);
        }
        for (qsizetype i = 0; i < cut.keys.size(); ++i) {
            QVERIFY(original.contains(cut.keys[i]));
            QCOMPARE(cut.values[i], original.value(cut.keys[i]));
        }
        // Per column of the grid, the same lowest and highest values as the full line.
        const double width = (view.upper - view.lower) / view.columns;
        auto extremes = [width](const LagLine& of) {
            QMap<qint64, QPair<double, double>> columns;
            for (qsizetype i = 0; i < of.keys.size(); ++i) {
                const qint64 column = qint64(std::floor(of.keys[i] / width));
                auto it = columns.find(column);
                if (it == columns.end()) {
                    columns.insert(column, {of.values[i], of.values[i]});
                } else {
                    it->first = std::min(it->first, of.values[i]);
                    it->second = std::max(it->second, of.values[i]);
                }
            }
            return columns;
        };
        QCOMPARE(extremes(cut), extremes(line));
        for (double value : {90'000.0, 70'000.0, 0.0}) {
            QVERIFY(cut.values.contains(value));
        }

        // Zoomed in to fewer points than columns: all of them, and one more either side for the edges.
        const LagLine zoomed = decimateLine(line, {line.keys[100], line.keys[200], 1000});
        QCOMPARE(zoomed.keys, line.keys.mid(99, 103));
        QCOMPARE(zoomed.values, line.values.mid(99, 103));
        // A plot never laid out has no width to cut to.
        QCOMPARE(decimateLine(line, {view.lower, view.upper, 0}).keys, line.keys);
    }

    // The app's chart for a group of 50 partitions: 50 lines drawn cut to the plot's width, spikes
    // kept; the hover read-out, the zoom and the CSV still give the history's exact values.
    void fiftyPartitionsDrawnDecimatedReadExactly() {
        LagHistory history;
        fillFiftyWithSpikes(history);
        LagChart chart;
        chart.resize(1200, 600);
        chart.setHistory(&history);
        chart.setWindowSeconds(6 * 3600);
        chart.setBreakdown(LagBreakdown::Partition);
        chart.setGroup("billing");
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(chart.seriesCount(), 50);
        const QList<tideline::model::LagHistoryKey> keys = history.partitionKeys("billing");
        int read = 0;
        for (int i = 0; i < 50; ++i) {
            const QList<LagHistoryPoint> series = history.series(keys[i]);
            const qint64 fromMs = series.last().timeMs - 6 * 3600 * 1000;
            QCOMPARE(chart.lines()[i].keys.size(),
                     std::count_if(series.cbegin(), series.cend(),
                                   [&](const LagHistoryPoint& point) { return point.timeMs >= fromMs; }));
            read += int(chart.lines()[i].keys.size());
        }
        const int columns = chart.plot()->axisRect()->width();
        QVERIFY2(chart.plottedPoints() < read / 2 && chart.plottedPoints() <= 50 * 4 * (columns + 1) + 100,
                 qPrintable(QString("%1 of %2").arg(chart.plottedPoints()).arg(read)));

        // 50 legend entries sit beside the panels, in columns that fit the plot's height, not over the lines.
        QCPLegend* legend = chart.plot()->legend;
        QVERIFY(legend->layout() != chart.plot()->axisRect()->insetLayout());
        QVERIFY(legend->outerRect().left() >= chart.plot()->axisRect()->outerRect().right());
        QVERIFY(legend->outerRect().bottom() <= chart.plot()->rect().bottom() + 1);
        QVERIFY(legend->columnCount() > 1);

        // Both one-poll spikes are drawn at their height: the old one as its minute's worst.
        QCOMPARE(keys[7].partition, 7);
        QCOMPARE(maxValueOf(chart.seriesGraph(7)), double(kSpike));
        QCOMPARE(maxValueOf(chart.seriesGraph(20)), double(kSpike));
        QVERIFY(chart.plot()->yAxis->range().upper >= double(kSpike));
        const double fineSpike = (kStartMs + kFineSpikePoll * kStepMs) / 1000.0;
        QVERIFY(chart.seriesGraph(20)->data()->findBegin(fineSpike, false)->key == fineSpike);

        // Hovering a poll the drawn line skipped reads that poll's exact value.
        const QCPGraph* third = chart.seriesGraph(3);
        int skipped = -1;
        for (int poll = kSixHoursOfPolls - 1; poll > kSixHoursOfPolls - 1800 && skipped < 0; --poll) {
            const double key = (kStartMs + poll * kStepMs) / 1000.0;
            if (third->data()->findBegin(key, false)->key != key) {
                skipped = poll;
            }
        }
        QVERIFY(skipped >= 0);
        const double skippedKey = (kStartMs + skipped * kStepMs) / 1000.0;
        const QString readout = chart.readoutAt(skippedKey + 0.3);
        QVERIFY2(readout.contains(QString("orders/3: %L1 records").arg((skipped + 1) * 4)),
                 qPrintable(readout));
        QVERIFY2(!readout.contains("worst"), qPrintable(readout));
        const double oldMinute = double((kStartMs + kOldSpikePoll * kStepMs) / 60'000 * 60);
        const QString old = chart.readoutAt(oldMinute + 10);
        QVERIFY2(old.contains(QString("orders/7: %L1 records").arg(kSpike)), qPrintable(old));
        QVERIFY2(old.contains("the minute's worst"), qPrintable(old));

        // Zoomed to five minutes, the lines are the history's points again, each one of them.
        const double last = chart.data().lastSeconds;
        chart.plot()->xAxis->setRange(last - 300, last);
        chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QVERIFY(chart.isPaused());
        QList<QPair<double, double>> expected;
        for (const LagHistoryPoint& point : history.series(keys[3])) {
            if (point.timeMs / 1000.0 >= last - 300 - kStepMs / 1000.0) {
                expected.append({point.timeMs / 1000.0, double(point.offsetLag)});
            }
        }
        QCOMPARE(pointsOf(third), expected);

        // The CSV is the group's full history, one row per point, the spike's poll exact.
        QTemporaryDir out;
        QString error;
        QVERIFY2(chart.exportCsv(out.filePath("lag.csv"), &error), qPrintable(error));
        QFile csv(out.filePath("lag.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
        const QList<LagHistoryPoint> total = history.series({"billing", {}, -1});
        QCOMPARE(rows.size(), total.size() + 1);
        const qint64 spikeTotal =
            qint64(kFineSpikePoll + 1) * (50 * 51 / 2) - (kFineSpikePoll + 1) * 21 + kSpike;
        const QByteArray spikeTime =
            QDateTime::fromMSecsSinceEpoch(kStartMs + kFineSpikePoll * kStepMs, Qt::UTC)
                .toString(Qt::ISODateWithMs)
                .toUtf8();
        const auto spikeRow = std::find_if(rows.cbegin(), rows.cend(),
                                           [&](const QByteArray& row) { return row.startsWith(spikeTime); });
        QVERIFY(spikeRow != rows.cend());
        QVERIFY2(spikeRow->split(',').at(1) == QByteArray::number(spikeTotal), spikeRow->constData());

        // What it looks like, for a person to check: TIDELINE_CHART_SHOT=path.png saves it.
        chart.setPaused(false);
        chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
        const QImage shot = chart.grab().toImage();
        if (qEnvironmentVariableIsSet("TIDELINE_CHART_SHOT")) {
            QVERIFY(shot.save(qEnvironmentVariable("TIDELINE_CHART_SHOT")));
        }
        QVERIFY(testing::distinctColours(shot) > 40);

        // Stacked, the top edge is the group's total, the spike included.
        chart.setStacked(true);
        chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(chart.lines().last().values.last(), double(total.last().offsetLag));
        QCOMPARE(maxValueOf(chart.seriesGraph(49)), double(spikeTotal));
        const QImage stackedShot = chart.grab().toImage();
        if (qEnvironmentVariableIsSet("TIDELINE_CHART_SHOT")) {
            QVERIFY(stackedShot.save(
                qEnvironmentVariable("TIDELINE_CHART_SHOT").replace(".png", "-stacked.png")));
        }
        QVERIFY(testing::distinctColours(stackedShot) > 40);

        // Back to one line, the legend is back inside the plot, in one column.
        chart.setBreakdown(LagBreakdown::Group);
        chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(chart.seriesCount(), 1);
        QCOMPARE(legend->layout(), chart.plot()->axisRect()->insetLayout());
        QCOMPARE(legend->columnCount(), 1);
        QVERIFY(chart.plot()->axisRect()->rect().contains(legend->outerRect()));
    }

    // Not a pass/fail timing: prints the figure for docs/performance.md (target: 16 ms).
    void redrawOf50SeriesOver6Hours() {
        LagHistory history;
        QElapsedTimer filling;
        filling.start();
        fill(history, 6 * 1800, {{"orders", 50}});
        const qint64 fillMs = filling.elapsed();
        LagChart chart;
        chart.resize(1200, 600);
        chart.setHistory(&history);
        chart.setWindowSeconds(6 * 3600);
        chart.setBreakdown(LagBreakdown::Partition);
        chart.setGroup("billing");
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCOMPARE(chart.seriesCount(), 50);
        // Wall time and this thread's CPU time: on a shared, loaded machine the first one mostly
        // measures waiting for a core.
        QList<qint64> wall, cpu, reads;
        for (int round = 0; round < 10; ++round) {
            QElapsedTimer timer;
            timer.start();
            const qint64 cpuStart = threadCpuMicros();
            chart.redraw();
            reads.append(threadCpuMicros() - cpuStart);
            chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
            cpu.append(threadCpuMicros() - cpuStart);
            wall.append(timer.nsecsElapsed() / 1000);
        }
        for (QList<qint64>* list : {&wall, &cpu, &reads}) {
            std::sort(list->begin(), list->end());
        }
        qInfo(
            "lag chart, 50 series over 6 h (%d points each), redraw + replot: median %.1f ms CPU (%.1f ms "
            "wall), max %.1f ms CPU; reading the history %.1f ms CPU (history filled in %lld ms)",
            chart.offsetLagPoints(), cpu[5] / 1000.0, wall[5] / 1000.0, cpu.last() / 1000.0,
            reads[5] / 1000.0, fillMs);
    }
};

QTEST_MAIN(TestLagChart)
#include "test_lag_chart.moc"
