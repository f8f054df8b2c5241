// Browsed records as files to share: JSON (an array of objects, payloads as text when they are
// UTF-8 and base64 otherwise) and CSV (RFC 4180 quoting, payloads as shown in the table).
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "model/operations/operation_types.h"

namespace tideline::ui {

QByteArray recordsToJson(const QString& topic, const QList<model::BrowsedRecord>& records);
QByteArray recordsToCsv(const QList<model::BrowsedRecord>& records);

}  // namespace tideline::ui
