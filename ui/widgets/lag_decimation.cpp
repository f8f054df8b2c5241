#include "ui/widgets/lag_decimation.h"

#include <algorithm>
#include <cmath>

namespace tideline::ui {
namespace {

// Where the kept points go: written through raw pointers into storage sized for the most a line can
// keep, then cut to what was kept; appending one by one cost more than the scan itself.
struct Output {
    const LagLine& line;
    double* keys;
    double* values;
    qsizetype count = 0;

    void take(qsizetype index) {
        keys[count] = line.keys[index];
        values[count] = line.values[index];
        ++count;
    }
};

// One column's points: indices into the line, flushed in time order without repeats.
struct Column {
    qsizetype first = -1, lowest = -1, highest = -1, last = -1;

    void add(const double* values, qsizetype i) {
        if (first < 0) {
            first = lowest = highest = i;
        } else if (values[i] < values[lowest]) {
            lowest = i;
        } else if (values[i] > values[highest]) {
            highest = i;
        }
        last = i;
    }

    void flush(Output& out) {
        if (first < 0) {
            return;
        }
        qsizetype picked[] = {first, lowest, highest, last};
        std::sort(std::begin(picked), std::end(picked));
        qsizetype previous = -1;
        for (const qsizetype index : picked) {
            if (index != previous) {
                out.take(index);
                previous = index;
            }
        }
        *this = {};
    }
};

}  // namespace

LagLine decimateLine(const LagLine& line, const DecimationView& view) {
    if (view.columns < kMinimumDecimationColumns || !(view.upper > view.lower)) {
        return line;
    }
    const auto keysBegin = line.keys.cbegin();
    const qsizetype begin = std::lower_bound(keysBegin, line.keys.cend(), view.lower) - keysBegin;
    const qsizetype end = std::upper_bound(keysBegin, line.keys.cend(), view.upper) - keysBegin;
    // A point either side, so the line runs off the edges instead of stopping short of them.
    const qsizetype from = std::max<qsizetype>(begin - 1, 0);
    const qsizetype to = std::min<qsizetype>(end + 1, line.keys.size());
    LagLine out{line.name, {}, {}};
    // The grid is fixed in time, so the range can touch one column more than it holds.
    const qsizetype most = std::min<qsizetype>(to - from, 4 * (qsizetype(view.columns) + 1) + 2);
    out.keys.resize(most);
    out.values.resize(most);
    Output kept{line, out.keys.data(), out.values.data()};
    if (from < begin) {
        kept.take(from);
    }
    const double* keys = line.keys.constData();
    const double* values = line.values.constData();
    const double width = (view.upper - view.lower) / view.columns;
    Column column;
    double columnIndex = std::nan("");
    for (qsizetype i = begin; i < end; ++i) {
        const double index = std::floor(keys[i] / width);
        if (index != columnIndex) {
            column.flush(kept);
            columnIndex = index;
        }
        column.add(values, i);
    }
    column.flush(kept);
    if (end < to) {
        kept.take(end);
    }
    out.keys.resize(kept.count);
    out.values.resize(kept.count);
    return out;
}

}  // namespace tideline::ui
