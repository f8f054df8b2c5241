// What the lag history keeps per poll and per downsampled minute, as callers see it.
#pragma once

#include <QtGlobal>
#include <limits>

namespace tideline::model {

inline constexpr float kUnknownFigure = std::numeric_limits<float>::quiet_NaN();

// One poll, as recorded and read back. Stored packed (compact_lag_series.h), not as this struct.
struct LagSample {
    qint64 timeMs = 0;
    qint64 offsetLag = -1;  // -1: unknown
    float timeLagSeconds = kUnknownFigure;
    float produceRate = kUnknownFigure;
    float consumeRate = kUnknownFigure;

    bool operator==(const LagSample& other) const;
};

// One downsampled minute: averages of the known values, and the worst lags, since a chart over hours
// must still show a spike that lasted seconds.
struct LagMinute {
    qint64 startMs = 0;
    qint64 offsetLag = -1;
    qint64 offsetLagMax = -1;
    float timeLagSeconds = kUnknownFigure;
    float timeLagSecondsMax = kUnknownFigure;
    float produceRate = kUnknownFigure;
    float consumeRate = kUnknownFigure;
    qint32 samples = 0;

    bool operator==(const LagMinute& other) const;
};

}  // namespace tideline::model
