// The blocking halves of a session's operations: each runs one or a few librdkafka calls on the
// calling thread (a session's operations thread), bounded by `timeout`, and returns a value result
// with the cluster's error text. Request ids are the caller's business.
#pragma once

#include <QHash>
#include <QStringList>
#include <atomic>
#include <chrono>

#include "model/operations/operation_types.h"
#include "model/rdkafka_handles.h"

namespace tideline::model {

using std::chrono::milliseconds;

// ---- configs (config_operations.cpp) ----

ConfigDescription describeConfigs(rd_kafka_t* client, const ConfigResource& resource, milliseconds timeout);

// min.insync.replicas of each topic that answered; asks for that one config only.
QHash<QString, int> readMinInsyncReplicas(rd_kafka_t* client, const QStringList& topics, milliseconds timeout,
                                          QString* error);

// librdkafka 2.0.2 has only the non-incremental AlterConfigs, which replaces every override of the
// topic: the current overrides are read with DescribeConfigs, `changes` applied to them, and the whole
// set sent back. Refused when the topic has a sensitive override (its value is never sent, so it
// could not be sent back) or a change targets a read-only config. Not atomic: an override another
// client sets between the read and the write is lost.
OperationResult alterTopicConfigs(rd_kafka_t* client, const QString& topic,
                                  const QList<ConfigChange>& changes, bool validateOnly,
                                  milliseconds timeout);

// ---- topics and records (topic_operations.cpp) ----

OperationResult createTopic(rd_kafka_t* client, const NewTopicSpec& spec, bool validateOnly,
                            milliseconds timeout);
OperationResult deleteTopics(rd_kafka_t* client, const QStringList& topics, milliseconds timeout);
// Grows `topic` to `totalPartitions`.
OperationResult createPartitions(rd_kafka_t* client, const QString& topic, int totalPartitions,
                                 bool validateOnly, milliseconds timeout);
// Deletes the records before each offset; offset -1 deletes everything up to the high watermark.
OperationResult deleteRecords(rd_kafka_t* client, const QList<PartitionOffset>& before, milliseconds timeout);

// ---- groups (group_operations.cpp) ----

class BrokerApiSupport;

// Sent only when the group's coordinator (every broker, if that is unknown) is known to serve
// DeleteGroups: `apis` must be fed by `client`'s log (librdkafka 2.0.2 aborts on DeleteGroups to a
// broker without it).
OperationResult deleteGroup(rd_kafka_t* client, const QString& group, const BrokerApiSupport& apis,
                            milliseconds timeout);
// Commits each row's newOffset for `group` (AlterConsumerGroupOffsets), without any check; sets the
// rows' errors and returns the first. resetGroupOffsets() is the checked way.
QString commitGroupOffsets(rd_kafka_t* client, const QString& group, QList<OffsetResetRow>& rows,
                           milliseconds timeout);
// Computes old and new offsets; with `apply`, commits them, unless the group has members.
OffsetResetResult resetGroupOffsets(rd_kafka_t* client, const OffsetResetSpec& spec, bool apply,
                                    milliseconds timeout, const std::atomic_bool& cancelled);

}  // namespace tideline::model
