#include "model/operations/broker_api_support.h"

#include <QRegularExpression>
#include <cstring>

namespace tideline::model {
namespace {

// librdkafka prefixes a broker's debug lines with its thread and its name:
//   [thrd:127.0.0.1:9092/bootstrap]: 127.0.0.1:9092/bootstrap:   ApiKey DeleteGroups (42) Versions 0..1
const QRegularExpression& brokerPrefix() {
    static const QRegularExpression pattern(R"(\]: (\S+)/(?:\d+|bootstrap):\s+(.*)$)");
    return pattern;
}

const QRegularExpression& apiEntry() {
    static const QRegularExpression pattern(R"(^ApiKey \S+ \((\d+)\) Versions (-?\d+)\.\.(-?\d+)$)");
    return pattern;
}

}  // namespace

std::optional<ApiVersionLogLine> parseApiVersionLogLine(const QString& message) {
    const QRegularExpressionMatch prefix = brokerPrefix().match(message);
    if (!prefix.hasMatch()) {
        return std::nullopt;
    }
    ApiVersionLogLine line;
    line.address = prefix.captured(1);
    const QString body = prefix.captured(2).trimmed();
    if (body == QLatin1String("Broker API support:")) {
        line.startsList = true;
        return line;
    }
    const QRegularExpressionMatch entry = apiEntry().match(body);
    if (!entry.hasMatch()) {
        return std::nullopt;
    }
    line.range =
        ApiVersionRange{entry.captured(1).toInt(), entry.captured(2).toInt(), entry.captured(3).toInt()};
    return line;
}

void BrokerApiSupport::noteLog(const char* facility, const char* message) {
    if (facility == nullptr || message == nullptr || std::strcmp(facility, "APIVERSION") != 0) {
        return;
    }
    const std::optional<ApiVersionLogLine> line = parseApiVersionLogLine(QString::fromUtf8(message));
    if (!line) {
        return;
    }
    QMutexLocker lock(&mutex_);
    QList<ApiVersionRange>& apis = apis_[line->address];
    if (line->startsList) {
        apis.clear();
    } else if (line->range) {
        apis.append(*line->range);
    }
}

std::optional<bool> BrokerApiSupport::supports(const QString& address, int apiKey, int minVersion,
                                               int maxVersion) const {
    QMutexLocker lock(&mutex_);
    const auto found = apis_.constFind(address);
    if (found == apis_.cend() || found->isEmpty()) {
        return std::nullopt;
    }
    for (const ApiVersionRange& range : *found) {
        if (range.apiKey == apiKey) {
            return range.minVersion <= maxVersion && range.maxVersion >= minVersion;
        }
    }
    return false;
}

}  // namespace tideline::model
