#include "model/cluster_fetch.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QtConcurrent>
#include <algorithm>

#include "model/rdkafka_handles.h"

namespace tideline::model {
namespace {

// Kafka marks exactly these as internal in its metadata; librdkafka 2.0.2 does not pass the flag on.
bool isInternalTopic(const QString& name) {
    return name == QLatin1String("__consumer_offsets") || name == QLatin1String("__transaction_state");
}

QList<qint32> toList(const int32_t* ids, int count) {
    QList<qint32> list;
    list.reserve(count);
    for (int i = 0; i < count; ++i) {
        list.append(ids[i]);
    }
    return list;
}

PartitionInfo toPartition(const rd_kafka_metadata_partition_t& source, const QSet<qint32>& liveBrokers) {
    PartitionInfo partition;
    partition.id = source.id;
    partition.leader = source.leader;
    partition.replicas = toList(source.replicas, source.replica_cnt);
    partition.isr = toList(source.isrs, source.isr_cnt);
    // librdkafka 2.0.2 drops the metadata's OfflineReplicas; a replica on a broker missing from the
    // live broker list is offline, which covers dead brokers (not failed log directories).
    for (qint32 replica : partition.replicas) {
        if (!liveBrokers.contains(replica)) {
            partition.offlineReplicas.append(replica);
        }
    }
    if (source.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        partition.error = QString::fromUtf8(rd_kafka_err2str(source.err));
    }
    return partition;
}

TopicInfo toTopic(const rd_kafka_metadata_topic_t& source, const QSet<qint32>& liveBrokers) {
    TopicInfo topic;
    topic.name = QString::fromUtf8(source.topic);
    topic.internal = isInternalTopic(topic.name);
    if (source.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        topic.error = QString::fromUtf8(rd_kafka_err2str(source.err));
    }
    topic.partitions.reserve(source.partition_cnt);
    for (int i = 0; i < source.partition_cnt; ++i) {
        topic.partitions.append(toPartition(source.partitions[i], liveBrokers));
    }
    std::sort(topic.partitions.begin(), topic.partitions.end(),
              [](const PartitionInfo& a, const PartitionInfo& b) { return a.id < b.id; });
    return topic;
}

QString clusterIdOf(rd_kafka_t* client) {
    // Answered from the metadata just fetched, so no wait is needed.
    char* id = rd_kafka_clusterid(client, 0);
    if (id == nullptr) {
        return {};
    }
    const QString result = QString::fromUtf8(id);
    rd_kafka_mem_free(client, id);
    return result;
}

// Partitions per offsets query; see slicesOf().
constexpr qsizetype kWatermarkSlice = 100;

struct WatermarkQuery {
    qint32 leader = -1;
    int64_t logicalOffset = RD_KAFKA_OFFSET_END;  // ListOffsets' "timestamps" -1 (latest), -2 (earliest)
    QList<TopicPartition> partitions;
    QList<PartitionInfo*> targets;  // where the answers go; written on the calling thread only
};

struct WatermarkAnswer {
    QList<std::optional<qint64>> offsets;  // per position in the query
    QString error;
};

// Runs on a pool thread: librdkafka's calls are thread-safe, and this one touches nothing shared.
WatermarkAnswer queryOffsets(rd_kafka_t* client, const WatermarkQuery& query,
                             std::chrono::milliseconds timeout) {
    PartitionListHandle list(rd_kafka_topic_partition_list_new(static_cast<int>(query.partitions.size())));
    for (const TopicPartition& entry : query.partitions) {
        rd_kafka_topic_partition_list_add(list.get(), entry.topic.toUtf8().constData(), entry.partition)
            ->offset = query.logicalOffset;
    }
    WatermarkAnswer answer;
    const rd_kafka_resp_err_t err =
        rd_kafka_offsets_for_times(client, list.get(), static_cast<int>(timeout.count()));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        answer.error = QString::fromUtf8(rd_kafka_err2str(err));
    }
    answer.offsets.reserve(list->cnt);
    for (int i = 0; i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t& element = list->elems[i];
        // A partition the call gave up on keeps the logical value it was sent with, which is negative.
        const bool known = element.err == RD_KAFKA_RESP_ERR_NO_ERROR && element.offset >= 0;
        answer.offsets.append(known ? std::optional<qint64>(element.offset) : std::nullopt);
    }
    return answer;
}

void addToQuery(QMap<qint32, WatermarkQuery>& byLeader, const QString& topic, PartitionInfo& partition) {
    WatermarkQuery& query = byLeader[partition.leader];
    query.leader = partition.leader;
    query.partitions.append({topic, partition.id});
    query.targets.append(&partition);
}

// One call per leader and logical offset: rd_kafka_offsets_for_times drops every answer when any
// leader in its list is late, so a single slow broker would otherwise blank the whole cluster.
// Partitions without a leader are left out, as librdkafka would wait the whole timeout for them.
// librdkafka 2.0.2 matches each answered partition against its request list one by one, so a call
// costs the square of its size. The 33,000 partitions of one leader took 5.8 s in one call, 0.66 s in
// calls of 1,000, 0.11 s in calls of 200 and 0.09 s in calls of 100 (one after the other; 50: 0.10 s,
// 25: 0.17 s, where the per-call overhead takes over). Leaders are therefore asked in slices, which
// the pool runs in parallel.
QList<WatermarkQuery> slicesOf(const QMap<qint32, WatermarkQuery>& byLeader, int64_t logicalOffset) {
    QList<WatermarkQuery> queries;
    for (const WatermarkQuery& leaderQuery : byLeader) {
        for (qsizetype first = 0; first < leaderQuery.partitions.size(); first += kWatermarkSlice) {
            WatermarkQuery query;
            query.leader = leaderQuery.leader;
            query.partitions = leaderQuery.partitions.mid(first, kWatermarkSlice);
            query.targets = leaderQuery.targets.mid(first, kWatermarkSlice);
            query.logicalOffset = logicalOffset;
            queries.append(query);
        }
    }
    return queries;
}

struct WatermarkTally {
    int missing = 0;
    QStringList failedLeaders;  // once per leader, not per slice
};

void runQueries(rd_kafka_t* client, const QList<WatermarkQuery>& queries, std::chrono::milliseconds timeout,
                QThreadPool* pool, WatermarkTally& tally) {
    if (queries.isEmpty()) {
        return;
    }
    const QList<WatermarkAnswer> answers = QtConcurrent::blockingMapped(
        pool, queries,
        [client, timeout](const WatermarkQuery& query) { return queryOffsets(client, query, timeout); });
    for (qsizetype q = 0; q < queries.size(); ++q) {
        const WatermarkQuery& query = queries[q];
        const WatermarkAnswer& answer = answers[q];
        const bool low = query.logicalOffset == RD_KAFKA_OFFSET_BEGINNING;
        for (qsizetype i = 0; i < query.targets.size(); ++i) {
            (low ? query.targets[i]->lowWatermark : query.targets[i]->highWatermark) =
                answer.offsets.value(i);
            tally.missing += answer.offsets.value(i) ? 0 : 1;
        }
        const QString failure = QString("broker %1: %2").arg(query.leader).arg(answer.error);
        if (!answer.error.isEmpty() && !tally.failedLeaders.contains(failure)) {
            tally.failedLeaders.append(failure);
        }
    }
}

BrokerReachability reachabilityOf(const QString& state, qint64 stateAgeUs, BrokerReachability previous) {
    if (state == QLatin1String("UP") || state == QLatin1String("UPDATE")) {
        return BrokerReachability::Reachable;
    }
    // INIT: not connected because nothing needed it (sparse connections) or waiting to retry.
    if (state == QLatin1String("INIT")) {
        return previous;
    }
    // Connecting, handshaking or down: a healthy connection passes through these in milliseconds.
    constexpr qint64 kStuckAfterUs = 1'000'000;
    return stateAgeUs >= kStuckAfterUs || state == QLatin1String("DOWN") ? BrokerReachability::Unreachable
                                                                         : previous;
}

}  // namespace

