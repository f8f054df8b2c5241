#include <QJsonDocument>
#include <QtTest>

#include "model/connection_profile.h"
#include "model/librdkafka_version.h"

using namespace tideline::model;

Q_DECLARE_METATYPE(tideline::model::ConnectionProfile)

namespace {

ConnectionProfile validProfile() {
    ConnectionProfile profile;
    profile.name = "staging";
    profile.bootstrapServers = "kafka-1.example:9093,kafka-2.example:9093";
    return profile;
}

ConnectionProfile fullProfile() {
    ConnectionProfile profile = validProfile();
    profile.securityProtocol = SecurityProtocol::SaslSsl;
    profile.saslMechanism = "SCRAM-SHA-512";
    profile.saslUser = "console";
    profile.caPath = "/etc/ssl/ca.pem";
    profile.certPath = "/etc/ssl/client.pem";
    profile.keyPath = "/etc/ssl/client.key";
    profile.extraProperties = {{"client.id", "tideline"}, {"socket.timeout.ms", "5000"}};
    profile.readOnly = true;
    profile.colour = "#c0392b";
    return profile;
}

template <typename Change>
ConnectionProfile validProfileWith(Change change) {
    ConnectionProfile profile = validProfile();
    change(profile);
    return profile;
}

}  // namespace

class TestConnectionProfile : public QObject {
    Q_OBJECT

private slots:
    void jsonRoundTripKeepsEveryField() {
        const ConnectionProfile original = fullProfile();
        const QByteArray text = QJsonDocument(toJson(original)).toJson();
        QString error;
        const auto restored = connectionProfileFromJson(QJsonDocument::fromJson(text).object(), &error);
        QVERIFY2(restored.has_value(), qPrintable(error));
        QVERIFY(*restored == original);
    }

    void jsonLeavesOutSecrets() {
        ConnectionProfile profile = fullProfile();
        profile.extraProperties.insert("sasl.password", "hunter2");
        profile.extraProperties.insert("ssl.key.password", "keypass");
        profile.extraProperties.insert("sasl.oauthbearer.client.secret", "oauth");

        const QJsonObject json = toJson(profile);
        const QByteArray text = QJsonDocument(json).toJson();
        for (const char* secret : {"hunter2", "keypass", "oauth"}) {
            QVERIFY2(!text.contains(secret), secret);
        }
        const QJsonObject extras = json.value("extraProperties").toObject();
        QCOMPARE(extras.keys(), QStringList({"client.id", "socket.timeout.ms"}));
    }

    void jsonWithOnlyRequiredFieldsGetsDefaults() {
        const auto profile = connectionProfileFromJson(
            QJsonObject{{"name", "local"}, {"bootstrapServers", "127.0.0.1:19092"}});
        QVERIFY(profile.has_value());
        QCOMPARE(profile->securityProtocol, SecurityProtocol::Plaintext);
        QCOMPARE(profile->readOnly, false);
        QVERIFY(profile->extraProperties.isEmpty());
        QCOMPARE(validateConnectionProfile(*profile), QString());
    }

    void jsonRejects_data() {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QString>("errorMentions");

        QTest::newRow("name not a string") << QJsonObject{{"name", 5}} << "'name'";
        QTest::newRow("unknown protocol") << QJsonObject{{"securityProtocol", "TLS"}} << "TLS";
        QTest::newRow("readOnly not a bool") << QJsonObject{{"readOnly", "yes"}} << "readOnly";
        QTest::newRow("extra property not a string")
            << QJsonObject{{"extraProperties", QJsonObject{{"linger.ms", 5}}}} << "linger.ms";
    }

    void jsonRejects() {
        QFETCH(QJsonObject, json);
        QFETCH(QString, errorMentions);
        QString error;
        QVERIFY(!connectionProfileFromJson(json, &error).has_value());
        QVERIFY2(error.contains(errorMentions), qPrintable(error));
    }

