// SASL/PLAIN (`--sasl-user`): kcat and confluent-kafka log in with the right password and fail
// clearly with a wrong one; on the wire, nothing but ApiVersions and the SASL exchange is served
// before authentication, with Kafka's error codes for wrong mechanisms, states and logins.
#include <QTemporaryDir>
#include <QtTest>

#include "support/broker_process.h"
#include "support/raw_kafka_client.h"

using namespace tideline::protocol;
using tideline::testing::BrokerProcess;
using tideline::testing::RawKafkaClient;
using tideline::testing::runTool;

namespace {

const QString kSystemPython = QStringLiteral("/usr/bin/python3");

QStringList kcatSasl(const BrokerProcess& broker, const QString& user, const QString& password) {
    return {"-b", broker.bootstrap(),          "-X", "security.protocol=SASL_PLAINTEXT",
            "-X", "sasl.mechanisms=PLAIN",     "-X", "sasl.username=" + user,
            "-X", "sasl.password=" + password, "-m", "5"};
}

Bytes plainToken(const std::string& user, const std::string& password) {
    Bytes token{0};
    token.insert(token.end(), user.begin(), user.end());
    token.push_back(0);
    token.insert(token.end(), password.begin(), password.end());
    return token;
}

SaslHandshakeRequest handshake(const std::string& mechanism) {
    SaslHandshakeRequest request;
    request.mechanism = mechanism;
    return request;
}

SaslAuthenticateRequest authenticate(const std::string& user, const std::string& password) {
    SaslAuthenticateRequest request;
    request.auth_bytes = plainToken(user, password);
    return request;
}

bool metadataWorks(RawKafkaClient& client) {
    return client.call<MetadataResponse>(9, MetadataRequest{}).has_value();
}

}  // namespace

