// How the cluster table models show and sort values that may be unknown, kept alike across models.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <iterator>
#include <optional>

namespace tideline::model::table_values {

// Shown where a number is not known yet (first poll pending, broker did not answer).
inline const QString kUnknown = QStringLiteral("–");

template <typename T>
QVariant raw(const std::optional<T>& value) {
    return value ? QVariant::fromValue(*value) : QVariant();
}

// Unknown values sort before every known one, which are never negative.
template <typename T>
QVariant sortKey(const std::optional<T>& value) {
    return value ? QVariant::fromValue(*value) : QVariant::fromValue(T(-1));
}

inline QString count(std::optional<qint64> value) { return value ? QString::number(*value) : kUnknown; }

inline QString rate(std::optional<double> perSecond) {
    return perSecond ? QString::number(*perSecond, 'f', 1) + QStringLiteral("/s") : kUnknown;
}

// Bytes in binary units: "512 B", "3.4 KiB", "120.0 MiB", "1.25 GiB".
inline QString bytes(std::optional<qint64> value) {
    if (!value) {
        return kUnknown;
    }
    static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    if (*value < 1024) {
        return QString::number(*value) + QStringLiteral(" B");
    }
    double scaled = double(*value) / 1024;
    int unit = 0;
    while (scaled >= 1024 && unit + 1 < int(std::size(kUnits))) {
        scaled /= 1024;
        ++unit;
    }
    return QString::number(scaled, 'f', scaled < 10 ? 2 : 1) + ' ' + QLatin1String(kUnits[unit]);
}

// A time lag: "45 s", "3 min 20 s", "2.5 h"; "≥ " in front of a lower bound.
inline QString duration(std::optional<double> seconds, bool atLeast = false) {
    if (!seconds) {
        return kUnknown;
    }
    const double s = *seconds;
    QString text;
    if (s < 90) {
        text = QString::number(qRound64(s)) + QStringLiteral(" s");
    } else if (s < 3600) {
        const qint64 whole = qRound64(s);
        text = QStringLiteral("%1 min %2 s").arg(whole / 60).arg(whole % 60);
    } else if (s < 48 * 3600) {
        text = QString::number(s / 3600, 'f', 1) + QStringLiteral(" h");
    } else {
        text = QString::number(s / 86400, 'f', 1) + QStringLiteral(" days");
    }
    return atLeast ? QStringLiteral("≥ ") + text : text;
}

inline QString brokerIds(const QList<qint32>& ids) {
    QStringList parts;
    parts.reserve(ids.size());
    for (qint32 id : ids) {
        parts.append(QString::number(id));
    }
    return parts.join(QStringLiteral(", "));
}

inline QVariantList brokerIdList(const QList<qint32>& ids) {
    QVariantList list;
    list.reserve(ids.size());
    for (qint32 id : ids) {
        list.append(id);
    }
    return list;
}

}  // namespace tideline::model::table_values
