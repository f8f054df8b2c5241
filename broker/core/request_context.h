// What a request handler gets: the cluster it acts on, the broker the request came to, the
// request's header and the Responder for its answer. Handlers run on the event-loop thread.
#pragma once

#include <asio.hpp>
#include <cstdint>

#include "broker/core/cluster_state.h"
#include "broker/core/fetch_waiters.h"
#include "broker/core/groups/group_coordinator.h"
#include "broker/core/idempotence.h"
#include "broker/core/responder.h"
#include "broker/core/sasl.h"
#include "broker/core/topic_admin.h"
#include "messages.h"

namespace tideline::broker {

class ReplicaFetcher;

struct BrokerServices {
    asio::io_context& io;
    ClusterState& state;
    TopicAdmin& admin;
    FetchWaiters& fetches;
    ReplicaFetcher& replicas;
    Idempotence& idempotence;
    const SaslLogins& sasl;
    GroupCoordinator& groups;
};

struct RequestContext {
    BrokerServices& services;
    BrokerState& broker;  // the broker whose listener the request came in on
    const protocol::RequestHeader& header;
    SaslSession& sasl;  // the connection's authentication progress
    Responder responder;

    std::int16_t version() const { return header.request_api_version; }
    ClusterState& state() const { return services.state; }
};

}  // namespace tideline::broker
