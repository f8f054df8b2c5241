// How the cluster table models show and sort values that may be unknown, kept alike across models.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
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
