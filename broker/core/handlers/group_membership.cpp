// JoinGroup, SyncGroup, Heartbeat and LeaveGroup: the wire side of group membership. JoinGroup
// and SyncGroup may be answered later, when the rebalance gets there (see group_coordinator.h);
// their answers still leave in request order on the connection (responder.h).
#include <memory>

#include "broker/core/groups/group_coordinator.h"
#include "broker/core/groups/group_errors.h"
#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

namespace p = protocol;

// Kafka reports a member's host as Java prints an InetAddress: "/127.0.0.1".
std::string client_host(const Responder& responder) {
    auto peer = responder.peer();
    const auto colon = peer.rfind(':');
    if (colon != std::string::npos) peer.resize(colon);
    return "/" + peer;
}

p::JoinGroupResponse join_response(const JoinResult& result, std::int16_t version) {
    p::JoinGroupResponse response;
    response.error_code = result.error;
    response.generation_id = result.generation;
    // Before v7 the protocol name cannot be null.
    response.protocol_type = version >= 7 ? result.protocol_type : std::nullopt;
    response.protocol_name = version >= 7 ? result.protocol_name : result.protocol_name.value_or("");
    response.leader = result.leader;
    response.skip_assignment = version >= 9 && result.skip_assignment;
    response.member_id = result.member_id;
    for (const auto& member : result.members) {
        response.members.push_back(
            {member.member_id, version >= 5 ? member.instance_id : std::nullopt, member.metadata, {}});
    }
    return response;
}

p::SyncGroupResponse sync_response(const SyncResult& result, std::int16_t version) {
    p::SyncGroupResponse response;
    response.error_code = result.error;
    if (version >= 5) {
        response.protocol_type = result.protocol_type;
        response.protocol_name = result.protocol_name;
    }
    response.assignment = result.assignment;
    return response;
}

}  // namespace

void join_group(RequestContext& ctx, const p::JoinGroupRequest& request) {
    const auto version = ctx.version();
    auto& groups = ctx.services.groups;
    if (auto error = groups.check_coordinator(request.group_id, ctx.broker.id); error != 0) {
        JoinResult result;
        result.error = error;
        result.member_id = request.member_id;
        ctx.responder.send(join_response(result, version));
        return;
    }
    JoinParams params;
    params.group_id = request.group_id;
    params.member_id = request.member_id;
    params.instance_id = request.group_instance_id;
    params.client_id = ctx.header.client_id.value_or("");
    params.client_host = client_host(ctx.responder);
    params.session_timeout_ms = request.session_timeout_ms;
    // v0 has no rebalance timeout: Kafka uses the session timeout for both.
    params.rebalance_timeout_ms = version >= 1 ? request.rebalance_timeout_ms : request.session_timeout_ms;
    params.protocol_type = request.protocol_type;
    for (const auto& protocol : request.protocols)
        params.protocols.push_back({protocol.name, protocol.metadata});
    params.require_known_member_id = version >= 4;
    params.leader_can_skip_assignment = version >= 9;
    auto responder = std::make_shared<Responder>(std::move(ctx.responder));
    groups.join(std::move(params), [responder, version](const JoinResult& result) {
        responder->send(join_response(result, version));
    });
}

void sync_group(RequestContext& ctx, const p::SyncGroupRequest& request) {
    const auto version = ctx.version();
    auto& groups = ctx.services.groups;
    if (auto error = groups.check_coordinator(request.group_id, ctx.broker.id); error != 0) {
        ctx.responder.send(sync_response({error, {}, {}, {}}, version));
        return;
    }
    SyncParams params;
    params.group_id = request.group_id;
    params.generation = request.generation_id;
    params.member_id = request.member_id;
    params.instance_id = request.group_instance_id;
    params.protocol_type = request.protocol_type;
    params.protocol_name = request.protocol_name;
    for (const auto& assignment : request.assignments)
        params.assignments[assignment.member_id] = assignment.assignment;
    auto responder = std::make_shared<Responder>(std::move(ctx.responder));
    groups.sync(std::move(params), [responder, version](const SyncResult& result) {
        responder->send(sync_response(result, version));
    });
}

void heartbeat(RequestContext& ctx, const p::HeartbeatRequest& request) {
    auto& groups = ctx.services.groups;
    p::HeartbeatResponse response;
    response.error_code = groups.check_coordinator(request.group_id, ctx.broker.id);
    if (response.error_code == 0) {
        response.error_code = groups.heartbeat(request.group_id, request.generation_id, request.member_id,
                                               request.group_instance_id);
    }
    ctx.responder.send(response);
}

void leave_group(RequestContext& ctx, const p::LeaveGroupRequest& request) {
    auto& groups = ctx.services.groups;
    p::LeaveGroupResponse response;
    std::vector<LeavingMember> leaving;
    if (ctx.version() >= 3) {
        for (const auto& member : request.members)
            leaving.push_back({member.member_id, member.group_instance_id});
    } else {
        leaving.push_back({request.member_id, std::nullopt});
    }
    response.error_code = groups.check_coordinator(request.group_id, ctx.broker.id);
    if (response.error_code == 0) {
        const auto result = groups.leave(request.group_id, leaving);
        response.error_code = result.error;
        if (ctx.version() >= 3) {
            for (std::size_t i = 0; i < result.member_errors.size(); ++i) {
                response.members.push_back(
                    {leaving[i].member_id, leaving[i].instance_id, result.member_errors[i], {}});
            }
        } else if (response.error_code == 0 && !result.member_errors.empty()) {
            // Before v3 the one member's error is the answer's error.
            response.error_code = result.member_errors.front();
        }
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
