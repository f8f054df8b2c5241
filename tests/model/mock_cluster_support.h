// Helpers for tests against librdkafka's in-process mock cluster: producing records at known
// times, committing a group's offsets without joining it, and waiting for a session's signals.
#pragma once

#include <librdkafka/rdkafka.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include "model/connection_profile.h"

namespace tideline::model::testing {

constexpr int kSignalWaitMs = 15000;

inline ConnectionProfile profileFor(const QString& name, const QString& bootstrap) {
    ConnectionProfile profile;
    profile.name = name;
    profile.bootstrapServers = bootstrap;
    return profile;
}

// Record i carries the timestamp firstTimestampMs + i * 1000, or the producer's clock when 0.
inline void produce(rd_kafka_t* producer, const char* topic, int partition, int count,
                    qint64 firstTimestampMs = 0) {
    for (int i = 0; i < count; ++i) {
        const QByteArray value = QByteArray::number(i);
        const qint64 timestampMs = firstTimestampMs == 0 ? 0 : firstTimestampMs + i * 1000;
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            producer, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
            RD_KAFKA_V_VALUE(const_cast<char*>(value.constData()), size_t(value.size())),
            RD_KAFKA_V_TIMESTAMP(timestampMs), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        QVERIFY2(err == RD_KAFKA_RESP_ERR_NO_ERROR, rd_kafka_err2str(err));
    }
}

// Commits offsets for a group the way a consumer does, without joining it.
inline void commitOffsets(const QByteArray& bootstrap, const char* group,
                          const QList<std::pair<int, qint64>>& offsets, const char* topic = "orders") {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    QCOMPARE(rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.constData(), error, sizeof error),
             RD_KAFKA_CONF_OK);
    QCOMPARE(rd_kafka_conf_set(conf, "group.id", group, error, sizeof error), RD_KAFKA_CONF_OK);
    QCOMPARE(rd_kafka_conf_set(conf, "enable.auto.commit", "false", error, sizeof error), RD_KAFKA_CONF_OK);
    rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    QVERIFY2(consumer != nullptr, error);
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(int(offsets.size()));
    for (const auto& [partition, offset] : offsets) {
        rd_kafka_topic_partition_list_add(list, topic, partition)->offset = offset;
    }
    const rd_kafka_resp_err_t err = rd_kafka_commit(consumer, list, 0);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    QVERIFY2(err == RD_KAFKA_RESP_ERR_NO_ERROR, rd_kafka_err2str(err));
}

// Waits for a signal whose first argument, a T, satisfies `wanted`; returns the last one seen either way.
template <typename T, typename Predicate>
T waitForArgument(QSignalSpy& spy, Predicate wanted, int timeoutMs = kSignalWaitMs) {
    QElapsedTimer timer;
    timer.start();
    T last{};
    while (timer.elapsed() < timeoutMs) {
        if (spy.isEmpty() && !spy.wait(int(timeoutMs - timer.elapsed()))) {
            break;
        }
        while (!spy.isEmpty()) {
            last = spy.takeFirst().at(0).value<T>();
            if (wanted(last)) {
                return last;
            }
        }
    }
    return last;
}

}  // namespace tideline::model::testing
