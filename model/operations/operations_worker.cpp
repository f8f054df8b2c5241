#include "model/operations/operations_worker.h"

#include <QLoggingCategory>

#include "model/operations/admin_operations.h"
#include "model/operations/broker_api_support.h"
#include "model/operations/elect_leaders.h"
#include "model/operations/record_operations.h"

namespace tideline::model {
namespace {

Q_LOGGING_CATEGORY(lcOperationsLibrdkafka, "tideline.librdkafka", QtWarningMsg)

void onClientLog(const rd_kafka_t*, int level, const char* facility, const char* message) {
    qCInfo(lcOperationsLibrdkafka, "[%d] %s: %s", level, facility, message);
}

// The admin client's log also tells which APIs each broker serves.
void onAdminClientLog(const rd_kafka_t* client, int level, const char* facility, const char* message) {
    static_cast<BrokerApiSupport*>(rd_kafka_opaque(client))->noteLog(facility, message);
    onClientLog(client, level, facility, message);
}

ClientHandle createAdminClient(const ClientProperties& properties, BrokerApiSupport* apis, QString* error) {
    ConfHandle conf(rd_kafka_conf_new());
    char errorText[512];
    // The "feature" debug context is where librdkafka logs each broker's ApiVersions answer.
    QByteArray debug = "feature";
    for (const auto& [key, value] : properties) {
        if (key == "group.id" || key == "group.instance.id" || key == "statistics.interval.ms") {
            continue;
        }
        if (key == "debug") {
            debug = value + ",feature";
            continue;
        }
        if (rd_kafka_conf_set(conf.get(), key.constData(), value.constData(), errorText, sizeof errorText) !=
            RD_KAFKA_CONF_OK) {
            *error = QString("The setting %1 was refused: %2").arg(QString::fromUtf8(key), errorText);
            return nullptr;
        }
    }
    // The profile's group is not this client's to use; this one only keeps librdkafka from crashing
    // on committed offsets (see kOffsetFetchGroupId).
    if (rd_kafka_conf_set(conf.get(), "group.id", kOffsetFetchGroupId, errorText, sizeof errorText) !=
        RD_KAFKA_CONF_OK) {
        *error = QString("The setting group.id was refused: %1").arg(errorText);
        return nullptr;
    }
    if (rd_kafka_conf_set(conf.get(), "debug", debug.constData(), errorText, sizeof errorText) !=
        RD_KAFKA_CONF_OK) {
        *error = QString("The setting debug was refused: %1").arg(errorText);
        return nullptr;
    }
    rd_kafka_conf_set_opaque(conf.get(), apis);
    rd_kafka_conf_set_log_cb(conf.get(), &onAdminClientLog);
    rd_kafka_t* client = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errorText, sizeof errorText);
    if (client == nullptr) {
        *error = QString("The Kafka client could not be created: %1").arg(errorText);
        return nullptr;
    }
    conf.release();
    return ClientHandle(client);
}

}  // namespace

OperationsWorker::OperationsWorker(ClientProperties properties, std::chrono::milliseconds timeout,
                                   std::shared_ptr<const std::atomic_bool> stopping)
    : properties_(std::move(properties)), timeout_(timeout), stopping_(std::move(stopping)) {}

OperationsWorker::~OperationsWorker() = default;

rd_kafka_t* OperationsWorker::admin(QString* error) {
    if (!admin_) {
        admin_ = createAdminClient(properties_, &adminApis_, error);
    }
    return admin_.get();
}

rd_kafka_t* OperationsWorker::producer(QString* error) {
    if (!producer_) {
        producer_ = createRecordClient(RecordClientKind::Producer, properties_, timeout_, error);
    }
    return producer_.get();
}

rd_kafka_t* OperationsWorker::browser(QString* error) {
    if (!browser_) {
        browser_ = createRecordClient(RecordClientKind::Browser, properties_, timeout_, error);
    }
    return browser_.get();
}

void OperationsWorker::finish(quint64 id, OperationKind kind, OperationResult result) {
    result.requestId = id;
    result.kind = kind;
    emit operationFinished(result);
}

void OperationsWorker::describeConfigs(quint64 id, const ConfigResource& resource) {
    ConfigDescription description;
    QString error;
    if (rd_kafka_t* client = admin(&error)) {
        description = tideline::model::describeConfigs(client, resource, timeout_);
    } else {
        description.resource = resource;
        description.error = error;
    }
    description.requestId = id;
    emit configsDescribed(description);
}

