#include "ui/pages/messages/record_export.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

#include "ui/pages/messages/records_model.h"

namespace tideline::ui {
namespace {

// Text when the bytes are valid UTF-8 (so that a reader sees the payload), base64 otherwise, and
// null for a null payload; the encoding is named so the file can be read back exactly.
void putPayload(QJsonObject& object, const QString& field, const std::optional<QByteArray>& bytes) {
    if (!bytes) {
        object.insert(field, QJsonValue::Null);
        return;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(*bytes);
    if (!decoder.hasError()) {
        object.insert(field, text);
    } else {
        object.insert(field, QString::fromLatin1(bytes->toBase64()));
        object.insert(field + "Encoding", "base64");
    }
}

QString csvField(QString text) {
    if (text.contains(',') || text.contains('"') || text.contains('\n') || text.contains('\r')) {
        return '"' + text.replace('"', "\"\"") + '"';
    }
    return text;
}

QString csvPayload(const std::optional<QByteArray>& bytes) {
    return bytes ? QString::fromUtf8(*bytes) : QString();
}

}  // namespace

QByteArray recordsToJson(const QString& topic, const QList<model::BrowsedRecord>& records) {
    QJsonArray array;
    for (const model::BrowsedRecord& record : records) {
        QJsonObject object;
        object.insert("topic", topic);
        object.insert("partition", record.partition);
        object.insert("offset", record.offset);
        object.insert("timestamp", record.timestampMs);
        putPayload(object, "key", record.key);
        putPayload(object, "value", record.value);
        QJsonArray headers;
        for (const model::RecordHeader& header : record.headers) {
            QJsonObject entry;
            entry.insert("key", header.key);
            putPayload(entry, "value", header.value);
            headers.append(entry);
        }
        object.insert("headers", headers);
        array.append(object);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QByteArray recordsToCsv(const QList<model::BrowsedRecord>& records) {
    QString out = "partition,offset,timestamp,key,value,headers\r\n";
    for (const model::BrowsedRecord& record : records) {
        out += QString("%1,%2,%3,%4,%5,%6\r\n")
                   .arg(record.partition)
                   .arg(record.offset)
                   .arg(csvField(RecordsModel::timestampText(record.timestampMs)),
                        csvField(csvPayload(record.key)), csvField(csvPayload(record.value)),
                        csvField(RecordsModel::headersText(record.headers)));
    }
    return out.toUtf8();
}

}  // namespace tideline::ui