class TestBrokerSasl : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(dataDir_.isValid());
        QVERIFY2(
            broker_.start(1, dataDir_.path(), {"--sasl-user", "alice:s3cret", "--sasl-user", "bob:other"}),
            qPrintable(broker_.output()));
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void kcatWithTheRightPassword() {
        auto produce = kcatSasl(broker_, "alice", "s3cret");
        produce << "-P"
                << "-t"
                << "sasl-t";
        const auto produced = runTool("kcat", produce, "one\ntwo\n", 60'000);
        QVERIFY2(produced.exitCode == 0, produced.err.constData());
        auto consume = kcatSasl(broker_, "bob", "other");
        consume << "-C"
                << "-t"
                << "sasl-t"
                << "-p"
                << "0"
                << "-o"
                << "beginning"
                << "-e"
                << "-q";
        auto consumed = runTool("kcat", consume, {}, 60'000);
        QVERIFY2(consumed.exitCode == 0, consumed.err.constData());
        // Auto-created with several partitions: what partition 0 holds is a subset, so list all.
        auto list = kcatSasl(broker_, "alice", "s3cret");
        list << "-L"
             << "-t"
             << "sasl-t";
        const auto listed = runTool("kcat", list, {}, 60'000);
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        QVERIFY2(listed.out.contains("topic \"sasl-t\""), listed.out.constData());
    }

    void kcatWithAWrongPasswordFailsClearly() {
        auto list = kcatSasl(broker_, "alice", "wrong");
        list << "-L";
        const auto run = runTool("kcat", list, {}, 60'000);
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains("Invalid username or password"), run.err.constData());
    }

    void confluentKafkaLogsIn() {
        if (runTool(kSystemPython, {"-c", "import confluent_kafka"}).exitCode != 0)
            QFAIL(
                "confluent-kafka is missing for /usr/bin/python3: install the Debian package "
                "python3-confluent-kafka (installer/deps.sh does)");
        const auto script = QStringLiteral(R"(
import sys
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient
def config(password, errors):
    return {'bootstrap.servers': sys.argv[1], 'security.protocol': 'SASL_PLAINTEXT',
            'sasl.mechanisms': 'PLAIN', 'sasl.username': 'bob', 'sasl.password': password,
            'error_cb': lambda e: errors.append(e)}
errors = []
p = Producer(config('other', errors))
delivered = []
p.produce('sasl-py', b'hello', on_delivery=lambda err, msg: delivered.append(err))
p.flush(30)
print('delivered', delivered, len(errors))
errors = []
admin = AdminClient(config('nope', errors))
try:
    admin.list_topics(timeout=5)
    print('listed')
except Exception:
    print('refused')
)");
        const auto run = runTool(kSystemPython, {"-c", script, broker_.bootstrap()}, {}, 120'000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QStringList expected = {"delivered [None] 0", "refused"};
        QCOMPARE(QString::fromUtf8(run.out).split('\n', Qt::SkipEmptyParts), expected);
        // librdkafka logs the broker's reason.
        QVERIFY2(run.err.contains(
                     "SASL authentication error: Authentication failed: Invalid username or password"),
                 run.err.constData());
    }

    void requestsBeforeAuthenticationCloseTheConnection() {
        RawKafkaClient client(broker_.port(1));
        QVERIFY(client.call<ApiVersionsResponse>(3, ApiVersionsRequest{}).has_value());
        client.send(9, 1, MetadataRequest{});
        QVERIFY(client.closedByPeer());
    }

    void unsupportedMechanismListsPlain() {
        RawKafkaClient client(broker_.port(1));
        const auto answer = client.call<SaslHandshakeResponse>(1, handshake("SCRAM-SHA-256"));
        QVERIFY(answer.has_value());
        QCOMPARE(answer->error_code, std::int16_t{33});
        QCOMPARE(answer->mechanisms, std::vector<std::string>{"PLAIN"});
    }

    void wrongPasswordIsAuthenticationFailed() {
        RawKafkaClient client(broker_.port(1));
        QCOMPARE(client.call<SaslHandshakeResponse>(1, handshake("PLAIN"))->error_code, std::int16_t{0});
        const auto answer = client.call<SaslAuthenticateResponse>(2, authenticate("alice", "guess"));
        QVERIFY(answer.has_value());
        QCOMPARE(answer->error_code, std::int16_t{58});
        QCOMPARE(answer->error_message.value_or(""),
                 std::string("Authentication failed: Invalid username or password"));
        client.send(9, 7, MetadataRequest{});
        QVERIFY(client.closedByPeer());
    }

    void authenticatedConnectionIsServedAndCannotHandshakeAgain() {
        RawKafkaClient client(broker_.port(1));
        QCOMPARE(client.call<SaslHandshakeResponse>(1, handshake("PLAIN"))->error_code, std::int16_t{0});
        const auto answer = client.call<SaslAuthenticateResponse>(2, authenticate("alice", "s3cret"));
        QVERIFY(answer.has_value());
        QCOMPARE(answer->error_code, std::int16_t{0});
        QVERIFY(metadataWorks(client));
        QCOMPARE(client.call<SaslHandshakeResponse>(1, handshake("PLAIN"))->error_code, std::int16_t{34});
        QCOMPARE(client.call<SaslAuthenticateResponse>(2, authenticate("alice", "s3cret"))->error_code,
                 std::int16_t{34});
    }

    void handshakeV0ThenBareToken() {
        RawKafkaClient client(broker_.port(1));
        QCOMPARE(client.call<SaslHandshakeResponse>(0, handshake("PLAIN"))->error_code, std::int16_t{0});
        const auto token = plainToken("bob", "other");
        QByteArray frame(4, 0);
        frame[3] = static_cast<char>(token.size());
        frame.append(reinterpret_cast<const char*>(token.data()), static_cast<qsizetype>(token.size()));
        client.sendBytes(frame);
        QVERIFY(client.readFrame().isEmpty());  // an empty server token
        QVERIFY(metadataWorks(client));
    }

    void bareTokenWithWrongPasswordCloses() {
        RawKafkaClient client(broker_.port(1));
        QCOMPARE(client.call<SaslHandshakeResponse>(0, handshake("PLAIN"))->error_code, std::int16_t{0});
        const auto token = plainToken("bob", "bad");
        QByteArray frame(4, 0);
        frame[3] = static_cast<char>(token.size());
        frame.append(reinterpret_cast<const char*>(token.data()), static_cast<qsizetype>(token.size()));
        client.sendBytes(frame);
        QVERIFY(client.closedByPeer());
    }

    void plaintextClusterAnswersIllegalSaslState() {
        QTemporaryDir plainDir;
        BrokerProcess plain;
        QVERIFY2(plain.start(1, plainDir.path()), qPrintable(plain.output()));
        RawKafkaClient client(plain.port(1));
        QCOMPARE(client.call<SaslHandshakeResponse>(1, handshake("PLAIN"))->error_code, std::int16_t{34});
        QVERIFY(metadataWorks(client));
        QVERIFY(plain.stop());
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerSasl)
#include "test_broker_sasl.moc"
