// What the lag chart plots, read from a LagHistory for one group: the offset lag broken down as the
// user chose (the group's total, per topic or per partition), the group's time lag, and its produce
// and consume rates, cut to a time window that ends at the newest point. Pure, so it is tested
// without a widget and could be computed off the GUI thread.
#pragma once

#include <QList>
#include <QString>
#include <QVector>
#include <limits>

namespace tideline::model {
class LagHistory;
}

namespace tideline::ui {

enum class LagBreakdown { Group, Topic, Partition };

// One line: keys are seconds since the epoch, values without the unknowns (gaps are not zeros).
struct LagLine {
    QString name;
    QVector<double> keys;
    QVector<double> values;
};

// Where the history keeps minutes rather than polls, the lag lines hold each minute's worst (the rates
// its average), so a spike that lasted one poll still shows hours later.
struct LagChartData {
    QList<LagLine> offsetLag;  // one per group, topic or partition, named for the legend
    LagLine timeLag;           // seconds, the group's worst partition
    LagLine produceRate;       // records/s appended to the group's partitions
    LagLine consumeRate;       // records/s committed past by the group
    // The window's ends in seconds (the start no earlier than the oldest point); NaN without history.
    double firstSeconds = std::numeric_limits<double>::quiet_NaN();
    double lastSeconds = std::numeric_limits<double>::quiet_NaN();
    // Points before this key stand for a downsampled minute.
    double fullResolutionFromSeconds = std::numeric_limits<double>::infinity();
    bool isEmpty() const { return !(lastSeconds == lastSeconds); }
};

// windowSeconds <= 0: everything the history keeps.
LagChartData readLagChartData(const model::LagHistory& history, const QString& group, LagBreakdown breakdown,
                              int windowSeconds);

// Each line plus those before it, at every key of its own; a key missing from an earlier line
// counts as nothing there. The first line is unchanged.
QList<LagLine> stackLines(const QList<LagLine>& lines);

// The value of `line` at the point nearest to `key`, and that point's key; false when the line is
// empty. For the hover read-out.
bool nearestPoint(const LagLine& line, double key, double* pointKey, double* value);

}  // namespace tideline::ui