std::optional<ClusterMetadata> fetchMetadata(rd_kafka_s* client, std::chrono::milliseconds timeout,
                                             QString* error) {
    const rd_kafka_metadata_t* raw = nullptr;
    const rd_kafka_resp_err_t err =
        rd_kafka_metadata(client, 1, nullptr, &raw, static_cast<int>(timeout.count()));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = QString::fromUtf8(rd_kafka_err2str(err));
        return std::nullopt;
    }
    const MetadataHandle metadata(raw);

    ClusterMetadata result;
    result.clusterId = clusterIdOf(client);
    result.controllerId = rd_kafka_controllerid(client, 0);
    QSet<qint32> liveBrokers;
    for (int i = 0; i < metadata->broker_cnt; ++i) {
        const rd_kafka_metadata_broker_t& broker = metadata->brokers[i];
        result.brokers.append({broker.id, QString::fromUtf8(broker.host), broker.port, {}, {}});
        liveBrokers.insert(broker.id);
    }
    std::sort(result.brokers.begin(), result.brokers.end(),
              [](const BrokerInfo& a, const BrokerInfo& b) { return a.id < b.id; });
    result.topics.reserve(metadata->topic_cnt);
    for (int i = 0; i < metadata->topic_cnt; ++i) {
        result.topics.append(toTopic(metadata->topics[i], liveBrokers));
    }
    std::sort(result.topics.begin(), result.topics.end(),
              [](const TopicInfo& a, const TopicInfo& b) { return a.name < b.name; });
    return result;
}

