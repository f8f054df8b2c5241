#include "model/operations/record_format.h"

#include <QJsonDocument>
#include <QStringDecoder>

namespace tideline::model {
namespace {

bool hasControlCharacters(const QString& text) {
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control && c != '\t' && c != '\n' && c != '\r') {
            return true;
        }
    }
    return false;
}

DecodedPayload limited(PayloadFormat format, QString text, int maxChars) {
    DecodedPayload payload{format, std::move(text), false};
    if (maxChars >= 0 && payload.text.size() > maxChars) {
        payload.text.truncate(maxChars);
        payload.truncated = true;
    }
    return payload;
}

}  // namespace

QString payloadFormatName(PayloadFormat format) {
    switch (format) {
        case PayloadFormat::Null:
            return QStringLiteral("null");
        case PayloadFormat::Empty:
            return QStringLiteral("empty");
        case PayloadFormat::Json:
            return QStringLiteral("JSON");
        case PayloadFormat::Utf8:
            return QStringLiteral("text");
        case PayloadFormat::Hex:
            return QStringLiteral("hex");
    }
    Q_UNREACHABLE();
}

DecodedPayload decodePayload(const std::optional<QByteArray>& bytes, int maxChars) {
    if (!bytes) {
        return {PayloadFormat::Null, {}, false};
    }
    if (bytes->isEmpty()) {
        return {PayloadFormat::Empty, {}, false};
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(*bytes);
    if (!utf8.hasError()) {
        const QByteArray trimmed = bytes->trimmed();
        if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
            QJsonParseError error;
            const QJsonDocument json = QJsonDocument::fromJson(*bytes, &error);
            if (error.error == QJsonParseError::NoError) {
                return limited(PayloadFormat::Json,
                               QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed(), maxChars);
            }
        }
        if (!hasControlCharacters(text)) {
            return limited(PayloadFormat::Utf8, text, maxChars);
        }
    }
    // Three characters per byte: cut the bytes first, so a large binary value costs little.
    const qsizetype shownBytes =
        maxChars < 0 ? bytes->size() : std::min<qsizetype>(bytes->size(), maxChars / 3 + 1);
    DecodedPayload payload =
        limited(PayloadFormat::Hex, QString::fromLatin1(bytes->first(shownBytes).toHex(' ')), maxChars);
    payload.truncated = payload.truncated || shownBytes < bytes->size();
    return payload;
}

}  // namespace tideline::model
