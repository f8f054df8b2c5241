// Requests and results of the operations a ClusterSession runs on request (configs, topic and group
// administration, producing and browsing records). Plain values registered as metatypes: they cross
// from the session's operations thread to the GUI thread through queued signals. Every result carries
// the request id its call returned, and the cluster's own error text when it failed.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

#include "model/snapshot.h"

namespace tideline::model {

// ---- configs ----

enum class ConfigResourceType { Topic, Broker };

struct ConfigResource {
    ConfigResourceType type = ConfigResourceType::Topic;
    QString name;  // topic name, or broker id in decimal

    bool operator==(const ConfigResource&) const = default;
};

// Where a value comes from, Kafka's ConfigSource.
enum class ConfigSource {
    Unknown,
    TopicOverride,       // set on this topic
    BrokerOverride,      // dynamic, set on this broker
    ClusterDefault,      // dynamic, set as default for every broker
    StaticBrokerConfig,  // server.properties
    Default,             // built into Kafka
};
QString configSourceName(ConfigSource source);

struct ConfigEntry {
    QString name;
    // Plain strings with flags rather than optionals: GCC 12 misreads moves of optional<QString>.
    QString value;
    bool hasValue = false;  // false: null, as for a sensitive value, which the cluster never sends
    // The value it would have without its own override: the next synonym in precedence order.
    QString defaultValue;
    bool hasDefault = false;
    ConfigSource source = ConfigSource::Unknown;
    bool isDefault = false;
    bool readOnly = false;
    bool sensitive = false;

    bool operator==(const ConfigEntry&) const = default;
};

struct ConfigDescription {
    quint64 requestId = 0;
    ConfigResource resource;
    QList<ConfigEntry> entries;  // sorted by name
    QString error;               // empty on success

    bool operator==(const ConfigDescription&) const = default;
};

// One change to a topic's overrides: a new value, or none to drop the override (back to the default).
struct ConfigChange {
    QString name;
    std::optional<QString> value;

    bool operator==(const ConfigChange&) const = default;
};

// ---- topic, record and group administration ----

struct NewTopicSpec {
    QString name;
    int partitions = 1;
    int replicationFactor = 1;  // -1: the broker's default.replication.factor
    QMap<QString, QString> configs;
};

struct PartitionOffset {
    QString topic;
    qint32 partition = -1;
    qint64 offset = -1;

    bool operator==(const PartitionOffset&) const = default;
};

enum class OperationKind {
    CreateTopic,
    DeleteTopics,
    CreatePartitions,
    AlterTopicConfigs,
    DeleteRecords,
    DeleteGroup,
    ProduceRecord,
    ElectLeaders,
};
QString operationName(OperationKind kind);

// What happened to one item (a topic, a partition, a group) of an operation.
struct OperationItem {
    QString name;   // "orders", "orders-3", a group id
    QString error;  // empty: done

    bool operator==(const OperationItem&) const = default;
};

struct OperationResult {
    quint64 requestId = 0;
    OperationKind kind = OperationKind::CreateTopic;
    bool validateOnly = false;  // a preview: the cluster checked the request but changed nothing
    QString error;              // empty when every item succeeded; otherwise the first failure
    QList<OperationItem> items;
    // DeleteRecords: each partition's new low watermark; ProduceRecord: where the record went.
    QList<PartitionOffset> offsets;
    qint64 timestampMs = -1;  // ProduceRecord: the record's timestamp

    bool ok() const { return error.isEmpty(); }
    bool operator==(const OperationResult&) const = default;
};

// ---- consumer group offsets ----

enum class OffsetResetTarget { Earliest, Latest, Offset, Timestamp, ShiftBy };

struct OffsetResetSpec {
    QString group;
    // Empty: every partition the group has committed offsets on.
    QList<TopicPartition> partitions;
    OffsetResetTarget target = OffsetResetTarget::Earliest;
    qint64 value = 0;  // the offset, the timestamp in ms since the epoch, or the shift (negative: back)
};

struct OffsetResetRow {
    QString topic;
    qint32 partition = -1;
    std::optional<qint64> oldOffset;  // none: the group never committed here
    qint64 newOffset = -1;            // clamped into [low, high] watermarks, as Kafka's tool does
    qint64 lowWatermark = -1;
    qint64 highWatermark = -1;
    QString error;

    bool operator==(const OffsetResetRow&) const = default;
};

struct OffsetResetResult {
    quint64 requestId = 0;
    bool applied = false;  // false: a dry run, nothing was committed
    QString group;
    int activeMembers = -1;      // members the group had when checked; -1: it could not be described
    QList<OffsetResetRow> rows;  // sorted by topic, then partition
    QString error;

    bool ok() const { return error.isEmpty(); }
    bool operator==(const OffsetResetResult&) const = default;
};

// ---- records ----

struct RecordHeader {
    QString key;
    std::optional<QByteArray> value;

    bool operator==(const RecordHeader&) const = default;
};

struct ProduceSpec {
    QString topic;
    std::optional<qint32> partition;  // none: the partitioner picks one from the key
    std::optional<QByteArray> key;    // none: a null key
    std::optional<QByteArray> value;  // none: a null value (a tombstone)
    QList<RecordHeader> headers;
    qint64 timestampMs = 0;  // 0: the producer's clock
};

enum class BrowseStart { Beginning, EndMinusN, Offset, Timestamp };

struct BrowseSpec {
    QString topic;
    std::optional<qint32> partition;  // none: every partition
    BrowseStart start = BrowseStart::Beginning;
    qint64 value = 0;      // N, the offset, or the timestamp in ms
    int maxRecords = 100;  // in total; at most kMaxBrowseRecords
    int timeoutMs = 5000;  // for reading, once the start offsets are known
};
inline constexpr int kMaxBrowseRecords = 10000;

struct BrowsedRecord {
    qint32 partition = -1;
    qint64 offset = -1;
    qint64 timestampMs = -1;
    std::optional<QByteArray> key;
    std::optional<QByteArray> value;
    QList<RecordHeader> headers;

    bool operator==(const BrowsedRecord&) const = default;
};

struct BrowseResult {
    quint64 requestId = 0;
    QString topic;
    // Partitions in order of id, records by offset within each; at most maxRecords.
    QList<BrowsedRecord> records;
    bool complete = false;  // every partition was read up to where it ended when the browse began
    QString error;

    bool ok() const { return error.isEmpty(); }
    bool operator==(const BrowseResult&) const = default;
};

void registerOperationMetaTypes();

}  // namespace tideline::model

Q_DECLARE_METATYPE(tideline::model::ConfigDescription)
Q_DECLARE_METATYPE(tideline::model::OperationResult)
Q_DECLARE_METATYPE(tideline::model::OffsetResetResult)
Q_DECLARE_METATYPE(tideline::model::BrowseResult)
