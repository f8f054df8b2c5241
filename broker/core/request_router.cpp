#include "broker/core/request_router.h"

#include <spdlog/spdlog.h>
#include <type_traits>

#include "broker/core/handlers/handlers.h"
#include "frame.h"

namespace tideline::broker {
namespace {

using protocol::ApiKey;

void dispatch(RequestContext& ctx, protocol::AnyRequest& body) {
    std::visit(
        [&](auto& request) {
            using T = std::decay_t<decltype(request)>;
            if constexpr (std::is_same_v<T, protocol::ApiVersionsRequest>) {
                handlers::api_versions(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::MetadataRequest>) {
                handlers::metadata(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::DescribeClusterRequest>) {
                handlers::describe_cluster(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::CreateTopicsRequest>) {
                handlers::create_topics(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::DeleteTopicsRequest>) {
                handlers::delete_topics(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::CreatePartitionsRequest>) {
                handlers::create_partitions(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::ProduceRequest>) {
                handlers::produce(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::InitProducerIdRequest>) {
                handlers::init_producer_id(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::DescribeConfigsRequest>) {
                handlers::describe_configs(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::AlterConfigsRequest>) {
                handlers::alter_configs(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::IncrementalAlterConfigsRequest>) {
                handlers::incremental_alter_configs(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::DescribeLogDirsRequest>) {
                handlers::describe_log_dirs(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::ElectLeadersRequest>) {
                handlers::elect_leaders(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::SaslHandshakeRequest>) {
                handlers::sasl_handshake(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::SaslAuthenticateRequest>) {
                handlers::sasl_authenticate(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::FetchRequest>) {
                handlers::fetch(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::ListOffsetsRequest>) {
                handlers::list_offsets(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::DeleteRecordsRequest>) {
                handlers::delete_records(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::OffsetForLeaderEpochRequest>) {
                handlers::offset_for_leader_epoch(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::AlterPartitionReassignmentsRequest>) {
                handlers::alter_partition_reassignments(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::ListPartitionReassignmentsRequest>) {
                handlers::list_partition_reassignments(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::FindCoordinatorRequest>) {
                handlers::find_coordinator(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::JoinGroupRequest>) {
                handlers::join_group(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::SyncGroupRequest>) {
                handlers::sync_group(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::HeartbeatRequest>) {
                handlers::heartbeat(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::LeaveGroupRequest>) {
                handlers::leave_group(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::OffsetCommitRequest>) {
                handlers::offset_commit(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::OffsetFetchRequest>) {
                handlers::offset_fetch(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::ListGroupsRequest>) {
                handlers::list_groups(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::DescribeGroupsRequest>) {
                handlers::describe_groups(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::DeleteGroupsRequest>) {
                handlers::delete_groups(ctx, request);
            } else if constexpr (std::is_same_v<T, protocol::OffsetDeleteRequest>) {
                handlers::offset_delete(ctx, request);
            } else if (!handlers::not_implemented(ctx, body)) {
                ctx.responder.close_connection(std::string(T::kName) + " is not implemented");
            }
        },
        body);
}

}  // namespace

void RequestRouter::handle_frame(const std::shared_ptr<Connection>& connection,
                                 std::vector<std::uint8_t> frame) {
    if (handlers::sasl_before_decode(services_, connection, frame)) return;
    auto decoded = protocol::decode_request(frame);
    if (!decoded) {
        const auto& error = decoded.error();
        const bool api_versions = error.api_key == static_cast<std::int16_t>(ApiKey::ApiVersions);
        if (error.kind == protocol::DecodeErrorKind::UnsupportedVersion && api_versions) {
            // Kafka's version negotiation: an answer the client can read at any version (v0) that
            // tells it which ApiVersions versions to retry with.
            Responder responder(connection, connection->open_slot(), error.correlation_id, error.api_key, 0);
            responder.send(handlers::unsupported_api_versions());
            return;
        }
        // Kafka sends nothing here and closes: there is no answer format the client would understand.
        spdlog::debug("broker {}: closing connection from {}: {}", connection->broker_id(),
                      connection->peer(), error.message);
        connection->close(error.message);
        return;
    }
    auto& request = decoded.value();
    if (!handlers::sasl_allows(services_, connection->sasl(), request.header.request_api_key)) {
        // Kafka answers nothing here: the client skipped authentication.
        connection->close("request before SASL authentication");
        return;
    }
    auto* broker = services_.state.broker(connection->broker_id());
    if (!broker) return;
    RequestContext ctx{services_, *broker, request.header, connection->sasl(),
                       Responder(connection, connection->open_slot(), request.header.correlation_id,
                                 request.header.request_api_key, request.header.request_api_version)};
    try {
        dispatch(ctx, request.body);
    } catch (const std::exception& failure) {
        // A handler bug must cost one connection, never the whole cluster.
        spdlog::error("broker {}: {} v{} failed: {}", broker->id, request.header.request_api_key,
                      request.header.request_api_version, failure.what());
        ctx.responder.close_connection("handler failed");
    }
}

}  // namespace tideline::broker
