// Preferred leader election. librdkafka 2.0.2 has no rd_kafka_ElectLeaders (it arrived in a later release)
// and no way to send a request of our own through its connections, so this sends ElectLeaders v1 (v0 where
// that is all) to the controller through the model's own wire client (kafka_wire_client.h). The controller
// and its address come from librdkafka's metadata. Internal to the model library.
#pragma once

#include <chrono>

#include "model/client_properties.h"
#include "model/operations/operation_types.h"
#include "model/rdkafka_handles.h"

namespace tideline::model {

// Moves leadership of each partition back to its preferred replica (the first in its replica list).
// Empty `partitions`: every partition of the cluster. Items name "topic-partition"; a partition
// already led by its preferred replica counts as done. `client` gives the metadata; `properties` the
// security protocol.
OperationResult electPreferredLeaders(rd_kafka_t* client, const ClientProperties& properties,
                                      const QList<TopicPartition>& partitions,
                                      std::chrono::milliseconds timeout);

}  // namespace tideline::model
