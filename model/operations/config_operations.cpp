#include <QSet>
#include <algorithm>

#include "model/operations/admin_call.h"
#include "model/operations/admin_operations.h"

namespace tideline::model {
namespace {

struct ConfigResourceDeleter {
    void operator()(rd_kafka_ConfigResource_t* resource) const { rd_kafka_ConfigResource_destroy(resource); }
};
using ConfigResourceHandle = std::unique_ptr<rd_kafka_ConfigResource_t, ConfigResourceDeleter>;

ConfigSource sourceOf(rd_kafka_ConfigSource_t source) {
    switch (source) {
        case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG:
            return ConfigSource::TopicOverride;
        case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_BROKER_CONFIG:
            return ConfigSource::BrokerOverride;
        case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG:
            return ConfigSource::ClusterDefault;
        case RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG:
            return ConfigSource::StaticBrokerConfig;
        case RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG:
            return ConfigSource::Default;
        default:
            return ConfigSource::Unknown;
    }
}

ConfigEntry toEntry(const rd_kafka_ConfigEntry_t* raw) {
    ConfigEntry entry;
    entry.name = text(rd_kafka_ConfigEntry_name(raw));
    const char* value = rd_kafka_ConfigEntry_value(raw);
    entry.hasValue = value != nullptr;
    entry.value = text(value);
    entry.source = sourceOf(rd_kafka_ConfigEntry_source(raw));
    entry.isDefault = rd_kafka_ConfigEntry_is_default(raw) != 0;
    entry.readOnly = rd_kafka_ConfigEntry_is_read_only(raw) != 0;
    entry.sensitive = rd_kafka_ConfigEntry_is_sensitive(raw) != 0;
    if (entry.isDefault || entry.source == ConfigSource::Default) {
        entry.defaultValue = entry.value;
        entry.hasDefault = entry.hasValue;
    }
    // Synonyms come in order of precedence, starting with the entry itself: the first one from another
    // source is what the value falls back to without this override.
    size_t count = 0;
    const rd_kafka_ConfigEntry_t** synonyms = rd_kafka_ConfigEntry_synonyms(raw, &count);
    for (size_t i = 0; i < count; ++i) {
        if (sourceOf(rd_kafka_ConfigEntry_source(synonyms[i])) != entry.source) {
            const char* fallback = rd_kafka_ConfigEntry_value(synonyms[i]);
            entry.hasDefault = fallback != nullptr;
            entry.defaultValue = text(fallback);
            break;
        }
    }
    return entry;
}

rd_kafka_ResourceType_t rawType(ConfigResourceType type) {
    return type == ConfigResourceType::Broker ? RD_KAFKA_RESOURCE_BROKER : RD_KAFKA_RESOURCE_TOPIC;
}

// Describes resources, restricted to `only` config names when given. Null with `error` on failure.
EventHandle describe(AdminCall& call, const QList<ConfigResource>& resources, const QStringList& only,
                     QString* error) {
    std::vector<ConfigResourceHandle> owned;
    std::vector<rd_kafka_ConfigResource_t*> raw;
    for (const ConfigResource& resource : resources) {
        owned.emplace_back(
            rd_kafka_ConfigResource_new(rawType(resource.type), resource.name.toUtf8().constData()));
        for (const QString& name : only) {
            rd_kafka_ConfigResource_set_config(owned.back().get(), name.toUtf8().constData(), nullptr);
        }
        raw.push_back(owned.back().get());
    }
    rd_kafka_DescribeConfigs(call.client, raw.data(), raw.size(), call.options.get(), call.queue.get());
    return call.wait(error);
}

}  // namespace

ConfigDescription describeConfigs(rd_kafka_t* client, const ConfigResource& resource, milliseconds timeout) {
    ConfigDescription description;
    description.resource = resource;
    if (resource.name.isEmpty()) {
        description.error = "Name a topic or a broker id to describe.";
        return description;
    }
    AdminCall call(client, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout);
    const EventHandle event = describe(call, {resource}, {}, &description.error);
    if (!event) {
        return description;
    }
    size_t count = 0;
    const rd_kafka_ConfigResource_t** resources =
        rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event.get()), &count);
    if (count == 0) {
        description.error = "The cluster returned no configuration.";
        return description;
    }
    if (const rd_kafka_resp_err_t err = rd_kafka_ConfigResource_error(resources[0]); err != 0) {
        description.error = errorText(err, rd_kafka_ConfigResource_error_string(resources[0]));
        return description;
    }
    size_t entryCount = 0;
    const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(resources[0], &entryCount);
    for (size_t i = 0; i < entryCount; ++i) {
        description.entries.append(toEntry(entries[i]));
    }
    std::sort(description.entries.begin(), description.entries.end(),
              [](const ConfigEntry& a, const ConfigEntry& b) { return a.name < b.name; });
    return description;
}

