// The librdkafka configuration a session's client is created with, built from the profile.
#pragma once

#include <QByteArray>
#include <QList>
#include <utility>

#include "model/connection_profile.h"
#include "model/session_options.h"

namespace tideline::model {

using ClientProperties = QList<std::pair<QByteArray, QByteArray>>;

// In the order they must be set: Tideline's defaults, then the profile's extra properties (which may
// override a default), then the profile's own fields and secrets (which validation keeps extras from
// touching).
ClientProperties clientProperties(const ConnectionProfile& profile, const SessionSecrets& secrets,
                                  const SessionOptions& options);

// librdkafka 2.0.2 crashes its rdk:main thread when an OffsetFetch answer carries a coordinator error
// (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, as while a group's coordinator moves after a broker
// stops): rd_kafka_handle_OffsetFetch then queues a coordinator query on the client's own consumer
// group, which is NULL on a client without group.id (confluentinc/librdkafka#5040). The admin
// ListConsumerGroupOffsets call takes that path, so every client that makes it gets a group.id: a
// group it never subscribes to, joins or commits for, which only absorbs that query. A group.id the
// profile sets is kept, as it serves the same purpose.
inline constexpr char kOffsetFetchGroupId[] = "tideline-offset-fetch-never-joined";

// The properties with group.id set to kOffsetFetchGroupId unless they already name a group.
ClientProperties withOffsetFetchGroup(ClientProperties properties);

}  // namespace tideline::model
