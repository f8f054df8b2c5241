#include "model/connection_profile.h"

#include <QJsonValue>
#include <QRegularExpression>
#include <QStringList>
#include <array>

namespace tideline::model {
namespace {

struct ProtocolName {
    SecurityProtocol protocol;
    const char* name;
};

constexpr std::array kProtocolNames{
    ProtocolName{SecurityProtocol::Plaintext, "PLAINTEXT"},
    ProtocolName{SecurityProtocol::Ssl, "SSL"},
    ProtocolName{SecurityProtocol::SaslPlaintext, "SASL_PLAINTEXT"},
    ProtocolName{SecurityProtocol::SaslSsl, "SASL_SSL"},
};

const QStringList kMechanismsWithUser{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"};
const QStringList kMechanismsWithoutUser{"OAUTHBEARER", "GSSAPI"};

// Setting these as extra properties would silently override the profile's own fields.
const QStringList kPropertiesOwnedByProfile{
    "bootstrap.servers", "metadata.broker.list",     "security.protocol",
    "sasl.mechanism",    "sasl.mechanisms",          "sasl.username",
    "ssl.ca.location",   "ssl.certificate.location", "ssl.key.location",
};

QString describeHostPortProblem(const QString& entry) {
    QString host;
    QString port;
    if (entry.startsWith('[')) {
        const auto close = entry.indexOf(']');
        if (close < 0 || entry.mid(close + 1, 1) != ":") {
            return QString("'%1' is not [ipv6-host]:port.").arg(entry);
        }
        host = entry.mid(1, close - 1);
        port = entry.mid(close + 2);
    } else {
        const auto colon = entry.lastIndexOf(':');
        if (colon < 0 || entry.count(':') > 1) {
            return QString("'%1' is not host:port.").arg(entry);
        }
        host = entry.left(colon);
        port = entry.mid(colon + 1);
    }
    static const QRegularExpression whitespace("\\s");
    if (host.isEmpty() || host.contains(whitespace)) {
        return QString("'%1' has no valid host.").arg(entry);
    }
    bool isNumber = false;
    const int number = port.toInt(&isNumber);
    if (!isNumber || !port.front().isDigit() || number < 1 || number > 65535) {
        return QString("'%1' has no valid port (1-65535).").arg(entry);
    }
    return {};
}

}  // namespace

QString securityProtocolName(SecurityProtocol protocol) {
    for (const auto& entry : kProtocolNames) {
        if (entry.protocol == protocol) {
            return QString::fromLatin1(entry.name);
        }
    }
    Q_UNREACHABLE();
}

std::optional<SecurityProtocol> securityProtocolFromName(const QString& name) {
    for (const auto& entry : kProtocolNames) {
        if (name.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0) {
            return entry.protocol;
        }
    }
    return std::nullopt;
}

bool usesSasl(SecurityProtocol protocol) {
    return protocol == SecurityProtocol::SaslPlaintext || protocol == SecurityProtocol::SaslSsl;
}

bool isSecretProperty(const QString& key) {
    const QString lower = key.toLower();
    return lower.contains("password") || lower.contains("secret") || lower == "ssl.key.pem" ||
           lower == "sasl.oauthbearer.config" || lower == "sasl.jaas.config";
}

QJsonObject toJson(const ConnectionProfile& profile) {
    QJsonObject extras;
    for (auto it = profile.extraProperties.cbegin(); it != profile.extraProperties.cend(); ++it) {
        if (!isSecretProperty(it.key())) {
            extras.insert(it.key(), it.value());
        }
    }
    return QJsonObject{
        {"name", profile.name},
        {"bootstrapServers", profile.bootstrapServers},
        {"securityProtocol", securityProtocolName(profile.securityProtocol)},
        {"saslMechanism", profile.saslMechanism},
        {"saslUser", profile.saslUser},
        {"caPath", profile.caPath},
        {"certPath", profile.certPath},
        {"keyPath", profile.keyPath},
        {"extraProperties", extras},
        {"readOnly", profile.readOnly},
        {"colour", profile.colour},
    };
}

std::optional<ConnectionProfile> connectionProfileFromJson(const QJsonObject& json, QString* error) {
    auto fail = [error](const QString& message) -> std::optional<ConnectionProfile> {
        if (error != nullptr) {
            *error = message;
        }
        return std::nullopt;
    };

    ConnectionProfile profile;
    const std::array<std::pair<const char*, QString*>, 8> textFields{{
        {"name", &profile.name},
        {"bootstrapServers", &profile.bootstrapServers},
        {"saslMechanism", &profile.saslMechanism},
        {"saslUser", &profile.saslUser},
        {"caPath", &profile.caPath},
        {"certPath", &profile.certPath},
        {"keyPath", &profile.keyPath},
        {"colour", &profile.colour},
    }};
    for (const auto& [key, field] : textFields) {
        const QJsonValue value = json.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isString()) {
            return fail(QString("'%1' must be a string.").arg(key));
        }
        *field = value.toString();
    }