void OperationsWorker::createTopic(quint64 id, const NewTopicSpec& spec, bool validateOnly) {
    QString error;
    rd_kafka_t* client = admin(&error);
    OperationResult result =
        client ? tideline::model::createTopic(client, spec, validateOnly, timeout_) : OperationResult{};
    result.error = client ? result.error : error;
    result.validateOnly = validateOnly;
    finish(id, OperationKind::CreateTopic, result);
}

void OperationsWorker::deleteTopics(quint64 id, const QStringList& topics) {
    QString error;
    rd_kafka_t* client = admin(&error);
    OperationResult result =
        client ? tideline::model::deleteTopics(client, topics, timeout_) : OperationResult{};
    result.error = client ? result.error : error;
    finish(id, OperationKind::DeleteTopics, result);
}

void OperationsWorker::createPartitions(quint64 id, const QString& topic, int totalPartitions,
                                        bool validateOnly) {
    QString error;
    rd_kafka_t* client = admin(&error);
    OperationResult result =
        client ? tideline::model::createPartitions(client, topic, totalPartitions, validateOnly, timeout_)
               : OperationResult{};
    result.error = client ? result.error : error;
    result.validateOnly = validateOnly;
    finish(id, OperationKind::CreatePartitions, result);
}

void OperationsWorker::alterTopicConfigs(quint64 id, const QString& topic, const QList<ConfigChange>& changes,
                                         bool validateOnly) {
    QString error;
    rd_kafka_t* client = admin(&error);
    OperationResult result =
        client ? tideline::model::alterTopicConfigs(client, topic, changes, validateOnly, timeout_)
               : OperationResult{};
    result.error = client ? result.error : error;
    result.validateOnly = validateOnly;
    finish(id, OperationKind::AlterTopicConfigs, result);
}

void OperationsWorker::deleteRecords(quint64 id, const QList<PartitionOffset>& before) {
    QString error;
    rd_kafka_t* client = admin(&error);
    OperationResult result =
        client ? tideline::model::deleteRecords(client, before, timeout_) : OperationResult{};
    result.error = client ? result.error : error;
    finish(id, OperationKind::DeleteRecords, result);
}

void OperationsWorker::deleteGroup(quint64 id, const QString& group) {
    QString error;
    rd_kafka_t* client = admin(&error);
    OperationResult result =
        client ? tideline::model::deleteGroup(client, group, adminApis_, timeout_) : OperationResult{};
    result.error = client ? result.error : error;
    finish(id, OperationKind::DeleteGroup, result);
}

void OperationsWorker::electPreferredLeaders(quint64 id, const QList<TopicPartition>& partitions) {
    QString error;
    rd_kafka_t* client = admin(&error);
    OperationResult result =
        client ? tideline::model::electPreferredLeaders(client, properties_, partitions, timeout_)
               : OperationResult{};
    result.error = client ? result.error : error;
    finish(id, OperationKind::ElectLeaders, result);
}

void OperationsWorker::resetGroupOffsets(quint64 id, const OffsetResetSpec& spec, bool apply) {
    OffsetResetResult result;
    QString error;
    if (rd_kafka_t* client = admin(&error)) {
        result = tideline::model::resetGroupOffsets(client, spec, apply, timeout_, *stopping_);
    } else {
        result.group = spec.group;
        result.error = error;
    }
    result.requestId = id;
    emit offsetResetFinished(result);
}

void OperationsWorker::produceRecord(quint64 id, const ProduceSpec& spec) {
    QString error;
    rd_kafka_t* client = producer(&error);
    OperationResult result =
        client ? tideline::model::produceRecord(client, spec, timeout_) : OperationResult{};
    result.error = client ? result.error : error;
    finish(id, OperationKind::ProduceRecord, result);
}

void OperationsWorker::browseRecords(quint64 id, const BrowseSpec& spec) {
    BrowseResult result;
    QString error;
    if (rd_kafka_t* client = browser(&error)) {
        result = tideline::model::browseRecords(client, spec, timeout_, *stopping_);
    } else {
        result.topic = spec.topic;
        result.error = error;
    }
    result.requestId = id;
    emit recordsBrowsed(result);
}

}  // namespace tideline::model