QHash<QString, int> readMinInsyncReplicas(rd_kafka_t* client, const QStringList& topics, milliseconds timeout,
                                          QString* error) {
    QHash<QString, int> found;
    if (topics.isEmpty()) {
        return found;
    }
    QList<ConfigResource> resources;
    for (const QString& topic : topics) {
        resources.append({ConfigResourceType::Topic, topic});
    }
    AdminCall call(client, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout);
    const EventHandle event = describe(call, resources, {"min.insync.replicas"}, error);
    if (!event) {
        return found;
    }
    size_t count = 0;
    const rd_kafka_ConfigResource_t** answered =
        rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event.get()), &count);
    for (size_t r = 0; r < count; ++r) {
        if (rd_kafka_ConfigResource_error(answered[r]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            continue;
        }
        size_t entryCount = 0;
        const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(answered[r], &entryCount);
        for (size_t i = 0; i < entryCount; ++i) {
            bool isNumber = false;
            const int value = text(rd_kafka_ConfigEntry_value(entries[i])).toInt(&isNumber);
            if (text(rd_kafka_ConfigEntry_name(entries[i])) == "min.insync.replicas" && isNumber) {
                found.insert(text(rd_kafka_ConfigResource_name(answered[r])), value);
            }
        }
    }
    return found;
}

OperationResult alterTopicConfigs(rd_kafka_t* client, const QString& topic,
                                  const QList<ConfigChange>& changes, bool validateOnly,
                                  milliseconds timeout) {
    OperationResult result;
    result.kind = OperationKind::AlterTopicConfigs;
    result.validateOnly = validateOnly;
    if (changes.isEmpty()) {
        result.error = "No configuration change was given.";
        return result;
    }
    const ConfigDescription current = describeConfigs(client, {ConfigResourceType::Topic, topic}, timeout);
    if (!current.error.isEmpty()) {
        result.error =
            QString("Reading the current configuration of '%1' failed: %2").arg(topic, current.error);
        return result;
    }
    QMap<QString, QString> overrides;
    QSet<QString> changed;
    for (const ConfigChange& change : changes) {
        changed.insert(change.name);
    }
    for (const ConfigEntry& entry : current.entries) {
        if (entry.source != ConfigSource::TopicOverride) {
            continue;
        }
        if (!entry.hasValue && !changed.contains(entry.name)) {
            result.error = QString(
                               "'%1' has a sensitive override whose value the cluster does not reveal; "
                               "AlterConfigs would drop it. Change it in the same request or with "
                               "kafka-configs.")
                               .arg(entry.name);
            return result;
        }
        overrides.insert(entry.name, entry.value);
    }
    for (const ConfigChange& change : changes) {
        const auto known = std::find_if(current.entries.cbegin(), current.entries.cend(),
                                        [&](const ConfigEntry& e) { return e.name == change.name; });
        if (known != current.entries.cend() && known->readOnly) {
            result.error = QString("'%1' is read-only.").arg(change.name);
            return result;
        }
        if (change.value) {
            overrides.insert(change.name, *change.value);
        } else {
            overrides.remove(change.name);
        }
    }

    AdminCall call(client, RD_KAFKA_ADMIN_OP_ALTERCONFIGS, timeout);
    char error[256];
    rd_kafka_AdminOptions_set_validate_only(call.options.get(), validateOnly ? 1 : 0, error, sizeof error);
    ConfigResourceHandle resource(
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.toUtf8().constData()));
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it) {
        rd_kafka_ConfigResource_set_config(resource.get(), it.key().toUtf8().constData(),
                                           it.value().toUtf8().constData());
    }
    rd_kafka_ConfigResource_t* raw = resource.get();
    rd_kafka_AlterConfigs(client, &raw, 1, call.options.get(), call.queue.get());
    const EventHandle event = call.wait(&result.error);
    if (!event) {
        return result;
    }
    size_t count = 0;
    const rd_kafka_ConfigResource_t** answered =
        rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(event.get()), &count);
    for (size_t i = 0; i < count; ++i) {
        const rd_kafka_resp_err_t err = rd_kafka_ConfigResource_error(answered[i]);
        const QString itemError = err == RD_KAFKA_RESP_ERR_NO_ERROR
                                      ? QString()
                                      : errorText(err, rd_kafka_ConfigResource_error_string(answered[i]));
        result.items.append({text(rd_kafka_ConfigResource_name(answered[i])), itemError});
        if (result.error.isEmpty()) {
            result.error = itemError;
        }
    }
    return result;
}

}  // namespace tideline::model
