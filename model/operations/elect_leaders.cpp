#include "model/operations/elect_leaders.h"

#include <QDeadlineTimer>
#include <QMap>

#include "model/operations/kafka_wire_client.h"

namespace tideline::model {
namespace {

constexpr qint8 kPreferredElection = 0;
constexpr qint16 kElectionNotNeeded = 84;

}  // namespace

OperationResult electPreferredLeaders(rd_kafka_t* client, const ClientProperties& properties,
                                      const QList<TopicPartition>& partitions,
                                      std::chrono::milliseconds timeout) {
    OperationResult result;
    const WireSecurity security = WireSecurity::fromProperties(properties);
    if (const QString refusal = unsupportedWireSecurity(security, "Preferred leader election");
        !refusal.isEmpty()) {
        result.error = refusal;
        return result;
    }
    const QDeadlineTimer deadline(timeout);
    const int timeoutMs = int(timeout.count());
    const qint32 controller = rd_kafka_controllerid(client, timeoutMs);
    const rd_kafka_metadata_t* raw = nullptr;
    const rd_kafka_resp_err_t metadataError = rd_kafka_metadata(client, 0, nullptr, &raw, timeoutMs);
    if (metadataError != RD_KAFKA_RESP_ERR_NO_ERROR) {
        result.error = QString("Cannot read the cluster's metadata: %1").arg(rd_kafka_err2str(metadataError));
        return result;
    }
    const MetadataHandle metadata(raw);
    QString host;
    int port = 0;
    for (int i = 0; i < metadata->broker_cnt; ++i) {
        if (metadata->brokers[i].id == controller) {
            host = QString::fromUtf8(metadata->brokers[i].host);
            port = metadata->brokers[i].port;
        }
    }
    if (controller < 0 || host.isEmpty()) {
        result.error = "The cluster named no reachable controller";
        return result;
    }

    KafkaWireClient connection(security, "the controller");
    if (!connection.open(host, quint16(port), deadline, &result.error)) {
        return result;
    }
    // We write v0 and v1; v1 added the election type.
    const qint16 version = connection.negotiate(api_key::kElectLeaders, 0, 1,
                                                "leader elections (ElectLeaders, Kafka 2.2+)", &result.error);
    if (version < 0) {
        return result;
    }
    QMap<QString, QList<qint32>> byTopic;
    for (const TopicPartition& partition : partitions) {
        byTopic[partition.topic].append(partition.partition);
    }
    RequestWriter request;
    if (version >= 1) {
        request.i8(kPreferredElection);
    }
    if (byTopic.isEmpty()) {
        request.i32(-1);  // null: every partition
    } else {
        request.i32(qint32(byTopic.size()));
        for (auto it = byTopic.cbegin(); it != byTopic.cend(); ++it) {
            request.string(it.key()).i32(qint32(it.value().size()));
            for (qint32 id : it.value()) {
                request.i32(id);
            }
        }
    }
    request.i32(timeoutMs);
    const auto body = connection.call(api_key::kElectLeaders, version, request, deadline, &result.error);
    if (!body) {
        return result;
    }
    ResponseReader reader(*body);
    reader.i32();  // throttle time
    if (version >= 1) {
        if (const qint16 code = reader.i16(); code != 0) {
            result.error = kafkaErrorText(code, {});
            return result;
        }
    }
    for (qint32 t = 0, topics = reader.count(); t < topics && !reader.failed(); ++t) {
        const QString topic = reader.string();
        for (qint32 p = 0, count = reader.count(); p < count && !reader.failed(); ++p) {
            const qint32 partition = reader.i32();
            const qint16 code = reader.i16();
            const QString message = reader.string();
            OperationItem item{QString("%1-%2").arg(topic).arg(partition), {}};
            // Already led by its preferred replica: what was asked for holds.
            if (code != 0 && code != kElectionNotNeeded) {
                item.error = kafkaErrorText(code, message);
                if (result.error.isEmpty()) {
                    result.error = QString("%1: %2").arg(item.name, item.error);
                }
            }
            result.items.append(item);
        }
    }
    if (reader.failed()) {
        result.error = "The controller sent a malformed ElectLeaders response";
    }
    return result;
}

}  // namespace tideline::model
