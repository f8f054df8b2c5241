// The pure parts behind LibrdkafkaSession: client configuration, result filtering, broker statistics.
#include <librdkafka/rdkafka.h>

#include <QtTest>

#include "model/client_properties.h"
#include "model/cluster_fetch.h"
#include "model/librdkafka_session.h"
#include "model/session_worker.h"

using namespace tideline::model;

namespace {

QByteArray valueOf(const ClientProperties& properties, const QByteArray& key) {
    QByteArray value;
    for (const auto& [name, setting] : properties) {
        if (name == key) {
            value = setting;  // the last one wins, as it does in librdkafka
        }
    }
    return value;
}

qsizetype positionOf(const ClientProperties& properties, const QByteArray& key) {
    for (qsizetype i = properties.size() - 1; i >= 0; --i) {
        if (properties[i].first == key) {
            return i;
        }
    }
    return -1;
}

ConnectionProfile saslProfile() {
    ConnectionProfile profile;
    profile.name = "prod";
    profile.bootstrapServers = "kafka-1:9093,kafka-2:9093";
    profile.securityProtocol = SecurityProtocol::SaslSsl;
    profile.saslMechanism = "SCRAM-SHA-512";
    profile.saslUser = "console";
    profile.caPath = "/etc/ssl/ca.pem";
    profile.certPath = "/etc/ssl/client.pem";
    profile.keyPath = "/etc/ssl/client.key";
    profile.extraProperties = {{"client.id", "tideline-ops"}, {"socket.keepalive.enable", "true"}};
    return profile;
}

}  // namespace

class TestSessionSupport : public QObject {
    Q_OBJECT

private slots:
    void saslProfileBecomesClientSettings() {
        const ClientProperties properties = clientProperties(saslProfile(), {"s3cret", "keypass", {}}, {});
        QCOMPARE(valueOf(properties, "bootstrap.servers"), QByteArray("kafka-1:9093,kafka-2:9093"));
        QCOMPARE(valueOf(properties, "security.protocol"), QByteArray("SASL_SSL"));
        QCOMPARE(valueOf(properties, "sasl.mechanism"), QByteArray("SCRAM-SHA-512"));
        QCOMPARE(valueOf(properties, "sasl.username"), QByteArray("console"));
        QCOMPARE(valueOf(properties, "sasl.password"), QByteArray("s3cret"));
        QCOMPARE(valueOf(properties, "ssl.ca.location"), QByteArray("/etc/ssl/ca.pem"));
        QCOMPARE(valueOf(properties, "ssl.certificate.location"), QByteArray("/etc/ssl/client.pem"));
        QCOMPARE(valueOf(properties, "ssl.key.location"), QByteArray("/etc/ssl/client.key"));
        QCOMPARE(valueOf(properties, "ssl.key.password"), QByteArray("keypass"));
        QCOMPARE(valueOf(properties, "socket.keepalive.enable"), QByteArray("true"));
    }

    void extrasOverrideDefaultsButNotTheProfile() {
        const ClientProperties properties = clientProperties(saslProfile(), {}, {});
        QCOMPARE(valueOf(properties, "client.id"), QByteArray("tideline-ops"));
        QVERIFY(positionOf(properties, "client.id") < positionOf(properties, "bootstrap.servers"));
    }

    void plaintextProfileHasNoSaslSettings() {
        ConnectionProfile profile;
        profile.name = "local";
        profile.bootstrapServers = "localhost:9092";
        const ClientProperties properties = clientProperties(profile, {"unused", {}, {}}, {});
        QCOMPARE(valueOf(properties, "security.protocol"), QByteArray("PLAINTEXT"));
        QCOMPARE(positionOf(properties, "sasl.password"), -1);
        QCOMPARE(positionOf(properties, "sasl.mechanism"), -1);
        QCOMPARE(positionOf(properties, "ssl.key.password"), -1);
    }

    void requestTimeoutBoundsSocketWaits() {
        SessionOptions options;
        options.requestTimeout = std::chrono::milliseconds(2500);
        QCOMPARE(valueOf(clientProperties(saslProfile(), {}, options), "socket.timeout.ms"),
                 QByteArray("2500"));
    }

    void librdkafkaAcceptsEverySetting() {
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        char error[512];
        for (const auto& [key, value] : clientProperties(saslProfile(), {"s3cret", "keypass", {}}, {})) {
            QVERIFY2(rd_kafka_conf_set(conf, key.constData(), value.constData(), error, sizeof error) ==
                         RD_KAFKA_CONF_OK,
                     error);
        }
        rd_kafka_conf_destroy(conf);
    }

