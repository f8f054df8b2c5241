#include "model/operations/record_operations.h"

#include <QLoggingCategory>
#include <QMap>
#include <algorithm>

#include "model/operations/admin_call.h"

namespace tideline::model {
namespace {

using Clock = std::chrono::steady_clock;

Q_LOGGING_CATEGORY(lcLibrdkafka, "tideline.librdkafka", QtWarningMsg)

void onClientLog(const rd_kafka_t*, int level, const char* facility, const char* message) {
    qCInfo(lcLibrdkafka, "[%d] %s: %s", level, facility, message);
}

struct RecordDeleter {
    void operator()(rd_kafka_topic_t* topic) const { rd_kafka_topic_destroy(topic); }
    void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
    void operator()(rd_kafka_headers_t* headers) const { rd_kafka_headers_destroy(headers); }
};
using TopicHandle = std::unique_ptr<rd_kafka_topic_t, RecordDeleter>;
using MessageHandle = std::unique_ptr<rd_kafka_message_t, RecordDeleter>;
using HeadersHandle = std::unique_ptr<rd_kafka_headers_t, RecordDeleter>;

// Settings the session's consumer carries that mean nothing to a producer, and would be logged.
bool isConsumerOnly(const QByteArray& key) {
    return key == "isolation.level" || key == "enable.auto.commit" || key == "allow.auto.create.topics" ||
           key == "group.id" || key == "group.instance.id";
}

struct Delivery {
    bool done = false;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    qint32 partition = -1;
    qint64 offset = -1;
    qint64 timestampMs = -1;
};

void onDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
    auto* delivery = static_cast<Delivery*>(message->_private);
    if (delivery == nullptr) {
        return;
    }
    delivery->done = true;
    delivery->err = message->err;
    delivery->partition = message->partition;
    delivery->offset = message->offset;
    delivery->timestampMs = rd_kafka_message_timestamp(message, nullptr);
}

std::optional<QByteArray> bytes(const void* data, size_t size) {
    return data == nullptr
               ? std::nullopt
               : std::optional<QByteArray>(QByteArray(static_cast<const char*>(data), qsizetype(size)));
}

QList<RecordHeader> headersOf(const rd_kafka_message_t* message) {
    QList<RecordHeader> headers;
    rd_kafka_headers_t* raw = nullptr;
    if (rd_kafka_message_headers(message, &raw) != RD_KAFKA_RESP_ERR_NO_ERROR || raw == nullptr) {
        return headers;
    }
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0; rd_kafka_header_get_all(raw, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
        headers.append({text(name), bytes(value, size)});
    }
    return headers;
}

// The topic's partition ids, from a metadata request for it alone.
std::optional<QList<qint32>> partitionsOf(rd_kafka_t* client, rd_kafka_topic_t* topic,
                                          std::chrono::milliseconds timeout, QString* error) {
    const rd_kafka_metadata_t* raw = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(client, 0, topic, &raw, int(timeout.count()));
    const MetadataHandle metadata(raw);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = text(rd_kafka_err2str(err));
        return std::nullopt;
    }
    if (metadata->topic_cnt < 1 || metadata->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = text(rd_kafka_err2str(metadata->topic_cnt < 1 ? RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
                                                               : metadata->topics[0].err));
        return std::nullopt;
    }
    QList<qint32> ids;
    for (int i = 0; i < metadata->topics[0].partition_cnt; ++i) {
        ids.append(metadata->topics[0].partitions[i].id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

// One ListOffsets lookup for every partition: a timestamp, or the -2/-1 sentinels.
std::optional<QMap<qint32, qint64>> offsetsAt(rd_kafka_t* client, const QString& topic,
                                              const QList<qint32>& ids, qint64 timestamp,
                                              std::chrono::milliseconds timeout, QString* error) {
    PartitionListHandle list(rd_kafka_topic_partition_list_new(int(ids.size())));
    for (qint32 id : ids) {
        rd_kafka_topic_partition_list_add(list.get(), topic.toUtf8().constData(), id)->offset = timestamp;
    }
    if (const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(client, list.get(), int(timeout.count()));
        err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = text(rd_kafka_err2str(err));
        return std::nullopt;
    }
    QMap<qint32, qint64> offsets;
    for (int i = 0; i < list->cnt; ++i) {
        if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            *error = text(rd_kafka_err2str(list->elems[i].err));
            return std::nullopt;
        }
        offsets.insert(list->elems[i].partition, list->elems[i].offset);
    }
    return offsets;
}

}  // namespace

ClientHandle createRecordClient(RecordClientKind kind, const ClientProperties& properties,
                                std::chrono::milliseconds timeout, QString* error) {
    const QByteArray timeoutMs = QByteArray::number(qint64(timeout.count()));
    ClientProperties own;
    if (kind == RecordClientKind::Producer) {
        own = {{"acks", "all"}, {"message.timeout.ms", timeoutMs}, {"linger.ms", "0"}};
    } else {
        own = {{"enable.auto.commit", "false"},
               {"enable.auto.offset.store", "false"},
               {"enable.partition.eof", "true"},
               {"fetch.wait.max.ms", "100"}};
    }
    ConfHandle conf(rd_kafka_conf_new());
    char errorText[512];
    for (const auto& [key, value] : properties + own) {
        if (key == "group.id" || key == "group.instance.id" || key == "statistics.interval.ms" ||
            (kind == RecordClientKind::Producer && isConsumerOnly(key))) {
            continue;
        }
        if (rd_kafka_conf_set(conf.get(), key.constData(), value.constData(), errorText, sizeof errorText) !=
            RD_KAFKA_CONF_OK) {
            *error = QString("The setting %1 was refused: %2").arg(QString::fromUtf8(key), errorText);
            return nullptr;
        }
    }
    rd_kafka_conf_set_log_cb(conf.get(), &onClientLog);
    if (kind == RecordClientKind::Producer) {
        rd_kafka_conf_set_dr_msg_cb(conf.get(), &onDelivery);
    }
    rd_kafka_t* client =
        rd_kafka_new(kind == RecordClientKind::Producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf.get(),
                     errorText, sizeof errorText);
    if (client == nullptr) {
        *error = QString("The Kafka client could not be created: %1").arg(errorText);
        return nullptr;
    }
    conf.release();
    return ClientHandle(client);
}

OperationResult produceRecord(rd_kafka_t* producer, const ProduceSpec& spec,
                              std::chrono::milliseconds timeout) {
    OperationResult result;
    result.kind = OperationKind::ProduceRecord;
    if (spec.topic.isEmpty()) {
        result.error = "Name the topic to produce to.";
        return result;
    }
    HeadersHandle headers(rd_kafka_headers_new(size_t(spec.headers.size())));
    for (const RecordHeader& header : spec.headers) {
        const QByteArray name = header.key.toUtf8();
        rd_kafka_header_add(headers.get(), name.constData(), name.size(),
                            header.value ? header.value->constData() : nullptr,
                            header.value ? header.value->size() : 0);
    }
    Delivery delivery;
    const QByteArray topic = spec.topic.toUtf8();
    // librdkafka copies key and value (MSG_F_COPY); null pointers make a null key or value.
    void* key = spec.key ? const_cast<char*>(spec.key->constData()) : nullptr;
    const size_t keySize = spec.key ? size_t(spec.key->size()) : 0;
    void* value = spec.value ? const_cast<char*>(spec.value->constData()) : nullptr;
    const size_t valueSize = spec.value ? size_t(spec.value->size()) : 0;
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        producer, RD_KAFKA_V_TOPIC(topic.constData()),
        RD_KAFKA_V_PARTITION(spec.partition.value_or(RD_KAFKA_PARTITION_UA)), RD_KAFKA_V_KEY(key, keySize),
        RD_KAFKA_V_VALUE(value, valueSize), RD_KAFKA_V_HEADERS(headers.get()),
        RD_KAFKA_V_TIMESTAMP(spec.timestampMs), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_OPAQUE(&delivery), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        result.error = text(rd_kafka_err2str(err));
        return result;
    }
    headers.release();  // the record owns them now
    const Clock::time_point deadline = Clock::now() + timeout + std::chrono::seconds(1);
    while (!delivery.done && Clock::now() < deadline) {
        rd_kafka_poll(producer, 100);
    }
    if (!delivery.done) {
        // The delivery report still points at `delivery`: wait it out, it comes by message.timeout.ms.
        rd_kafka_flush(producer, -1);
        result.error = "The record was not acknowledged in time.";
        return result;
    }
    if (delivery.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        result.error = text(rd_kafka_err2str(delivery.err));
        return result;
    }
    result.items.append({QString("%1-%2").arg(spec.topic).arg(delivery.partition), {}});
    result.offsets.append({spec.topic, delivery.partition, delivery.offset});
    result.timestampMs = delivery.timestampMs;
    return result;
}

