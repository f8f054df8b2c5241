// Cuts a lag line down to what a plot can show, so a redraw costs the plot's width rather than the
// history's length: per pixel column, the first, lowest, highest and last point, in time order. Every
// local extreme survives (a one-poll spike still reaches its height), and so does the slope between
// columns. Pure, so it is tested without a widget; the chart keeps the full line for its read-outs.
#pragma once

#include "ui/widgets/lag_series.h"

namespace tideline::ui {

// What a decimation was made for; the chart redoes it only when one of these changes.
struct DecimationView {
    double lower = 0;
    double upper = 0;
    int columns = 0;

    bool operator==(const DecimationView&) const = default;
};

// Below this many columns the plot's width is not known yet (never laid out) and nothing is cut.
inline constexpr int kMinimumDecimationColumns = 32;

// The points of `line` (keys ascending) to draw over view.lower..view.upper in view.columns columns:
// the points inside, at most four per column (a column with four or fewer keeps them all), plus the
// nearest point on either side so the line runs to the plot's edges. Columns sit
// on a grid fixed in time (multiples of the column width), so a window moving with the newest poll
// keeps old points in the same columns and the drawn line does not shimmer.
LagLine decimateLine(const LagLine& line, const DecimationView& view);

}  // namespace tideline::ui