    void requestIdsCarryTheirRun() {
        const quint64 id = makeRequestId(7, 42);
        QCOMPARE(runOfRequestId(id), quint32(7));
        QVERIFY(makeRequestId(8, 0) > makeRequestId(7, 0xffffffff));
    }

    void gateDropsOldAndForeignResults() {
        ResultGate gate;
        QVERIFY(!gate.acceptSnapshot(makeRequestId(1, 1)));  // no run yet
        gate.beginRun(1);
        QVERIFY(gate.acceptSnapshot(makeRequestId(1, 1)));
        QVERIFY(gate.acceptSnapshot(makeRequestId(1, 3)));
        QVERIFY(!gate.acceptSnapshot(makeRequestId(1, 2)));  // overtaken
        QVERIFY(!gate.acceptSnapshot(makeRequestId(1, 3)));  // delivered twice
        QVERIFY(gate.acceptsState(1));

        gate.endRun();
        QVERIFY(!gate.acceptSnapshot(makeRequestId(1, 4)));
        QVERIFY(!gate.acceptsState(1));

        gate.beginRun(2);
        QVERIFY(!gate.acceptSnapshot(makeRequestId(1, 5)));  // from the stopped run
        QVERIFY(!gate.acceptsState(1));
        QVERIFY(gate.acceptSnapshot(makeRequestId(2, 1)));
    }

    void gateTakesLagReportsOnASequenceOfTheirOwn() {
        ResultGate gate;
        gate.beginRun(1);
        QVERIFY(gate.acceptSnapshot(makeRequestId(1, 2)));
        // The report of snapshot 2 comes after snapshot 2 and is taken all the same.
        QVERIFY(gate.acceptLagReport(makeRequestId(1, 2)));
        QVERIFY(!gate.acceptLagReport(makeRequestId(1, 1)));  // overtaken
        QVERIFY(!gate.acceptLagReport(makeRequestId(1, 2)));  // delivered twice

        gate.endRun();
        QVERIFY(!gate.acceptLagReport(makeRequestId(1, 3)));
        gate.beginRun(2);
        QVERIFY(!gate.acceptLagReport(makeRequestId(1, 4)));  // from the stopped run
        QVERIFY(gate.acceptLagReport(makeRequestId(2, 1)));
    }

    void statisticsTellWhichBrokersAnswer() {
        const QByteArray statistics = R"({"brokers": {
            "kafka-1:9092/1": {"nodeid": 1, "state": "UP", "stateage": 5000000},
            "kafka-2:9092/2": {"nodeid": 2, "state": "CONNECT", "stateage": 3000000},
            "kafka-3:9092/3": {"nodeid": 3, "state": "CONNECT", "stateage": 2000},
            "kafka-4:9092/4": {"nodeid": 4, "state": "INIT", "stateage": 9000000},
            "kafka-5:9092/5": {"nodeid": 5, "state": "DOWN", "stateage": 10},
            "kafka-1:9092/bootstrap": {"nodeid": -1, "state": "DOWN", "stateage": 9000000}
        }})";
        const auto first = mergeBrokerReachability({}, statistics);
        QCOMPARE(first.value(1), BrokerReachability::Reachable);
        QCOMPARE(first.value(2), BrokerReachability::Unreachable);  // stuck connecting
        QCOMPARE(first.value(3), BrokerReachability::Unknown);      // just started connecting
        QCOMPARE(first.value(4), BrokerReachability::Unknown);      // never needed
        QCOMPARE(first.value(5), BrokerReachability::Unreachable);
        QVERIFY(!first.contains(-1));

        // Idle between attempts: keeps the verdict of the last attempt.
        const QByteArray later = R"({"brokers": {
            "kafka-1:9092/1": {"nodeid": 1, "state": "INIT", "stateage": 100},
            "kafka-5:9092/5": {"nodeid": 5, "state": "INIT", "stateage": 100}
        }})";
        const auto second = mergeBrokerReachability(first, later);
        QCOMPARE(second.value(1), BrokerReachability::Reachable);
        QCOMPARE(second.value(5), BrokerReachability::Unreachable);
    }

    void statusNames() {
        QCOMPARE(sessionStatusName(SessionStatus::Error), QString("Error"));
        QCOMPARE(sessionStatusName(SessionStatus::Connected), QString("Connected"));
    }
};

QTEST_GUILESS_MAIN(TestSessionSupport)
#include "test_session_support.moc"
