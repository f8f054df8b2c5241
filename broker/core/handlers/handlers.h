// One function per Kafka API (or a small group of them), each in its own file: read the decoded
// request, act on the cluster, answer through ctx.responder (now or later).
#pragma once

#include "api_catalog.h"
#include "broker/core/request_context.h"

namespace tideline::broker::handlers {

void api_versions(RequestContext& ctx, const protocol::ApiVersionsRequest& request);
// The answer to an ApiVersions request at a version this broker does not serve.
protocol::ApiVersionsResponse unsupported_api_versions();

void metadata(RequestContext& ctx, const protocol::MetadataRequest& request);
void describe_cluster(RequestContext& ctx, const protocol::DescribeClusterRequest& request);
void create_topics(RequestContext& ctx, const protocol::CreateTopicsRequest& request);
void delete_topics(RequestContext& ctx, const protocol::DeleteTopicsRequest& request);
void create_partitions(RequestContext& ctx, const protocol::CreatePartitionsRequest& request);
void produce(RequestContext& ctx, protocol::ProduceRequest& request);
void init_producer_id(RequestContext& ctx, const protocol::InitProducerIdRequest& request);
void describe_configs(RequestContext& ctx, const protocol::DescribeConfigsRequest& request);
void alter_configs(RequestContext& ctx, const protocol::AlterConfigsRequest& request);
void incremental_alter_configs(RequestContext& ctx, const protocol::IncrementalAlterConfigsRequest& request);
void describe_log_dirs(RequestContext& ctx, const protocol::DescribeLogDirsRequest& request);
void elect_leaders(RequestContext& ctx, const protocol::ElectLeadersRequest& request);
void sasl_handshake(RequestContext& ctx, const protocol::SaslHandshakeRequest& request);
void sasl_authenticate(RequestContext& ctx, const protocol::SaslAuthenticateRequest& request);
// SASL listeners: true when the frame was consumed before decoding (a bare v0 token, or a
// connection whose login failed); sasl_allows says whether an API may be served yet.
bool sasl_before_decode(BrokerServices& services, const std::shared_ptr<Connection>& connection,
                        const std::vector<std::uint8_t>& frame);
bool sasl_allows(const BrokerServices& services, const SaslSession& session, std::int16_t api_key);
void fetch(RequestContext& ctx, const protocol::FetchRequest& request);
void list_offsets(RequestContext& ctx, const protocol::ListOffsetsRequest& request);
void delete_records(RequestContext& ctx, const protocol::DeleteRecordsRequest& request);
void offset_for_leader_epoch(RequestContext& ctx, const protocol::OffsetForLeaderEpochRequest& request);
void alter_partition_reassignments(RequestContext& ctx,
                                   const protocol::AlterPartitionReassignmentsRequest& request);
void list_partition_reassignments(RequestContext& ctx,
                                  const protocol::ListPartitionReassignmentsRequest& request);

// Consumer groups (the coordinator itself is broker/core/groups/).
void find_coordinator(RequestContext& ctx, const protocol::FindCoordinatorRequest& request);
void join_group(RequestContext& ctx, const protocol::JoinGroupRequest& request);
void sync_group(RequestContext& ctx, const protocol::SyncGroupRequest& request);
void heartbeat(RequestContext& ctx, const protocol::HeartbeatRequest& request);
void leave_group(RequestContext& ctx, const protocol::LeaveGroupRequest& request);
void offset_commit(RequestContext& ctx, const protocol::OffsetCommitRequest& request);
void offset_fetch(RequestContext& ctx, const protocol::OffsetFetchRequest& request);
void list_groups(RequestContext& ctx, const protocol::ListGroupsRequest& request);
void describe_groups(RequestContext& ctx, const protocol::DescribeGroupsRequest& request);
void delete_groups(RequestContext& ctx, const protocol::DeleteGroupsRequest& request);
void offset_delete(RequestContext& ctx, const protocol::OffsetDeleteRequest& request);

// APIs in the version table that have no handler yet: an error answer of the API's own type where
// one can be built, else false (the caller closes the connection).
bool not_implemented(RequestContext& ctx, const protocol::AnyRequest& request);

}  // namespace tideline::broker::handlers
