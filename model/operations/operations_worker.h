// The part of a LibrdkafkaSession that runs operations, on a thread of its own ("session:<profile>:ops").
// Operations do not share the polling thread: a poll of a large cluster holds that thread for seconds,
// and a browse waiting for records would hold up the lag polls. Its clients are created on first need:
// an admin client (a consumer without group.id, like the polling one), a producer, and a browser.
// Internal to the model library.
#pragma once

#include <QObject>
#include <atomic>
#include <memory>

#include "model/client_properties.h"
#include "model/operations/broker_api_support.h"
#include "model/operations/operation_types.h"
#include "model/rdkafka_handles.h"
#include "model/session_options.h"

namespace tideline::model {

class OperationsWorker : public QObject {
    Q_OBJECT

public:
    OperationsWorker(ClientProperties properties, std::chrono::milliseconds timeout,
                     std::shared_ptr<const std::atomic_bool> stopping);
    ~OperationsWorker() override;

    // Each runs on the worker's thread (invoke them queued) and emits one result with `id`.
    void describeConfigs(quint64 id, const ConfigResource& resource);
    void createTopic(quint64 id, const NewTopicSpec& spec, bool validateOnly);
    void deleteTopics(quint64 id, const QStringList& topics);
    void createPartitions(quint64 id, const QString& topic, int totalPartitions, bool validateOnly);
    void alterTopicConfigs(quint64 id, const QString& topic, const QList<ConfigChange>& changes,
                           bool validateOnly);
    void deleteRecords(quint64 id, const QList<PartitionOffset>& before);
    void deleteGroup(quint64 id, const QString& group);
    void electPreferredLeaders(quint64 id, const QList<TopicPartition>& partitions);
    void resetGroupOffsets(quint64 id, const OffsetResetSpec& spec, bool apply);
    void produceRecord(quint64 id, const ProduceSpec& spec);
    void browseRecords(quint64 id, const BrowseSpec& spec);

signals:
    void configsDescribed(const tideline::model::ConfigDescription& description);
    void operationFinished(const tideline::model::OperationResult& result);
    void offsetResetFinished(const tideline::model::OffsetResetResult& result);
    void recordsBrowsed(const tideline::model::BrowseResult& result);

private:
    rd_kafka_t* admin(QString* error);
    rd_kafka_t* producer(QString* error);
    rd_kafka_t* browser(QString* error);
    void finish(quint64 id, OperationKind kind, OperationResult result);

    const ClientProperties properties_;
    const std::chrono::milliseconds timeout_;
    const std::shared_ptr<const std::atomic_bool> stopping_;
    BrokerApiSupport adminApis_;  // fed by admin_'s log; declared first, so it outlives the client
    ClientHandle admin_;
    ClientHandle producer_;
    ClientHandle browser_;
};

}  // namespace tideline::model
