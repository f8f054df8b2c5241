// Helpers for model tests against a real tideline-broker process: a producer that remembers the
// timestamp of every record it wrote, a consumer group member that reads and commits on demand, and
// independent figures (kcat -Q, OffsetFetch) to hold the model's lag against.
#pragma once

#include <librdkafka/rdkafka.h>

#include <QHash>
#include <QMap>
#include <QtTest>

#include "model/snapshot.h"
#include "support/broker_process.h"

namespace tideline::model::testing {

using OffsetKey = std::pair<qint32, qint64>;  // partition, offset

inline rd_kafka_conf_t* clientConf(const QString& bootstrap, const QMap<QByteArray, QByteArray>& extra = {}) {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.toUtf8().constData(), error, sizeof error);
    for (auto it = extra.cbegin(); it != extra.cend(); ++it) {
        if (rd_kafka_conf_set(conf, it.key().constData(), it.value().constData(), error, sizeof error) !=
            RD_KAFKA_CONF_OK) {
            qWarning("%s: %s", it.key().constData(), error);
        }
    }
    return conf;
}

// Writes records with explicit timestamps and keeps, from the delivery reports, the timestamp of
// each (partition, offset) the broker gave them.
class TimestampedProducer {
public:
    explicit TimestampedProducer(const QString& bootstrap) {
        rd_kafka_conf_t* conf = clientConf(bootstrap, {{"acks", "all"}, {"linger.ms", "0"}});
        rd_kafka_conf_set_dr_msg_cb(conf, &TimestampedProducer::onDelivery);
        rd_kafka_conf_set_opaque(conf, this);
        char error[512];
        handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    }
    ~TimestampedProducer() {
        if (handle_ != nullptr) {
            rd_kafka_flush(handle_, 5000);
            rd_kafka_destroy(handle_);
        }
    }
    bool valid() const { return handle_ != nullptr; }

    // Writes one record and waits for its delivery; false if it was not delivered.
    bool produce(const char* topic, qint32 partition, qint64 timestampMs) {
        const QByteArray value = QByteArray::number(timestampMs);
        if (rd_kafka_producev(handle_, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
                              RD_KAFKA_V_VALUE(const_cast<char*>(value.constData()), size_t(value.size())),
                              RD_KAFKA_V_TIMESTAMP(timestampMs), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                              RD_KAFKA_V_END) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            return false;
        }
        const int before = failures_;
        return rd_kafka_flush(handle_, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR && failures_ == before;
    }

    // Timestamp of the record at (partition, offset), as produced; -1 if this producer did not write it.
    qint64 timestampAt(qint32 partition, qint64 offset) const {
        return timestamps_.value({partition, offset}, -1);
    }

private:
    static void onDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
        auto* self = static_cast<TimestampedProducer*>(opaque);
        if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            ++self->failures_;
            return;
        }
        rd_kafka_timestamp_type_t type;
        self->timestamps_.insert({message->partition, message->offset},
                                 rd_kafka_message_timestamp(message, &type));
    }

    rd_kafka_t* handle_ = nullptr;
    QMap<OffsetKey, qint64> timestamps_;
    int failures_ = 0;
};

// A member of a consumer group (subscribe, so it really joins) that reads only when told to and
// commits exactly what it read, synchronously.
class SteppedConsumer {
public:
    SteppedConsumer(const QString& bootstrap, const char* group, const char* topic) {
        rd_kafka_conf_t* conf = clientConf(bootstrap, {{"group.id", group},
                                                       {"enable.auto.commit", "false"},
                                                       {"auto.offset.reset", "earliest"},
                                                       {"session.timeout.ms", "30000"}});
        char error[512];
        handle_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
        if (handle_ == nullptr) {
            return;
        }
        rd_kafka_poll_set_consumer(handle_);
        rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA);
        rd_kafka_subscribe(handle_, topics);
        rd_kafka_topic_partition_list_destroy(topics);
    }
    ~SteppedConsumer() {
        if (handle_ != nullptr) {
            rd_kafka_consumer_close(handle_);
            rd_kafka_destroy(handle_);
        }
    }
    bool valid() const { return handle_ != nullptr; }

    // Reads up to `maxRecords` records (waiting at most `waitMs` for the first) and commits past them.
    // Returns how many it read.
    int step(int maxRecords, int waitMs = 0) {
        QMap<std::pair<QByteArray, qint32>, qint64> next;
        int read = 0;
        for (int i = 0; i < maxRecords; ++i) {
            rd_kafka_message_t* message = rd_kafka_consumer_poll(handle_, i == 0 ? waitMs : 0);
            if (message == nullptr) {
                break;
            }
            if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                next.insert({rd_kafka_topic_name(message->rkt), message->partition}, message->offset + 1);
                ++read;
            }
            rd_kafka_message_destroy(message);
        }
        if (!next.isEmpty()) {
            rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(int(next.size()));
            for (auto it = next.cbegin(); it != next.cend(); ++it) {
                rd_kafka_topic_partition_list_add(list, it.key().first.constData(), it.key().second)->offset =
                    it.value();
            }
            rd_kafka_commit(handle_, list, 0);
            rd_kafka_topic_partition_list_destroy(list);
        }
        return read;
    }

    // The group's committed offsets as the broker reports them (OffsetFetch); -1 for none.
    QMap<qint32, qint64> committed(const char* topic, int partitions) {
        QMap<qint32, qint64> offsets;
        rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
        for (int partition = 0; partition < partitions; ++partition) {
            rd_kafka_topic_partition_list_add(list, topic, partition);
        }
        if (rd_kafka_committed(handle_, list, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            for (int i = 0; i < list->cnt; ++i) {
                offsets.insert(list->elems[i].partition, list->elems[i].offset);
            }
        }
        rd_kafka_topic_partition_list_destroy(list);
        return offsets;
    }

private:
    rd_kafka_t* handle_ = nullptr;
};

// End offsets as kcat -Q reports them (ListOffsets with the "latest" sentinel); empty on failure.
inline QMap<qint32, qint64> kcatEndOffsets(const QString& bootstrap, const QString& topic, int partitions) {
    QStringList arguments{"-b", bootstrap, "-Q"};
    for (int partition = 0; partition < partitions; ++partition) {
        arguments << "-t" << QString("%1:%2:-1").arg(topic).arg(partition);
    }
    const tideline::testing::ToolResult result = tideline::testing::runTool("kcat", arguments);
    QMap<qint32, qint64> offsets;
    if (!result.finished || result.exitCode != 0) {
        qWarning("kcat -Q failed: %s", result.err.constData());
        return offsets;
    }
    // Lines like "clicks [0] offset 42".
    static const QRegularExpression line(R"(^(\S+) \[(\d+)\] offset (-?\d+)$)");
    for (const QByteArray& text : result.out.split('\n')) {
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(text.trimmed()));
        if (match.hasMatch() && match.captured(1) == topic) {
            offsets.insert(match.captured(2).toInt(), match.captured(3).toLongLong());
        }
    }
    return offsets;
}

inline const PartitionInfo* findPartitionInfo(const ClusterSnapshot& snapshot, const QString& topic,
                                              qint32 partition) {
    for (const TopicInfo& candidate : snapshot.topics) {
        if (candidate.name == topic) {
            for (const PartitionInfo& info : candidate.partitions) {
                if (info.id == partition) {
                    return &info;
                }
            }
        }
    }
    return nullptr;
}

}  // namespace tideline::model::testing
