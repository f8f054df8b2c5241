#include "replay/capture_flow.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace tideline::testing {

namespace {
constexpr int kFirstCapturedPort = 19092;  // broker 1 of the captured cluster
}

CaptureFlow loadCaptureFlow(const QString& path) {
    CaptureFlow flow;
    flow.name = QFileInfo(path).completeBaseName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        flow.error = "cannot read " + path;
        return flow;
    }
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const auto line = file.readLine().trimmed();
        if (line.isEmpty()) continue;
        const auto json = QJsonDocument::fromJson(line).object();
        CapturedFrame frame;
        frame.line = lineNumber;
        frame.connection = json["conn"].toInt();
        frame.request = json["dir"].toString() == "request";
        frame.brokerId = json["broker_port"].toInt(kFirstCapturedPort) - kFirstCapturedPort + 1;
        frame.apiKey = static_cast<std::int16_t>(json["api_key"].toInt());
        frame.apiVersion = static_cast<std::int16_t>(json["api_version"].toInt());
        frame.correlationId = json["correlation_id"].toInt();
        const auto whole = QByteArray::fromHex(json["hex"].toString().toLatin1());
        if (whole.size() < 4) {
            flow.error = QString("%1:%2: frame shorter than its size prefix").arg(path).arg(lineNumber);
            return flow;
        }
        frame.frame = whole.mid(4);
        flow.frames.push_back(std::move(frame));
    }
    return flow;
}

QStringList capturedFlowOrder() {
    return {
        // librdkafka (kcat, confluent-kafka-python, the C admin API)
        "librdkafka-kcat-metadata",
        "librdkafka-confluent-admin-create-topic",
        "librdkafka-confluent-admin-create-topic-errors",
        "librdkafka-kcat-produce-none",
        "librdkafka-kcat-produce-gzip",
        "librdkafka-kcat-produce-snappy",
        "librdkafka-kcat-produce-lz4",
        "librdkafka-kcat-produce-zstd",
        "librdkafka-kcat-produce-idempotent",
        "librdkafka-confluent-consume-group",
        "librdkafka-confluent-list-offsets",
        "librdkafka-kcat-list-offsets-by-timestamp",
        "librdkafka-kcat-consume-group",
        "librdkafka-kcat-fetch-offset-out-of-range",
        "librdkafka-kcat-metadata-auto-create-topic",
        "librdkafka-confluent-admin-configs",
        "librdkafka-confluent-admin-list-groups",
        "librdkafka-c-admin-groups",
        "librdkafka-c-admin-delete-records",
        "librdkafka-confluent-admin-create-partitions",
        "librdkafka-confluent-admin-delete-topic",
        // kafka-python
        "kafka-python-connect",
        "kafka-python-admin-create-topic",
        "kafka-python-admin-create-topic-errors",
        "kafka-python-produce-none",
        "kafka-python-produce-gzip",
        "kafka-python-produce-snappy",
        "kafka-python-produce-lz4",
        "kafka-python-produce-zstd",
        "kafka-python-consume-group",
        "kafka-python-list-offsets",
        "kafka-python-fetch-offset-out-of-range",
        "kafka-python-admin-configs",
        "kafka-python-admin-groups",
        "kafka-python-errors-lowlevel",
        "kafka-python-admin-create-partitions",
        "kafka-python-admin-delete-topic",
        // KafkaJS
        "kafkajs-connect",
        "kafkajs-admin-create-topic",
        "kafkajs-admin-create-topic-errors",
        "kafkajs-produce-none",
        "kafkajs-produce-gzip",
        "kafkajs-produce-idempotent",
        "kafkajs-consume-group",
        "kafkajs-list-offsets",
        "kafkajs-admin-configs",
        "kafkajs-admin-groups",
        "kafkajs-admin-create-partitions",
        "kafkajs-admin-delete-topic",
        "kafkajs-admin-delete-records",
        // the Java tools of Kafka 2.4.0
        "java-broker-api-versions",
        "java-topics-create",
        "java-topics-create-errors",
        "java-topics-describe",
        "java-console-producer-none",
        "java-console-producer-gzip",
        "java-console-producer-snappy",
        "java-console-producer-lz4",
        "java-console-producer-zstd",
        "java-console-producer-idempotent",
        "java-console-consumer-group",
        "java-console-consumer-offset-out-of-range",
        "java-consumer-groups-list",
        "java-consumer-groups-describe",
        "java-consumer-groups-reset-offsets",
        "java-consumer-groups-delete-offsets",
        "java-consumer-groups-delete",
        "java-configs-broker",
        "java-configs-broker-alter",
        "java-delete-records",
        "java-get-offset-shell",
        "java-topics-list",
        "java-topics-alter-partitions",
        "java-topics-delete",
        // hand-made frames
        "raw-apiversions-unsupported-version",
        "raw-unknown-api-key-and-version",
    };
}

}  // namespace tideline::testing