    void securityProtocolNamesRoundTrip() {
        for (auto protocol : {SecurityProtocol::Plaintext, SecurityProtocol::Ssl,
                              SecurityProtocol::SaslPlaintext, SecurityProtocol::SaslSsl}) {
            QCOMPARE(securityProtocolFromName(securityProtocolName(protocol)), protocol);
        }
        QCOMPARE(securityProtocolFromName("sasl_ssl"), SecurityProtocol::SaslSsl);
        QVERIFY(!securityProtocolFromName("SASL").has_value());
    }

    void acceptsBootstrapForms_data() {
        QTest::addColumn<QString>("servers");
        QTest::newRow("one") << "localhost:9092";
        QTest::newRow("several, spaced") << " a.example:9092 , 10.0.0.7:65535";
        QTest::newRow("ipv6") << "[::1]:19092";
    }

    void acceptsBootstrapForms() {
        QFETCH(QString, servers);
        QCOMPARE(validateBootstrapServers(servers), QString());
    }

    void validationErrors_data() {
        QTest::addColumn<ConnectionProfile>("profile");
        QTest::addColumn<QString>("errorMentions");

        QTest::newRow("blank name") << validProfileWith([](auto& p) { p.name = "  "; }) << "name";
        QTest::newRow("no servers") << validProfileWith([](auto& p) { p.bootstrapServers = ""; }) << "empty";
        QTest::newRow("missing port")
            << validProfileWith([](auto& p) { p.bootstrapServers = "kafka"; }) << "'kafka' is not host:port";
        QTest::newRow("port out of range")
            << validProfileWith([](auto& p) { p.bootstrapServers = "kafka:99999"; }) << "valid port";
        QTest::newRow("port not a number")
            << validProfileWith([](auto& p) { p.bootstrapServers = "kafka:+92"; }) << "valid port";
        QTest::newRow("no host") << validProfileWith([](auto& p) { p.bootstrapServers = ":9092"; })
                                 << "valid host";
        QTest::newRow("dangling comma")
            << validProfileWith([](auto& p) { p.bootstrapServers = "a:1,"; }) << "empty entry";
        QTest::newRow("unbracketed ipv6")
            << validProfileWith([](auto& p) { p.bootstrapServers = "::1:9092"; }) << "host:port";
        QTest::newRow("sasl without mechanism")
            << validProfileWith([](auto& p) { p.securityProtocol = SecurityProtocol::SaslPlaintext; })
            << "SASL mechanism";
        QTest::newRow("scram without user") << validProfileWith([](auto& p) {
            p.securityProtocol = SecurityProtocol::SaslSsl;
            p.saslMechanism = "SCRAM-SHA-256";
        }) << "user name";
        QTest::newRow("certificate without key")
            << validProfileWith([](auto& p) { p.certPath = "/c.pem"; }) << "private key";
        QTest::newRow("bad colour") << validProfileWith([](auto& p) { p.colour = "red"; }) << "#rrggbb";
        QTest::newRow("extra shadows a field")
            << validProfileWith([](auto& p) { p.extraProperties.insert("bootstrap.servers", "x:1"); })
            << "bootstrap.servers";
    }

    void validationErrors() {
        QFETCH(ConnectionProfile, profile);
        QFETCH(QString, errorMentions);
        const QString error = validateConnectionProfile(profile);
        QVERIFY2(error.contains(errorMentions), qPrintable("error was: '" + error + "'"));
    }

    void validProfilesPass() {
        QCOMPARE(validateConnectionProfile(validProfile()), QString());
        QCOMPARE(validateConnectionProfile(fullProfile()), QString());
    }

    void librdkafkaIsLinked() {
        const QString version = librdkafkaVersion();
        QVERIFY2(QRegularExpression("^\\d+\\.\\d+\\.\\d+").match(version).hasMatch(), qPrintable(version));
    }
};

QTEST_GUILESS_MAIN(TestConnectionProfile)
#include "test_connection_profile.moc"
