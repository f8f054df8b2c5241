#include "model/topic_sizes.h"

#include <QThreadPool>
#include <QtConcurrent>

namespace tideline::model {
namespace {

// v2 and later use the flexible encoding; v0 and v1 carry every field needed here.
constexpr qint16 kDescribeLogDirsMaxVersion = 1;

}  // namespace

BrokerReplicaSizes readBrokerReplicaSizes(const BrokerInfo& broker, const WireSecurity& security,
                                          QDeadlineTimer deadline) {
    BrokerReplicaSizes result;
    result.brokerId = broker.id;
    KafkaWireClient connection(security, QString("broker %1").arg(broker.id));
    if (!connection.open(broker.host, quint16(broker.port), deadline, &result.error)) {
        return result;
    }
    const qint16 version = connection.negotiate(api_key::kDescribeLogDirs, 0, kDescribeLogDirsMaxVersion,
                                                "log dir sizes (DescribeLogDirs, Kafka 1.0+)", &result.error);
    if (version < 0) {
        return result;
    }
    RequestWriter request;
    request.i32(-1);  // null topics: every partition the broker holds
    const auto body = connection.call(api_key::kDescribeLogDirs, version, request, deadline, &result.error);
    if (!body) {
        return result;
    }
    ResponseReader reader(*body);
    reader.i32();  // throttle time
    QStringList dirErrors;
    for (qint32 d = 0, dirs = reader.count(); d < dirs && !reader.failed(); ++d) {
        const qint16 code = reader.i16();
        const QString logDir = reader.string();
        if (code != 0) {
            // An offline log dir lists no partitions; its leaders then report nothing, so stay unknown.
            dirErrors.append(QString("%1: %2").arg(logDir, kafkaErrorText(code)));
        }
        for (qint32 t = 0, topics = reader.count(); t < topics && !reader.failed(); ++t) {
            QHash<qint32, qint64>& partitions = result.bytes[reader.string()];
            for (qint32 p = 0, count = reader.count(); p < count && !reader.failed(); ++p) {
                const qint32 partition = reader.i32();
                const qint64 size = reader.i64();
                reader.i64();  // offset lag
                const bool future = reader.i8() != 0;
                if (!future) {
                    partitions[partition] += size;
                }
            }
        }
    }
    if (reader.failed()) {
        result.bytes.clear();
        result.error = QString("Broker %1 sent a malformed DescribeLogDirs response").arg(broker.id);
    } else if (!dirErrors.isEmpty()) {
        result.error = QString("Broker %1: %2").arg(broker.id).arg(dirErrors.join("; "));
    }
    return result;
}

QList<BrokerReplicaSizes> readReplicaSizes(const QList<BrokerInfo>& brokers, const WireSecurity& security,
                                           std::chrono::milliseconds timeout, QThreadPool* pool) {
    const QDeadlineTimer deadline(timeout);
    return QtConcurrent::blockingMapped<QList<BrokerReplicaSizes>>(
        pool, brokers, [&security, deadline](const BrokerInfo& broker) {
            return readBrokerReplicaSizes(broker, security, deadline);
        });
}

QHash<QString, TopicSize> topicSizes(const QList<TopicInfo>& topics,
                                     const QList<BrokerReplicaSizes>& reports) {
    QHash<QString, TopicSize> sizes;
    // Per topic, each broker's partition sizes are looked up by name once, not once per replica.
    QHash<qint32, const QHash<qint32, qint64>*> onBroker;
    for (const TopicInfo& topic : topics) {
        if (topic.partitions.isEmpty()) {
            continue;  // hidden by an error, or still being created: nothing to add up
        }
        onBroker.clear();
        for (const BrokerReplicaSizes& report : reports) {
            if (const auto found = report.bytes.constFind(topic.name); found != report.bytes.cend()) {
                onBroker.insert(report.brokerId, &*found);
            }
        }
        auto replicaSize = [&onBroker](qint32 broker, qint32 partition) -> std::optional<qint64> {
            const QHash<qint32, qint64>* partitions = onBroker.value(broker);
            if (partitions == nullptr) {
                return std::nullopt;
            }
            const auto size = partitions->constFind(partition);
            return size == partitions->cend() ? std::nullopt : std::optional<qint64>(*size);
        };
        TopicSize size;
        size.allReplicasReported = true;
        bool leadersReported = true;
        for (const PartitionInfo& partition : topic.partitions) {
            const std::optional<qint64> leader = replicaSize(partition.leader, partition.id);
            if (!leader) {
                leadersReported = false;
                break;
            }
            size.leaderBytes += *leader;
            for (qint32 replica : partition.replicas) {
                const std::optional<qint64> bytes = replicaSize(replica, partition.id);
                size.allReplicasBytes += bytes.value_or(0);
                size.allReplicasReported = size.allReplicasReported && bytes.has_value();
            }
        }
        if (leadersReported) {
            sizes.insert(topic.name, size);
        }
    }
    return sizes;
}

}  // namespace tideline::model
