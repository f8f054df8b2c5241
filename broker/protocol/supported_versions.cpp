#include "supported_versions.h"

#include <algorithm>

#include "api_catalog.h"

namespace tideline::protocol {

namespace {

constexpr SupportedApi entry(ApiKey key, std::int16_t min, std::int16_t max,
                             std::int16_t advertised_min = -1) {
    return {static_cast<std::int16_t>(key), min, max, advertised_min < 0 ? min : advertised_min};
}

// The versions that librdkafka, kafka-python, KafkaJS and the Java client use, ordered by key.
// Every range must lie within the schema's valid versions (checked by test_protocol_catalog).
constexpr SupportedApi kSupported[] = {
    entry(ApiKey::Produce, 3, 9, 0),
    entry(ApiKey::Fetch, 4, 12),
    entry(ApiKey::ListOffsets, 0, 7),
    entry(ApiKey::Metadata, 0, 12),
    entry(ApiKey::OffsetCommit, 0, 8),
    entry(ApiKey::OffsetFetch, 0, 8),
    entry(ApiKey::FindCoordinator, 0, 4),
    entry(ApiKey::JoinGroup, 0, 9),
    entry(ApiKey::Heartbeat, 0, 4),
    entry(ApiKey::LeaveGroup, 0, 5),
    entry(ApiKey::SyncGroup, 0, 5),
    entry(ApiKey::DescribeGroups, 0, 5),
    entry(ApiKey::ListGroups, 0, 4),
    entry(ApiKey::SaslHandshake, 0, 1),
    entry(ApiKey::ApiVersions, 0, 3),
    entry(ApiKey::CreateTopics, 0, 7),
    entry(ApiKey::DeleteTopics, 0, 6),
    entry(ApiKey::DeleteRecords, 0, 2),
    entry(ApiKey::InitProducerId, 0, 4),
    entry(ApiKey::OffsetForLeaderEpoch, 2, 4),
    entry(ApiKey::DescribeConfigs, 0, 4),
    entry(ApiKey::AlterConfigs, 0, 2),
    entry(ApiKey::DescribeLogDirs, 0, 4),
    entry(ApiKey::SaslAuthenticate, 0, 2),
    entry(ApiKey::CreatePartitions, 0, 3),
    entry(ApiKey::DeleteGroups, 0, 2),
    entry(ApiKey::ElectLeaders, 0, 2),
    entry(ApiKey::IncrementalAlterConfigs, 0, 1),
    entry(ApiKey::AlterPartitionReassignments, 0, 0),
    entry(ApiKey::ListPartitionReassignments, 0, 0),
    entry(ApiKey::OffsetDelete, 0, 0),
    entry(ApiKey::DescribeCluster, 0, 1),
};

}  // namespace

std::span<const SupportedApi> supported_apis() { return kSupported; }

std::optional<SupportedApi> supported_api(std::int16_t key) {
    auto it = std::find_if(std::begin(kSupported), std::end(kSupported),
                           [key](const SupportedApi& api) { return api.key == key; });
    if (it == std::end(kSupported)) return std::nullopt;
    return *it;
}

}  // namespace tideline::protocol
