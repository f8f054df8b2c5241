#include "ui/widgets/lag_series.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "model/lag/history.h"

namespace tideline::ui {
namespace {

using model::LagHistoryKey;
using model::LagHistoryPoint;

double secondsOf(qint64 timeMs) { return double(timeMs) / 1000.0; }

void append(LagLine& line, qint64 timeMs, double value) {
    line.keys.append(secondsOf(timeMs));
    line.values.append(value);
}

// Offset lag of every known point at or after `fromMs`: for a downsampled minute its worst, so a
// spike of one poll hours ago still reaches its height (a full-resolution point's worst is itself).
LagLine offsetLine(const QString& name, const QList<LagHistoryPoint>& points, qint64 fromMs) {
    LagLine line{name, {}, {}};
    // Written through pointers into room for every point, then cut: a chart reads 50 of these a poll.
    line.keys.resize(points.size());
    line.values.resize(points.size());
    double* keys = line.keys.data();
    double* values = line.values.data();
    qsizetype count = 0;
    for (const LagHistoryPoint& point : points) {
        if (point.timeMs >= fromMs && point.offsetLagMax >= 0) {
            keys[count] = secondsOf(point.timeMs);
            values[count] = double(point.offsetLagMax);
            ++count;
        }
    }
    line.keys.resize(count);
    line.values.resize(count);
    return line;
}

LagLine figureLine(const QString& name, const QList<LagHistoryPoint>& points, qint64 fromMs,
                   float LagHistoryPoint::*figure) {
    LagLine line{name, {}, {}};
    line.keys.reserve(points.size());
    line.values.reserve(points.size());
    for (const LagHistoryPoint& point : points) {
        if (point.timeMs >= fromMs && !std::isnan(point.*figure)) {
            append(line, point.timeMs, double(point.*figure));
        }
    }
    return line;
}

// A topic's lag at a time is the sum over its partitions sampled at that time; all partitions of a
// group are sampled by the same poll, so their times coincide.
QList<LagLine> topicLines(const model::LagHistory& history, const QList<LagHistoryKey>& keys, qint64 fromMs) {
    std::map<QString, std::map<qint64, qint64>> sums;
    for (const LagHistoryKey& key : keys) {
        std::map<qint64, qint64>& topic = sums[key.topic];
        for (const LagHistoryPoint& point : history.series(key)) {
            if (point.timeMs >= fromMs && point.offsetLagMax >= 0) {
                topic[point.timeMs] += point.offsetLagMax;
            }
        }
    }
    QList<LagLine> lines;
    for (const auto& [topic, points] : sums) {
        LagLine line{topic, {}, {}};
        for (const auto& [timeMs, lag] : points) {
            append(line, timeMs, double(lag));
        }
        lines.append(line);
    }
    return lines;
}

}  // namespace

LagChartData readLagChartData(const model::LagHistory& history, const QString& group, LagBreakdown breakdown,
                              int windowSeconds) {
    LagChartData data;
    const QList<LagHistoryPoint> total = history.series({group, {}, -1});
    if (total.isEmpty()) {
        return data;
    }
    const qint64 lastMs = total.last().timeMs;
    const qint64 fromMs =
        windowSeconds > 0 ? lastMs - qint64(windowSeconds) * 1000 : std::numeric_limits<qint64>::min();
    data.lastSeconds = secondsOf(lastMs);
    // A history shorter than the window fills the chart rather than its right edge.
    data.firstSeconds = secondsOf(std::max(fromMs, total.first().timeMs));

    switch (breakdown) {
        case LagBreakdown::Group:
            data.offsetLag.append(offsetLine(group, total, fromMs));
            break;
        case LagBreakdown::Topic:
            data.offsetLag = topicLines(history, history.partitionKeys(group), fromMs);
            break;
        case LagBreakdown::Partition:
            for (const LagHistoryKey& key : history.partitionKeys(group)) {
                data.offsetLag.append(offsetLine(QString("%1/%2").arg(key.topic).arg(key.partition),
                                                 history.series(key), fromMs));
            }
            break;
    }
    data.timeLag = figureLine(QStringLiteral("time lag"), total, fromMs, &LagHistoryPoint::timeLagSecondsMax);
    const auto fine =
        std::find_if(total.cbegin(), total.cend(), [](const auto& point) { return !point.downsampled; });
    data.fullResolutionFromSeconds =
        fine != total.cend() ? secondsOf(fine->timeMs) : std::numeric_limits<double>::infinity();
    data.produceRate = figureLine(QStringLiteral("produced/s"), total, fromMs, &LagHistoryPoint::produceRate);
    data.consumeRate = figureLine(QStringLiteral("consumed/s"), total, fromMs, &LagHistoryPoint::consumeRate);
    return data;
}

QList<LagLine> stackLines(const QList<LagLine>& lines) {
    QList<LagLine> stacked;
    stacked.reserve(lines.size());
    // The running sum at every key seen so far, keys ascending; each line is merged into it in one
    // pass, since every line's keys ascend too (a map here cost more than drawing the lines).
    QVector<double> belowKeys, belowValues, mergedKeys, mergedValues;
    for (const LagLine& line : lines) {
        LagLine out{line.name, line.keys, line.values};
        mergedKeys.clear();
        mergedValues.clear();
        mergedKeys.reserve(belowKeys.size() + out.keys.size());
        mergedValues.reserve(belowKeys.size() + out.keys.size());
        qsizetype below = 0;
        for (qsizetype i = 0; i < out.keys.size(); ++i) {
            const double key = out.keys[i];
            for (; below < belowKeys.size() && belowKeys[below] < key; ++below) {
                mergedKeys.append(belowKeys[below]);
                mergedValues.append(belowValues[below]);
            }
            if (below < belowKeys.size() && belowKeys[below] == key) {
                out.values[i] += belowValues[below++];
            }
            mergedKeys.append(key);
            mergedValues.append(out.values[i]);
        }
        for (; below < belowKeys.size(); ++below) {
            mergedKeys.append(belowKeys[below]);
            mergedValues.append(belowValues[below]);
        }
        belowKeys.swap(mergedKeys);
        belowValues.swap(mergedValues);
        stacked.append(std::move(out));
    }
    return stacked;
}

bool nearestPoint(const LagLine& line, double key, double* pointKey, double* value) {
    if (line.keys.isEmpty()) {
        return false;
    }
    auto it = std::lower_bound(line.keys.cbegin(), line.keys.cend(), key);
    if (it == line.keys.cend() || (it != line.keys.cbegin() && key - *(it - 1) < *it - key)) {
        --it;
    }
    const qsizetype index = it - line.keys.cbegin();
    *pointKey = line.keys[index];
    *value = line.values[index];
    return true;
}

}  // namespace tideline::ui
