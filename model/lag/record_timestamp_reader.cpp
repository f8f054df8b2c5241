#include "model/lag/record_timestamp_reader.h"

#include <QLoggingCategory>
#include <QMap>
#include <map>

namespace tideline::model {
namespace {

using Clock = std::chrono::steady_clock;

// The session's category: without a callback, librdkafka would print its chatter on stderr.
Q_LOGGING_CATEGORY(lcLibrdkafka, "tideline.librdkafka", QtWarningMsg)

void onClientLog(const rd_kafka_t*, int level, const char* facility, const char* message) {
    qCInfo(lcLibrdkafka, "[%d] %s: %s", level, facility, message);
}

struct ReaderDeleter {
    void operator()(rd_kafka_topic_t* topic) const { rd_kafka_topic_destroy(topic); }
    void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
using TopicHandle = std::unique_ptr<rd_kafka_topic_t, ReaderDeleter>;
using MessageHandle = std::unique_ptr<rd_kafka_message_t, ReaderDeleter>;

// Applied after the session's properties, so these win.
const ClientProperties kReaderProperties{
    {"enable.auto.commit", "false"},
    {"enable.auto.offset.store", "false"},
    // Says at once that a partition has no record at the offset, instead of waiting out the timeout.
    {"enable.partition.eof", "true"},
    // A requested offset deleted by retention meanwhile: the earliest record left is the next one
    // the group will read, so its timestamp is the right answer.
    {"auto.offset.reset", "earliest"},
    // One record per partition is wanted: fetch little and return fast.
    {"fetch.wait.max.ms", "100"},
    {"max.partition.fetch.bytes", "65536"},
    {"queued.max.messages.kbytes", "1024"},
    {"statistics.interval.ms", "0"},
};

// Properties that would make this client join a group or commit; it must do neither.
bool isGroupProperty(const QByteArray& key) { return key == "group.id" || key == "group.instance.id"; }

RecordTimestampType typeOf(rd_kafka_timestamp_type_t type) {
    switch (type) {
        case RD_KAFKA_TIMESTAMP_CREATE_TIME:
            return RecordTimestampType::CreateTime;
        case RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME:
            return RecordTimestampType::LogAppendTime;
        case RD_KAFKA_TIMESTAMP_NOT_AVAILABLE:
            break;
    }
    return RecordTimestampType::NotAvailable;
}

// Splits requests so that no round has a partition twice.
QList<QList<RecordTimestampRequest>> roundsOf(const QList<RecordTimestampRequest>& requests) {
    QList<QList<RecordTimestampRequest>> rounds;
    QMap<TopicPartition, int> seen;
    for (const RecordTimestampRequest& request : requests) {
        int& count = seen[{request.topic, request.partition}];
        if (rounds.size() <= count) {
            rounds.append(QList<RecordTimestampRequest>());
        }
        rounds[count++].append(request);
    }
    return rounds;
}

}  // namespace

std::unique_ptr<RecordTimestampReader> RecordTimestampReader::create(const ClientProperties& properties,
                                                                     QString* error) {
    ConfHandle conf(rd_kafka_conf_new());
    char errorText[512];
    for (const auto& [key, value] : properties + kReaderProperties) {
        if (isGroupProperty(key)) {
            continue;
        }
        if (rd_kafka_conf_set(conf.get(), key.constData(), value.constData(), errorText, sizeof errorText) !=
            RD_KAFKA_CONF_OK) {
            *error = QString("The setting %1 was refused: %2").arg(QString::fromUtf8(key), errorText);
            return nullptr;
        }
    }
    rd_kafka_conf_set_log_cb(conf.get(), &onClientLog);
    rd_kafka_t* client = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errorText, sizeof errorText);
    if (client == nullptr) {
        *error = QString("The record reader could not be created: %1").arg(errorText);
        return nullptr;
    }
    conf.release();  // now owned by the client
    return std::unique_ptr<RecordTimestampReader>(new RecordTimestampReader(ClientHandle(client)));
}

QList<RecordTimestamp> RecordTimestampReader::read(const QList<RecordTimestampRequest>& requests,
                                                   std::chrono::milliseconds timeout,
                                                   const std::atomic_bool* cancelled) {
    QList<RecordTimestamp> answers;
    const Clock::time_point deadline = Clock::now() + timeout;
    for (const QList<RecordTimestampRequest>& round : roundsOf(requests)) {
        if (Clock::now() >= deadline || (cancelled != nullptr && cancelled->load())) {
            break;
        }
        readRound(round, deadline, cancelled, answers);
    }
    return answers;
}

void RecordTimestampReader::readRound(const QList<RecordTimestampRequest>& round, Clock::time_point deadline,
                                      const std::atomic_bool* cancelled, QList<RecordTimestamp>& answers) {
    // librdkafka 2.0.2's assign() needs a group.id; the per-partition consume_start API does not, and
    // it never talks to a group coordinator.
    QueueHandle queue(rd_kafka_queue_new(client_.get()));
    std::map<QString, TopicHandle> topics;
    QMap<TopicPartition, qint64> pending;  // partition -> requested offset
    QList<std::pair<rd_kafka_topic_t*, qint32>> started;
    for (const RecordTimestampRequest& request : round) {
        TopicHandle& topic = topics[request.topic];
        if (!topic) {
            topic.reset(rd_kafka_topic_new(client_.get(), request.topic.toUtf8().constData(), nullptr));
        }
        if (!topic ||
            rd_kafka_consume_start_queue(topic.get(), request.partition, request.offset, queue.get()) == -1) {
            continue;  // an unknown partition, most likely: no answer for it
        }
        started.append({topic.get(), request.partition});
        pending.insert({request.topic, request.partition}, request.offset);
    }
    while (!pending.isEmpty() && (cancelled == nullptr || !cancelled->load())) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            break;
        }
        // Short polls, so that cancelling is noticed quickly.
        MessageHandle message(rd_kafka_consume_queue(queue.get(), int(std::min<qint64>(left.count(), 200))));
        if (!message) {
            continue;
        }
        const QString topic =
            message->rkt != nullptr ? QString::fromUtf8(rd_kafka_topic_name(message->rkt)) : QString();
        const auto it = pending.constFind({topic, message->partition});
        if (it == pending.cend()) {
            continue;
        }
        if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
            const qint64 timestamp = rd_kafka_message_timestamp(message.get(), &type);
            answers.append({topic, message->partition, *it, message->offset, timestamp, typeOf(type)});
            pending.erase(it);
        } else if (message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF || message->offset >= *it) {
            // At the end, or failing (unknown partition, no access): nothing to wait for.
            pending.erase(it);
        }
    }
    for (const auto& [topic, partition] : std::as_const(started)) {
        rd_kafka_consume_stop(topic, partition);
    }
}

}  // namespace tideline::model
