#include "model/client_properties.h"

#include <algorithm>

namespace tideline::model {

ClientProperties clientProperties(const ConnectionProfile& profile, const SessionSecrets& secrets,
                                  const SessionOptions& options) {
    const auto timeoutMs = QByteArray::number(static_cast<qint64>(options.requestTimeout.count()));
    // Statistics report which brokers the client reaches; often enough to colour a broker in time
    // for the next snapshot, without flooding the session thread.
    const auto statsIntervalMs = QByteArray::number(
        std::clamp<qint64>(static_cast<qint64>(options.offsetsInterval.count()) / 2, 100, 1000));

    ClientProperties properties{
        {"client.id", "tideline"},
        // Lag is measured against the high watermark, as Kafka's own tools do, not the last stable offset.
        {"isolation.level", "read_uncommitted"},
        {"enable.auto.commit", "false"},
        // Offset queries look up their topics' leaders by name; a topic deleted meanwhile must not be
        // recreated by a broker with auto.create.topics.enable.
        {"allow.auto.create.topics", "false"},
        {"socket.timeout.ms", timeoutMs},
        {"statistics.interval.ms", statsIntervalMs},
        // Connections idle out between polls; their closing is not worth a log line.
        {"log.connection.close", "false"},
    };
    for (auto it = profile.extraProperties.cbegin(); it != profile.extraProperties.cend(); ++it) {
        properties.append({it.key().toUtf8(), it.value().toUtf8()});
    }

    properties.append({"bootstrap.servers", profile.bootstrapServers.toUtf8()});
    properties.append({"security.protocol", securityProtocolName(profile.securityProtocol).toUtf8()});
    if (usesSasl(profile.securityProtocol)) {
        properties.append({"sasl.mechanism", profile.saslMechanism.toUtf8()});
        if (!profile.saslUser.isEmpty()) {
            properties.append({"sasl.username", profile.saslUser.toUtf8()});
            properties.append({"sasl.password", secrets.saslPassword.toUtf8()});
        }
    }
    if (!profile.caPath.isEmpty()) {
        properties.append({"ssl.ca.location", profile.caPath.toUtf8()});
    }
    if (!profile.certPath.isEmpty()) {
        properties.append({"ssl.certificate.location", profile.certPath.toUtf8()});
        properties.append({"ssl.key.location", profile.keyPath.toUtf8()});
    }
    if (!secrets.sslKeyPassword.isEmpty()) {
        properties.append({"ssl.key.password", secrets.sslKeyPassword.toUtf8()});
    }
    for (auto it = secrets.secretProperties.cbegin(); it != secrets.secretProperties.cend(); ++it) {
        properties.append({it.key().toUtf8(), it.value().toUtf8()});
    }
    return properties;
}

ClientProperties withOffsetFetchGroup(ClientProperties properties) {
    const bool named = std::any_of(properties.cbegin(), properties.cend(),
                                   [](const auto& property) { return property.first == "group.id"; });
    if (!named) {
        properties.append({QByteArray("group.id"), QByteArray(kOffsetFetchGroupId)});
    }
    return properties;
}

}  // namespace tideline::model
