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

}  // namespace tideline::model