BrowseResult browseRecords(rd_kafka_t* browser, const BrowseSpec& spec, std::chrono::milliseconds timeout,
                           const std::atomic_bool& cancelled) {
    BrowseResult result;
    result.topic = spec.topic;
    if (spec.topic.isEmpty()) {
        result.error = "Name the topic to browse.";
        return result;
    }
    if (spec.maxRecords < 1 || spec.maxRecords > kMaxBrowseRecords) {
        result.error = QString("Browse between 1 and %1 records.").arg(kMaxBrowseRecords);
        return result;
    }
    if (spec.start == BrowseStart::EndMinusN && spec.value < 0) {
        result.error = "The number of records from the end cannot be negative.";
        return result;
    }
    const TopicHandle topic(rd_kafka_topic_new(browser, spec.topic.toUtf8().constData(), nullptr));
    QString error;
    std::optional<QList<qint32>> ids = partitionsOf(browser, topic.get(), timeout, &error);
    if (!ids) {
        result.error = QString("Topic '%1' could not be read: %2").arg(spec.topic, error);
        return result;
    }
    if (spec.partition) {
        if (!ids->contains(*spec.partition)) {
            result.error = QString("Topic '%1' has no partition %2.").arg(spec.topic).arg(*spec.partition);
            return result;
        }
        ids = QList<qint32>{*spec.partition};
    }
    const auto low = offsetsAt(browser, spec.topic, *ids, RD_KAFKA_OFFSET_BEGINNING, timeout, &error);
    const auto high =
        low ? offsetsAt(browser, spec.topic, *ids, RD_KAFKA_OFFSET_END, timeout, &error) : std::nullopt;
    std::optional<QMap<qint32, qint64>> atTime;
    if (high && spec.start == BrowseStart::Timestamp) {
        atTime = offsetsAt(browser, spec.topic, *ids, spec.value, timeout, &error);
    }
    if (!high || (spec.start == BrowseStart::Timestamp && !atTime)) {
        result.error = QString("The offsets of '%1' could not be read: %2").arg(spec.topic, error);
        return result;
    }

    // Where each partition starts and ends (exclusive); partitions with nothing to read are done.
    QMap<qint32, std::pair<qint64, qint64>> ranges;
    for (qint32 id : std::as_const(*ids)) {
        const qint64 first = low->value(id);
        const qint64 end = high->value(id);
        qint64 start = first;
        switch (spec.start) {
            case BrowseStart::Beginning:
                break;
            case BrowseStart::EndMinusN:
                start = end - spec.value;
                break;
            case BrowseStart::Offset:
                start = spec.value;
                break;
            case BrowseStart::Timestamp:
                start = atTime->value(id) >= 0 ? atTime->value(id) : end;
                break;
        }
        start = std::clamp(start, first, end);
        if (start < end) {
            ranges.insert(id, {start, end});
        }
    }

    QueueHandle queue(rd_kafka_queue_new(browser));
    QList<qint32> started;
    for (auto it = ranges.cbegin(); it != ranges.cend(); ++it) {
        if (rd_kafka_consume_start_queue(topic.get(), it.key(), it->first, queue.get()) == -1) {
            result.error = QString("Partition %1 could not be read: %2")
                               .arg(it.key())
                               .arg(text(rd_kafka_err2str(rd_kafka_last_error())));
            break;
        }
        started.append(it.key());
    }
    QMap<qint32, qint64> pending;  // partition -> end offset still to reach
    for (qint32 id : std::as_const(started)) {
        pending.insert(id, ranges.value(id).second);
    }
    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(spec.timeoutMs);
    while (result.error.isEmpty() && !pending.isEmpty() && result.records.size() < spec.maxRecords &&
           !cancelled.load() && Clock::now() < deadline) {
        MessageHandle message(rd_kafka_consume_queue(queue.get(), 100));
        if (!message) {
            continue;
        }
        const auto it = pending.find(message->partition);
        if (it == pending.end()) {
            continue;
        }
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            pending.erase(it);  // reached the end (records may have been deleted meanwhile)
            continue;
        }
        if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            result.error = QString("Partition %1: %2")
                               .arg(message->partition)
                               .arg(text(rd_kafka_message_errstr(message.get())));
            break;
        }
        BrowsedRecord record;
        record.partition = message->partition;
        record.offset = message->offset;
        record.timestampMs = rd_kafka_message_timestamp(message.get(), nullptr);
        record.key = bytes(message->key, message->key_len);
        record.value = bytes(message->payload, message->len);
        record.headers = headersOf(message.get());
        result.records.append(record);
        if (message->offset + 1 >= *it) {
            pending.erase(it);
        }
    }
    for (qint32 id : std::as_const(started)) {
        rd_kafka_consume_stop(topic.get(), id);
    }
    result.complete = result.error.isEmpty() && pending.isEmpty();
    std::sort(result.records.begin(), result.records.end(),
              [](const BrowsedRecord& a, const BrowsedRecord& b) {
                  return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
              });
    return result;
}

}  // namespace tideline::model
