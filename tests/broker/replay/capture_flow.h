// One golden capture flow (tests/data/captures/*.jsonl) as the replay needs it: every frame of a
// real Kafka 2.4.0 cluster's conversation with one client, in wire order.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

namespace tideline::testing {

struct CapturedFrame {
    int line = 0;        // 1-based line in the .jsonl file, for messages
    int connection = 0;  // the capture's TCP connection number
    bool request = true;
    int brokerId = 0;  // the Kafka broker the connection went to (ports 19092-19094 = brokers 1-3)
    std::int16_t apiKey = -1;
    std::int16_t apiVersion = -1;
    std::int32_t correlationId = -1;
    QByteArray frame;  // as it crossed the wire, without the 4-byte size prefix
};

struct CaptureFlow {
    QString name;  // file name without .jsonl
    std::vector<CapturedFrame> frames;
    QString error;  // set when the file could not be read
};

CaptureFlow loadCaptureFlow(const QString& path);

// The flows in the order they ran against the one captured cluster (the shared README's tables):
// each flow starts from the state the ones before it left (topics, records, groups, offsets).
QStringList capturedFlowOrder();

}  // namespace tideline::testing
