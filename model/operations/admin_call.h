// Runs one librdkafka admin request and waits for its result event, bounded by a timeout. Session
// threads only.
#pragma once

#include <QString>
#include <chrono>

#include "model/rdkafka_handles.h"

namespace tideline::model {

struct AdminCall {
    AdminCall(rd_kafka_t* client, rd_kafka_admin_op_t op, std::chrono::milliseconds timeout);

    // Waits for the result; null, with `error` set, when none came in time or the event failed.
    EventHandle wait(QString* error);

    rd_kafka_t* client;
    QueueHandle queue;
    AdminOptionsHandle options;
    std::chrono::milliseconds timeout;
};

inline QString text(const char* value) { return value == nullptr ? QString() : QString::fromUtf8(value); }

// The broker's own message when it sent one (it says why), else librdkafka's name for the code.
inline QString errorText(rd_kafka_resp_err_t err, const char* message) {
    const QString detail = text(message);
    return detail.isEmpty() ? text(rd_kafka_err2str(err)) : detail;
}

}  // namespace tideline::model
