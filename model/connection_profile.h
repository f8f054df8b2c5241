// How to reach one Kafka cluster: what the user saves in the connection list.
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <optional>

namespace tideline::model {

enum class SecurityProtocol { Plaintext, Ssl, SaslPlaintext, SaslSsl };

// Kafka's spelling ("PLAINTEXT", "SASL_SSL", ...), which librdkafka's security.protocol accepts.
QString securityProtocolName(SecurityProtocol protocol);
// Case-insensitive, since users paste these from client configs of every style.
std::optional<SecurityProtocol> securityProtocolFromName(const QString& name);
bool usesSasl(SecurityProtocol protocol);

struct ConnectionProfile {
    QString name;
    QString bootstrapServers;  // "host:port[,host:port...]", as Kafka clients take it
    SecurityProtocol securityProtocol = SecurityProtocol::Plaintext;
    QString saslMechanism;  // PLAIN, SCRAM-SHA-256, ...; only read with a SASL protocol
    QString saslUser;       // its password lives in the system keychain, never in the profile
    QString caPath;
    QString certPath;  // client certificate for mutual TLS, paired with keyPath
    QString keyPath;
    QMap<QString, QString> extraProperties;  // further librdkafka properties, passed through
    bool readOnly = false;                   // the UI then offers nothing that changes the cluster
    QString colour;                          // "#rrggbb" to tell environments apart at a glance

    bool operator==(const ConnectionProfile&) const = default;
};

// Properties such as sasl.password that must never be written to disk with a profile.
bool isSecretProperty(const QString& key);

// Secret extra properties are left out, so the result is safe to save.
QJsonObject toJson(const ConnectionProfile& profile);
// Returns nothing and sets *error when a field has the wrong type or an unknown value.
std::optional<ConnectionProfile> connectionProfileFromJson(const QJsonObject& json, QString* error = nullptr);

// Empty when `servers` is a comma-separated list of host:port (IPv6 hosts in brackets).
QString validateBootstrapServers(const QString& servers);
// Empty when the profile is usable, else the first problem, phrased for the user.
QString validateConnectionProfile(const ConnectionProfile& profile);

}  // namespace tideline::model