QStringList fetchWatermarks(rd_kafka_s* client, QList<TopicInfo>& topics, std::chrono::milliseconds timeout,
                            QThreadPool* pool) {
    // The high watermarks come first: a partition whose high watermark is 0 has never kept a record,
    // and a log's start never passes its high watermark (nor its last stable offset), so its low
    // watermark is 0 without asking. Only the other partitions' low watermarks are read after.
    QMap<qint32, WatermarkQuery> highsByLeader;
    for (TopicInfo& topic : topics) {
        for (PartitionInfo& partition : topic.partitions) {
            partition.lowWatermark = partition.highWatermark = std::nullopt;
            if (partition.leader >= 0) {
                addToQuery(highsByLeader, topic.name, partition);
            }
        }
    }
    WatermarkTally tally;
    runQueries(client, slicesOf(highsByLeader, RD_KAFKA_OFFSET_END), timeout, pool, tally);

    QMap<qint32, WatermarkQuery> lowsByLeader;
    for (TopicInfo& topic : topics) {
        for (PartitionInfo& partition : topic.partitions) {
            if (partition.leader < 0) {
                continue;
            }
            if (!partition.highWatermark) {
                ++tally.missing;  // its leader did not answer in time: not asked again in this round
            } else if (*partition.highWatermark == 0) {
                partition.lowWatermark = 0;
            } else {
                addToQuery(lowsByLeader, topic.name, partition);
            }
        }
    }
    runQueries(client, slicesOf(lowsByLeader, RD_KAFKA_OFFSET_BEGINNING), timeout, pool, tally);

    if (tally.missing == 0) {
        return {};
    }
    return {
        QString("%1 watermarks of led partitions could not be read%2.")
            .arg(tally.missing)
            .arg(tally.failedLeaders.isEmpty() ? QString() : " (" + tally.failedLeaders.join("; ") + ")")};
}

QHash<qint32, BrokerReachability> mergeBrokerReachability(QHash<qint32, BrokerReachability> known,
                                                          const QByteArray& statisticsJson) {
    const QJsonObject brokers = QJsonDocument::fromJson(statisticsJson).object().value("brokers").toObject();
    for (auto it = brokers.begin(); it != brokers.end(); ++it) {
        const QJsonObject broker = it.value().toObject();
        // The group coordinator's connection (the offset-fetch group's) carries its broker's id but is
        // a second, logical connection; only the broker's own says whether it is reachable.
        if (broker.value("source").toString() == QLatin1String("logical")) {
            continue;
        }
        const int nodeId = broker.value("nodeid").toInt(-1);
        if (nodeId < 0) {
            continue;  // a bootstrap address, not yet matched to a broker id
        }
        const auto stateAge = static_cast<qint64>(broker.value("stateage").toDouble());
        known.insert(nodeId, reachabilityOf(broker.value("state").toString(), stateAge,
                                            known.value(nodeId, BrokerReachability::Unknown)));
    }
    return known;
}

}  // namespace tideline::model
