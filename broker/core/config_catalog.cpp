#include "broker/core/config_catalog.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace tideline::broker {
namespace {

using Type = ConfigTypeCode;

struct TopicConfigSpec {
    const char* name;
    const char* broker_name;  // the broker setting that supplies the default; "" if none
    const char* kafka_default;
    Type type;
    const char* documentation;
};

constexpr const char* kLongMax = "9223372036854775807";

// The 26 topic configs a Kafka 2.4 broker reports for every topic (names, defaults and broker
// synonyms are Kafka's; the documentation lines are ours).
const std::vector<TopicConfigSpec>& topic_specs() {
    static const std::vector<TopicConfigSpec> specs = {
        {"cleanup.policy", "log.cleanup.policy", "delete", Type::List,
         "delete: old segments are removed by retention; compact: the latest record per key is kept."},
        {"compression.type", "compression.type", "producer", Type::String,
         "Codec of stored batches; producer keeps what the producer sent."},
        {"delete.retention.ms", "log.cleaner.delete.retention.ms", "86400000", Type::Long,
         "How long tombstones stay readable in a compacted topic."},
        {"file.delete.delay.ms", "log.segment.delete.delay.ms", "60000", Type::Long,
         "Wait before a deleted segment's files are removed from disk."},
        {"flush.messages", "log.flush.interval.messages", kLongMax, Type::Long,
         "Records between forced fsyncs of the log."},
        {"flush.ms", "", kLongMax, Type::Long, "Milliseconds between forced fsyncs of the log."},
        {"follower.replication.throttled.replicas", "", "", Type::List,
         "Replicas whose follower traffic is throttled."},
        {"index.interval.bytes", "log.index.interval.bytes", "4096", Type::Int,
         "Bytes of log between two offset index entries."},
        {"leader.replication.throttled.replicas", "", "", Type::List,
         "Replicas whose leader-side traffic is throttled."},
        {"max.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms", kLongMax, Type::Long,
         "Longest time a record stays uncompacted."},
        {"max.message.bytes", "message.max.bytes", "1000012", Type::Int,
         "Largest record batch the topic accepts."},
        {"message.downconversion.enable", "log.message.downconversion.enable", "true", Type::Boolean,
         "Whether old consumers get batches converted to their format."},
        {"message.format.version", "log.message.format.version", "2.4-IV1", Type::String,
         "Record format version the broker writes."},
        {"message.timestamp.difference.max.ms", "log.message.timestamp.difference.max.ms", kLongMax,
         Type::Long, "Largest accepted gap between a record's timestamp and the broker's clock."},
        {"message.timestamp.type", "log.message.timestamp.type", "CreateTime", Type::String,
         "CreateTime keeps the producer's timestamps; LogAppendTime uses the broker's clock."},
        {"min.cleanable.dirty.ratio", "log.cleaner.min.cleanable.ratio", "0.5", Type::Double,
         "Share of uncompacted log that triggers compaction."},
        {"min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms", "0", Type::Long,
         "Shortest time a record stays uncompacted."},
        {"min.insync.replicas", "min.insync.replicas", "1", Type::Int,
         "Replicas that must be in sync for an acks=all produce to succeed."},
        {"preallocate", "log.preallocate", "false", Type::Boolean,
         "Whether segment files are preallocated on disk."},
        {"retention.bytes", "log.retention.bytes", "-1", Type::Long,
         "Largest size of a partition's log before old segments are deleted; -1 for no limit."},
        {"retention.ms", "log.retention.ms", "604800000", Type::Long,
         "Age after which old segments are deleted; -1 for no limit."},
        {"segment.bytes", "log.segment.bytes", "1073741824", Type::Int, "Size at which a segment is rolled."},
        {"segment.index.bytes", "log.index.size.max.bytes", "10485760", Type::Int,
         "Size of a segment's offset index."},
        {"segment.jitter.ms", "", "0", Type::Long, "Random delay subtracted from segment.ms per segment."},
        {"segment.ms", "", "604800000", Type::Long, "Age at which a segment is rolled."},
        {"unclean.leader.election.enable", "unclean.leader.election.enable", "false", Type::Boolean,
         "Whether a replica outside the ISR may become leader, at the cost of lost records."},
    };
    return specs;
}

const TopicConfigSpec* topic_spec(const std::string& name) {
    const auto& specs = topic_specs();
    auto it = std::find_if(specs.begin(), specs.end(), [&](const auto& spec) { return name == spec.name; });
    return it == specs.end() ? nullptr : &*it;
}

// The broker-level values of `name` in order of precedence: dynamic, then `--set` or default.
void add_broker_synonyms(const BrokerConfig& broker, const std::string& name,
                         std::vector<ConfigSynonym>& out) {
    if (auto it = broker.dynamic().find(name); it != broker.dynamic().end())
        out.push_back({name, it->second, ConfigSourceCode::DynamicBroker});
    if (auto it = broker.all().find(name); it != broker.all().end()) {
        out.push_back({name, it->second,
                       broker.is_static(name) ? ConfigSourceCode::StaticBroker : ConfigSourceCode::Default});
    }
}

template <typename T>
bool parses_as(const std::string& text) {
    T value{};
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end;
}

bool parses_as_double(const std::string& text) {
    if (text.empty()) return false;
    char* end = nullptr;
    std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

const char* type_name(Type type) {
    switch (type) {
        case Type::Boolean:
            return "BOOLEAN";
        case Type::Int:
            return "INT";
        case Type::Long:
            return "LONG";
        case Type::Double:
            return "DOUBLE";
        case Type::List:
            return "LIST";
        default:
            return "STRING";
    }
}

struct BrokerSettingSpec {
    const char* name;
    Type type;
    bool dynamic;
    const char* documentation;
};

// The settings this broker acts on (see broker_config.cpp); those Kafka can change at runtime are
// not read-only.
const std::vector<BrokerSettingSpec>& broker_specs() {
    static const std::vector<BrokerSettingSpec> specs = {
        {"auto.create.topics.enable", Type::Boolean, false,
         "Create a topic when a client asks for a missing one."},
        {"default.replication.factor", Type::Int, false,
         "Replication factor of automatically created topics."},
        {"group.initial.rebalance.delay.ms", Type::Int, false,
         "Wait for more members before a group's first rebalance."},
        {"log.retention.bytes", Type::Long, true, "Default retention.bytes of topics."},
        {"log.retention.check.interval.ms", Type::Long, false, "How often retention is applied."},
        {"log.retention.ms", Type::Long, true, "Default retention.ms of topics."},
        {"log.segment.bytes", Type::Int, true, "Default segment.bytes of topics."},
        {"message.max.bytes", Type::Int, true, "Default max.message.bytes of topics."},
        {"min.insync.replicas", Type::Int, true, "Default min.insync.replicas of topics."},
        {"num.partitions", Type::Int, false, "Partitions of automatically created topics."},
        {"offsets.topic.num.partitions", Type::Int, false, "Partitions of __consumer_offsets."},
        {"replica.lag.time.max.ms", Type::Long, false,
         "How long a follower may lag before it leaves the ISR."},
        {"socket.request.max.bytes", Type::Int, false, "Largest request frame a broker reads."},
        {"unclean.leader.election.enable", Type::Boolean, true,
         "Default unclean.leader.election.enable of topics."},
    };
    return specs;
}

}  // namespace

ConfigTypeCode topic_config_type(const std::string& name) {
    const auto* spec = topic_spec(name);
    return spec ? spec->type : Type::Unknown;
}

std::optional<std::string> topic_config_value_problem(const std::string& name, const std::string& value) {
    const auto* spec = topic_spec(name);
    if (!spec) return std::nullopt;  // known to Kafka but not typed here: taken as it is
    bool ok = true;
    switch (spec->type) {
        case Type::Boolean:
            ok = value == "true" || value == "false";
            break;
        case Type::Int:
            ok = parses_as<std::int32_t>(value);
            break;
        case Type::Long:
            ok = parses_as<std::int64_t>(value);
            break;
        case Type::Double:
            ok = parses_as_double(value);
            break;
        default:
            break;
    }
    if (!ok) {
        return "Invalid value " + value + " for configuration " + name + ": Not a number of type " +
               type_name(spec->type);
    }
    if (name == "cleanup.policy") {
        std::size_t start = 0;
        while (start <= value.size()) {
            auto end = value.find(',', start);
            if (end == std::string::npos) end = value.size();
            const auto item = value.substr(start, end - start);
            if (item != "delete" && item != "compact") {
                return "Invalid value " + value +
                       " for configuration cleanup.policy: String must be one of: compact, delete";
            }
            start = end + 1;
        }
    }
    return std::nullopt;
}

std::vector<DescribedConfig> describe_topic_configs(const BrokerConfig& broker,
                                                    const std::map<std::string, std::string>& overrides) {
    std::vector<DescribedConfig> configs;
    for (const auto& spec : topic_specs()) {
        DescribedConfig config{spec.name, spec.kafka_default, ConfigSourceCode::Default, false,
                               false,     spec.type,          spec.documentation,        {}};
        if (auto it = overrides.find(spec.name); it != overrides.end())
            config.synonyms.push_back({spec.name, it->second, ConfigSourceCode::DynamicTopic});
        if (*spec.broker_name) {
            const auto before = config.synonyms.size();
            add_broker_synonyms(broker, spec.broker_name, config.synonyms);
            if (config.synonyms.size() == before)
                config.synonyms.push_back({spec.broker_name, spec.kafka_default, ConfigSourceCode::Default});
        }
        if (!config.synonyms.empty()) {
            config.value = config.synonyms.front().value;
            config.source = config.synonyms.front().source;
        }
        configs.push_back(std::move(config));
    }
    // Overrides of configs newer than Kafka 2.4's list are still reported, as the topic's own.
    for (const auto& [name, value] : overrides) {
        if (topic_spec(name)) continue;
        configs.push_back({name,
                           value,
                           ConfigSourceCode::DynamicTopic,
                           false,
                           false,
                           Type::Unknown,
                           "",
                           {{name, value, ConfigSourceCode::DynamicTopic}}});
    }
    return configs;
}

std::vector<DescribedConfig> describe_broker_configs(const BrokerConfig& broker, std::int32_t broker_id) {
    std::vector<DescribedConfig> configs;
    const auto id = std::to_string(broker_id);
    configs.push_back({"broker.id",
                       id,
                       ConfigSourceCode::StaticBroker,
                       true,
                       false,
                       Type::Int,
                       "This broker's node id.",
                       {{"broker.id", id, ConfigSourceCode::StaticBroker}}});
    std::map<std::string, bool> listed;
    for (const auto& spec : broker_specs()) {
        DescribedConfig config{spec.name, "",        ConfigSourceCode::Default, !spec.dynamic,
                               false,     spec.type, spec.documentation,        {}};
        add_broker_synonyms(broker, spec.name, config.synonyms);
        if (config.synonyms.empty()) continue;
        config.value = config.synonyms.front().value;
        config.source = config.synonyms.front().source;
        listed[spec.name] = true;
        configs.push_back(std::move(config));
    }
    // The broker-level defaults of topic configs this broker does not act on itself.
    for (const auto& spec : topic_specs()) {
        if (!*spec.broker_name || listed.contains(spec.broker_name)) continue;
        listed[spec.broker_name] = true;
        DescribedConfig config{spec.broker_name,
                               spec.kafka_default,
                               ConfigSourceCode::Default,
                               true,
                               false,
                               spec.type,
                               spec.documentation,
                               {}};
        add_broker_synonyms(broker, spec.broker_name, config.synonyms);
        if (config.synonyms.empty()) {
            config.synonyms.push_back({spec.broker_name, spec.kafka_default, ConfigSourceCode::Default});
        }
        config.value = config.synonyms.front().value;
        config.source = config.synonyms.front().source;
        configs.push_back(std::move(config));
    }
    // Other `--set` names are kept and reported, as Kafka reports what its properties file set.
    for (const auto& [name, value] : broker.all()) {
        if (listed.contains(name) || !broker.is_static(name)) continue;
        configs.push_back({name,
                           value,
                           ConfigSourceCode::StaticBroker,
                           true,
                           false,
                           Type::String,
                           "",
                           {{name, value, ConfigSourceCode::StaticBroker}}});
    }
    return configs;
}

}  // namespace tideline::broker
