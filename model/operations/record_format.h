// How a browsed record's key, value or header is shown: JSON, UTF-8 text or hex, decided from the
// bytes themselves, since Kafka records carry no content type.
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace tideline::model {

enum class PayloadFormat {
    Null,   // no bytes at all (a null key, a tombstone)
    Empty,  // zero bytes
    Json,   // UTF-8 that parses as a JSON object or array
    Utf8,   // other valid UTF-8 without control characters (tabs and line breaks allowed)
    Hex,    // anything else
};
QString payloadFormatName(PayloadFormat format);

struct DecodedPayload {
    PayloadFormat format = PayloadFormat::Null;
    QString text;            // JSON indented, UTF-8 as is, hex as "de ad be ef"
    bool truncated = false;  // text was cut at maxChars

    bool operator==(const DecodedPayload&) const = default;
};

DecodedPayload decodePayload(const std::optional<QByteArray>& bytes, int maxChars = 64 * 1024);

}  // namespace tideline::model
