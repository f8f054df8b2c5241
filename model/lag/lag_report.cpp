#include "model/lag/lag_report.h"

namespace tideline::model {

QString lagVerdictName(LagVerdict verdict) {
    switch (verdict) {
        case LagVerdict::Ok:
            return QStringLiteral("OK");
        case LagVerdict::Lagging:
            return QStringLiteral("LAGGING");
        case LagVerdict::Rewound:
            return QStringLiteral("REWOUND");
        case LagVerdict::Stalled:
            return QStringLiteral("STALLED");
        case LagVerdict::Stopped:
            return QStringLiteral("STOPPED");
    }
    return {};
}

CatchUp catchUpOf(std::optional<qint64> offsetLag, std::optional<double> produceRate,
                  std::optional<double> consumeRate, std::optional<double>* seconds) {
    seconds->reset();
    if (!offsetLag) {
        return CatchUp::Unknown;
    }
    if (*offsetLag == 0) {
        return CatchUp::CaughtUp;
    }
    if (!produceRate || !consumeRate) {
        return CatchUp::Unknown;
    }
    // Below a record a minute the consumer is not catching up in any sense worth a countdown.
    constexpr double kNegligibleAdvantage = 1.0 / 60.0;
    const double advantage = *consumeRate - *produceRate;
    if (advantage < kNegligibleAdvantage) {
        return CatchUp::NotCatchingUp;
    }
    *seconds = static_cast<double>(*offsetLag) / advantage;
    return CatchUp::Catching;
}

void registerLagMetaTypes() { qRegisterMetaType<LagReport>(); }

}  // namespace tideline::model
