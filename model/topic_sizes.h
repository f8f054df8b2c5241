// Bytes on disk per topic, read with DescribeLogDirs (one request per broker, for all of its
// partitions) through the model's own wire client: librdkafka 2.0.2 has no DescribeLogDirs call.
// Blocking; run on the session thread after a snapshot went out. Internal to the model library.
#pragma once

#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QString>

#include "model/operations/kafka_wire_client.h"
#include "model/snapshot.h"

class QThreadPool;

namespace tideline::model {

// What one broker reported: bytes per partition of each topic it holds a replica of (current
// replicas only, not the future ones of a move between log dirs), or why it reported nothing.
struct BrokerReplicaSizes {
    qint32 brokerId = -1;
    QString error;  // empty when it answered
    QHash<QString, QHash<qint32, qint64>> bytes;
};

// Asks one broker for the sizes of all its replicas.
BrokerReplicaSizes readBrokerReplicaSizes(const BrokerInfo& broker, const WireSecurity& security,
                                          QDeadlineTimer deadline);

// Asks every broker at once, on `pool`, each bounded by `timeout`.
QList<BrokerReplicaSizes> readReplicaSizes(const QList<BrokerInfo>& brokers, const WireSecurity& security,
                                           std::chrono::milliseconds timeout, QThreadPool* pool);

// The size of each topic whose every partition's leader reported that partition; other topics are
// left out (unknown, never 0). Pure.
QHash<QString, TopicSize> topicSizes(const QList<TopicInfo>& topics,
                                     const QList<BrokerReplicaSizes>& reports);

}  // namespace tideline::model
