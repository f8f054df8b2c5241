#include "model/operations/admin_call.h"

namespace tideline::model {

AdminCall::AdminCall(rd_kafka_t* client_, rd_kafka_admin_op_t op, std::chrono::milliseconds timeout_)
    : client(client_),
      queue(rd_kafka_queue_new(client_)),
      options(rd_kafka_AdminOptions_new(client_, op)),
      timeout(timeout_) {
    char error[256];
    rd_kafka_AdminOptions_set_request_timeout(options.get(), int(timeout.count()), error, sizeof error);
}

EventHandle AdminCall::wait(QString* error) {
    // Well past the request timeout (topic operations add an operation timeout of the same length), so
    // that librdkafka's own timeout result normally wins: abandoning a request still in flight is the
    // path on which librdkafka 2.0.2 has been seen to trip over its own reference counts.
    EventHandle event(rd_kafka_queue_poll(queue.get(), int(timeout.count()) * 2 + 1000));
    if (!event) {
        *error = QString("The cluster did not answer within %1 ms.").arg(timeout.count() * 2 + 1000);
        return nullptr;
    }
    if (const rd_kafka_resp_err_t err = rd_kafka_event_error(event.get());
        err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = errorText(err, rd_kafka_event_error_string(event.get()));
        return nullptr;
    }
    return event;
}

}  // namespace tideline::model
