// Producing one record and browsing records, on clients a session's operations thread owns. Neither
// joins a group or commits: browsing starts partitions at offsets it computes itself.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "model/client_properties.h"
#include "model/operations/operation_types.h"
#include "model/rdkafka_handles.h"

namespace tideline::model {

enum class RecordClientKind { Producer, Browser };

// A client for one of the two jobs, from the session's properties; null with *error when refused.
ClientHandle createRecordClient(RecordClientKind kind, const ClientProperties& properties,
                                std::chrono::milliseconds timeout, QString* error);

// Sends one record and waits for its delivery report (acks=all).
OperationResult produceRecord(rd_kafka_t* producer, const ProduceSpec& spec,
                              std::chrono::milliseconds timeout);

// Reads at most spec.maxRecords records, per partition from the computed start offset up to the high
// watermark as it was when the browse began, so a busy topic does not keep it reading forever.
BrowseResult browseRecords(rd_kafka_t* browser, const BrowseSpec& spec, std::chrono::milliseconds timeout,
                           const std::atomic_bool& cancelled);

}  // namespace tideline::model
