#include "model/models/config_model.h"

#include <QHash>

#include "model/models/table_header.h"

namespace tideline::model {
namespace {

// Shown for a sensitive value, which the cluster never sends.
const QString kHidden = QStringLiteral("(hidden)");

QString shown(const QString& value, bool known, bool sensitive) {
    if (known) {
        return value;
    }
    return sensitive ? kHidden : QString();
}

const QHash<QString, QString>& topicDocumentation() {
    static const QHash<QString, QString> docs{
        {"cleanup.policy",
         "delete: old segments are removed by time or size; compact: only the latest "
         "record per key is kept; both may be combined."},
        {"compression.type",
         "Codec the broker stores batches with; 'producer' keeps what the producer sent."},
        {"delete.retention.ms",
         "How long tombstones stay readable in a compacted topic, so that consumers "
         "see deletions."},
        {"file.delete.delay.ms", "Wait before a removed segment file is deleted from disk."},
        {"flush.messages", "Force an fsync after this many records; Kafka normally relies on replication."},
        {"flush.ms", "Force an fsync after this long; Kafka normally relies on replication."},
        {"index.interval.bytes", "Bytes of records between two entries of the sparse offset index."},
        {"max.compaction.lag.ms", "Longest a record may stay uncompacted in a compacted topic."},
        {"max.message.bytes", "Largest record batch the topic accepts, after compression."},
        {"message.timestamp.type",
         "CreateTime keeps the producer's timestamp; LogAppendTime uses the "
         "broker's clock on arrival."},
        {"message.timestamp.difference.max.ms",
         "Largest accepted gap between a record's CreateTime and the "
         "broker's clock."},
        {"min.cleanable.dirty.ratio", "Share of uncompacted log that triggers compaction."},
        {"min.compaction.lag.ms", "Shortest time a record stays uncompacted."},
        {"min.insync.replicas",
         "Replicas that must have a write for an acks=all produce to succeed; fewer "
         "in-sync replicas make such produces fail."},
        {"preallocate", "Preallocate segment files on disk."},
        {"retention.bytes", "Largest size of each partition before old segments are deleted; -1: no limit."},
        {"retention.ms", "How long records are kept before their segment may be deleted; -1: forever."},
        {"segment.bytes", "Size at which a partition's active segment is rolled."},
        {"segment.index.bytes", "Size of each segment's offset index file."},
        {"segment.jitter.ms", "Random delay added to segment.ms so that segments do not all roll at once."},
        {"segment.ms", "Age at which the active segment is rolled even if not full."},
        {"unclean.leader.election.enable",
         "Let an out-of-sync replica become leader when no in-sync one is "
         "left: the partition comes back, with data loss."},
        {"message.downconversion.enable", "Convert batches for consumers that only read older formats."},
        {"local.retention.ms", "With tiered storage: how long records stay on the broker's local disk."},
        {"local.retention.bytes", "With tiered storage: how much stays on the broker's local disk."},
    };
    return docs;
}

}  // namespace

QString configDocumentation(ConfigResourceType type, const QString& name) {
    // Broker configs of the same name (log.retention.ms and so on) differ; only topic docs are known.
    return type == ConfigResourceType::Topic ? topicDocumentation().value(name) : QString();
}

ConfigModel::ConfigModel(QObject* parent) : KeyedTableModel(parent) {}

void ConfigModel::setSession(ClusterSession* session) {
    disconnect(connection_);
    session_ = session;
    pendingRequest_ = 0;
    if (session != nullptr) {
        connection_ =
            connect(session, &ClusterSession::configsDescribed, this, &ConfigModel::applyDescription);
    }
}

void ConfigModel::setResource(const ConfigResource& resource) {
    if (resource == resource_) {
        return;
    }
    resource_ = resource;
    pendingRequest_ = 0;  // an answer about the previous resource is no longer wanted
    error_.clear();
    resetRows({});
}

quint64 ConfigModel::refresh() {
    if (session_ == nullptr) {
        error_ = "No session to read the configuration from.";
        emit loaded(error_);
        return 0;
    }
    pendingRequest_ = session_->describeConfigs(resource_);
    return pendingRequest_;
}

bool ConfigModel::applyDescription(const ConfigDescription& description) {
    if (pendingRequest_ == 0 || description.requestId != pendingRequest_ ||
        !(description.resource == resource_)) {
        return false;  // an earlier request, or one for another resource
    }
    pendingRequest_ = 0;
    error_ = description.error;
    if (error_.isEmpty()) {
        applyUpdate(prepareUpdate(rowsFrom(description)));
    }
    emit loaded(error_);
    return true;
}

QList<ConfigRow> ConfigModel::rowsFrom(const ConfigDescription& description) {
    QList<ConfigRow> rows;
    rows.reserve(description.entries.size());
    for (const ConfigEntry& entry : description.entries) {
        rows.append({entry, configDocumentation(description.resource.type, entry.name)});
    }
    return rows;
}

int ConfigModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ConfigModel::data(const QModelIndex& index, int role) const {
    const ConfigRow* row = rowAt(index);
    if (row == nullptr) {
        return {};
    }
    const ConfigEntry& entry = row->entry;
    switch (role) {
        case KeyRole:
            return entry.name;
        case IsOverrideRole:
            return entry.source == ConfigSource::TopicOverride ||
                   entry.source == ConfigSource::BrokerOverride;
        case DocumentationRole:
            return row->documentation;
        case Qt::ToolTipRole:
            return row->documentation.isEmpty() ? QVariant() : QVariant(row->documentation);
        case Qt::DisplayRole:
        case SortRole:
        case RawValueRole:
            break;
        default:
            return {};
    }
    switch (index.column()) {
        case NameColumn:
            return entry.name;
        case ValueColumn:
            if (role == RawValueRole) {
                return entry.hasValue ? QVariant(entry.value) : QVariant();
            }
            return shown(entry.value, entry.hasValue, entry.sensitive);
        case DefaultColumn:
            if (role == RawValueRole) {
                return entry.hasDefault ? QVariant(entry.defaultValue) : QVariant();
            }
            return shown(entry.defaultValue, entry.hasDefault, entry.sensitive);
        case SourceColumn:
            return role == Qt::DisplayRole ? QVariant(configSourceName(entry.source))
                                           : QVariant(static_cast<int>(entry.source));
        case ReadOnlyColumn:
            return role == Qt::DisplayRole ? QVariant(entry.readOnly ? QStringLiteral("yes") : QString())
                                           : QVariant(entry.readOnly);
        case SensitiveColumn:
            return role == Qt::DisplayRole ? QVariant(entry.sensitive ? QStringLiteral("yes") : QString())
                                           : QVariant(entry.sensitive);
        case DocumentationColumn:
            return row->documentation;
        default:
            return {};
    }
}

QVariant ConfigModel::headerData(int section, Qt::Orientation orientation, int role) const {
    static constexpr std::array<const char*, ColumnCount> kTitles = {
        "Name", "Value", "Default", "Source", "Read-only", "Sensitive", "Documentation"};
    return tableHeader(*this, kTitles, section, orientation, role);
}

QHash<int, QByteArray> ConfigModel::roleNames() const {
    return tableRoleNames(*this, {{SortRole, "sort"},
                                  {KeyRole, "key"},
                                  {RawValueRole, "raw"},
                                  {IsOverrideRole, "isOverride"},
                                  {DocumentationRole, "documentation"}});
}

}  // namespace tideline::model
