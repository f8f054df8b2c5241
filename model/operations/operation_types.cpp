#include "model/operations/operation_types.h"

namespace tideline::model {

QString configSourceName(ConfigSource source) {
    switch (source) {
        case ConfigSource::Unknown:
            return QStringLiteral("unknown");
        case ConfigSource::TopicOverride:
            return QStringLiteral("topic override");
        case ConfigSource::BrokerOverride:
            return QStringLiteral("broker override");
        case ConfigSource::ClusterDefault:
            return QStringLiteral("cluster-wide default");
        case ConfigSource::StaticBrokerConfig:
            return QStringLiteral("server.properties");
        case ConfigSource::Default:
            return QStringLiteral("Kafka default");
    }
    Q_UNREACHABLE();
}

QString operationName(OperationKind kind) {
    switch (kind) {
        case OperationKind::CreateTopic:
            return QStringLiteral("Create topic");
        case OperationKind::DeleteTopics:
            return QStringLiteral("Delete topics");
        case OperationKind::CreatePartitions:
            return QStringLiteral("Add partitions");
        case OperationKind::AlterTopicConfigs:
            return QStringLiteral("Alter topic configuration");
        case OperationKind::DeleteRecords:
            return QStringLiteral("Delete records");
        case OperationKind::DeleteGroup:
            return QStringLiteral("Delete consumer group");
        case OperationKind::ProduceRecord:
            return QStringLiteral("Produce record");
        case OperationKind::ElectLeaders:
            return QStringLiteral("Elect preferred leaders");
    }
    Q_UNREACHABLE();
}

void registerOperationMetaTypes() {
    qRegisterMetaType<ConfigDescription>();
    qRegisterMetaType<OperationResult>();
    qRegisterMetaType<OffsetResetResult>();
    qRegisterMetaType<BrowseResult>();
}

}  // namespace tideline::model
