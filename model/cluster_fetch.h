// Blocking reads of cluster metadata and partition watermarks. They run on a session's own thread
// only, each bounded by a timeout.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <chrono>
#include <optional>

#include "model/snapshot.h"

struct rd_kafka_s;
class QThreadPool;

namespace tideline::model {

struct ClusterMetadata {
    QString clusterId;
    qint32 controllerId = -1;
    QList<BrokerInfo> brokers;  // sorted by id
    QList<TopicInfo> topics;    // sorted by name, without watermarks yet
};

// All brokers and topics. Nothing, with *error set, when no broker answered within `timeout`.
std::optional<ClusterMetadata> fetchMetadata(rd_kafka_s* client, std::chrono::milliseconds timeout,
                                             QString* error);

// Sets the low and high watermark of every partition that has a leader. Partitions are batched per
// leader, in ListOffsets requests for the latest offsets, then for the earliest offsets of partitions
// that have records (an empty partition's low watermark is 0); the batches run in parallel on `pool`,
// so a slow or unreachable leader costs only its own partitions. Partitions that could not be read keep
// no watermark; the result describes them, for the snapshot's warnings.
QStringList fetchWatermarks(rd_kafka_s* client, QList<TopicInfo>& topics, std::chrono::milliseconds timeout,
                            QThreadPool* pool);

// Folds one librdkafka statistics document into what is known of each broker's reachability.
// Connection states in between (idle, retrying soon) keep the previous verdict.
QHash<qint32, BrokerReachability> mergeBrokerReachability(QHash<qint32, BrokerReachability> known,
                                                          const QByteArray& statisticsJson);

}  // namespace tideline::model
