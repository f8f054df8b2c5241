// Reads the timestamps of records at given offsets, for the lag engine's exact time lag. It never
// joins a group or commits: its consumer has no group.id and starts each partition at the offset
// itself (librdkafka's per-partition consume API, since assign() requires a group.id in 2.0.2).
// Blocking; for a session's own thread only, never the GUI thread.
#pragma once

#include <QList>
#include <QString>
#include <atomic>
#include <chrono>
#include <memory>

#include "model/client_properties.h"
#include "model/lag/record_timestamp.h"
#include "model/rdkafka_handles.h"
#include "model/snapshot.h"

namespace tideline::model {

class RecordTimestampReader {
public:
    // The session's client properties, with the consumer settings this reader needs on top.
    // Null, with the reason in `error`, when librdkafka refuses them.
    static std::unique_ptr<RecordTimestampReader> create(const ClientProperties& properties, QString* error);

    // One answer per request whose partition had a record at or after the offset within `timeout`,
    // in no particular order. Requests for several offsets of one partition are read in successive
    // rounds (a partition can be assigned once at a time), all within the same `timeout`. Stops early
    // once `cancelled` is set.
    QList<RecordTimestamp> read(const QList<RecordTimestampRequest>& requests,
                                std::chrono::milliseconds timeout,
                                const std::atomic_bool* cancelled = nullptr);

private:
    explicit RecordTimestampReader(ClientHandle client) : client_(std::move(client)) {}

    // Reads one offset of each partition in `round`, until each answered or `deadline` passed.
    void readRound(const QList<RecordTimestampRequest>& round, std::chrono::steady_clock::time_point deadline,
                   const std::atomic_bool* cancelled, QList<RecordTimestamp>& answers);

    ClientHandle client_;
};

}  // namespace tideline::model
