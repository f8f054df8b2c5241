// Preferred leader election. librdkafka 2.0.2 has no rd_kafka_ElectLeaders (it arrived in a later release)
// and no way to send a request of our own through its connections, so this speaks the two requests it needs
// itself over a TCP connection to the controller: ApiVersions (v0) to learn which ElectLeaders versions the
// controller takes, then ElectLeaders v1 (v0 where that is all), preferred election. The controller and its
// address come from librdkafka's metadata. Only PLAINTEXT listeners are supported that way: TLS and SASL
// would need their own handshakes here, so those profiles get a clear refusal instead. Internal to the model
// library.
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