    if (const QJsonValue value = json.value("securityProtocol"); !value.isUndefined()) {
        const auto protocol = securityProtocolFromName(value.toString());
        if (!protocol) {
            return fail(QString("Unknown security protocol '%1'.").arg(value.toString()));
        }
        profile.securityProtocol = *protocol;
    }

    if (const QJsonValue value = json.value("readOnly"); !value.isUndefined()) {
        if (!value.isBool()) {
            return fail("'readOnly' must be true or false.");
        }
        profile.readOnly = value.toBool();
    }

    const QJsonObject extras = json.value("extraProperties").toObject();
    for (auto it = extras.begin(); it != extras.end(); ++it) {
        if (!it.value().isString()) {
            return fail(QString("Extra property '%1' must be a string.").arg(it.key()));
        }
        profile.extraProperties.insert(it.key(), it.value().toString());
    }
    return profile;
}

QString validateBootstrapServers(const QString& servers) {
    if (servers.trimmed().isEmpty()) {
        return "Bootstrap servers are empty: give at least one host:port.";
    }
    for (const QString& rawEntry : servers.split(',')) {
        const QString entry = rawEntry.trimmed();
        if (entry.isEmpty()) {
            return "Bootstrap servers contain an empty entry (check the commas).";
        }
        if (QString problem = describeHostPortProblem(entry); !problem.isEmpty()) {
            return "Bootstrap server " + problem;
        }
    }
    return {};
}

QString validateConnectionProfile(const ConnectionProfile& profile) {
    if (profile.name.trimmed().isEmpty()) {
        return "The profile needs a name.";
    }
    if (QString problem = validateBootstrapServers(profile.bootstrapServers); !problem.isEmpty()) {
        return problem;
    }
    if (usesSasl(profile.securityProtocol)) {
        const QString& mechanism = profile.saslMechanism;
        if (!kMechanismsWithUser.contains(mechanism) && !kMechanismsWithoutUser.contains(mechanism)) {
            return QString("%1 needs a SASL mechanism: one of %2.")
                .arg(securityProtocolName(profile.securityProtocol),
                     (kMechanismsWithUser + kMechanismsWithoutUser).join(", "));
        }
        if (kMechanismsWithUser.contains(mechanism) && profile.saslUser.trimmed().isEmpty()) {
            return QString("SASL mechanism %1 needs a user name.").arg(mechanism);
        }
    }
    if (profile.certPath.isEmpty() != profile.keyPath.isEmpty()) {
        return "A client certificate needs its private key, and a key its certificate.";
    }
    static const QRegularExpression colourPattern("^#[0-9A-Fa-f]{6}$");
    if (!profile.colour.isEmpty() && !colourPattern.match(profile.colour).hasMatch()) {
        return QString("Colour '%1' is not of the form #rrggbb.").arg(profile.colour);
    }
    for (auto it = profile.extraProperties.cbegin(); it != profile.extraProperties.cend(); ++it) {
        if (it.key().trimmed().isEmpty()) {
            return "An extra property has an empty name.";
        }
        if (kPropertiesOwnedByProfile.contains(it.key())) {
            return QString("Extra property '%1' is set by the profile's own fields; remove it.")
                .arg(it.key());
        }
    }
    return {};
}

}  // namespace tideline::model
