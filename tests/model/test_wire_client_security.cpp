// The model's own Kafka connection (kafka_wire_client.h, used for DescribeLogDirs and ElectLeaders)
// with the profile's security: SASL/PLAIN against a real tideline-broker started with --sasl-user
// (right and wrong password, a mechanism it does not take), ElectLeaders and topic sizes through a
// SASL session; TLS (CA, client certificate with an encrypted key, host name checks) and SASL_SSL
// through a TLS-terminating QSslServer in front of real brokers, with throwaway certificates made by
// the openssl CLI; SCRAM-SHA-256 against RFC 7677's example and SCRAM-SHA-512 against kafka-python's
// client (no broker here serves SCRAM).
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QtConcurrent>
#include <QtTest>
#include <memory>

#include "broker_interop_support.h"
#include "model/librdkafka_session.h"
#include "model/operations/kafka_wire_client.h"
#include "model/operations/scram.h"
#include "model/topic_sizes.h"
#include "operations_support.h"

using namespace tideline::model;
using namespace tideline::model::testing;
using tideline::testing::BrokerProcess;
using tideline::testing::runTool;

namespace {

const QString kSystemPython = QStringLiteral("/usr/bin/python3");
const char kTopic[] = "secured";

// Runs the blocking wire client on a pool thread while this thread serves the TLS proxy.
template <typename F>
auto offThread(F work) {
    auto future = QtConcurrent::run(work);
    while (!future.isFinished()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return future.result();
}

BrokerReplicaSizes readSizes(quint16 port, const WireSecurity& security) {
    BrokerInfo broker;
    broker.id = 1;
    broker.host = "127.0.0.1";
    broker.port = port;
    return offThread([=] { return readBrokerReplicaSizes(broker, security, QDeadlineTimer(10'000)); });
}

// Terminates TLS and passes the bytes on to a broker's plain listener, both ways.
class TlsProxy : public QObject {
public:
    TlsProxy(const QSslConfiguration& config, quint16 upstreamPort) : upstreamPort_(upstreamPort) {
        server_.setSslConfiguration(config);
        connect(&server_, &QTcpServer::pendingConnectionAvailable, this, &TlsProxy::accept);
        server_.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return server_.serverPort(); }

private:
    void accept() {
        while (server_.hasPendingConnections()) {
            QTcpSocket* client = server_.nextPendingConnection();
            auto* upstream = new QTcpSocket(client);
            upstream->connectToHost(QHostAddress::LocalHost, upstreamPort_);
            connect(client, &QIODevice::readyRead, upstream, [=] { upstream->write(client->readAll()); });
            connect(upstream, &QIODevice::readyRead, client, [=] { client->write(upstream->readAll()); });
            connect(upstream, &QAbstractSocket::disconnected, client, [=] { client->disconnectFromHost(); });
            connect(client, &QAbstractSocket::disconnected, client, &QObject::deleteLater);
            if (client->bytesAvailable() > 0) {
                upstream->write(client->readAll());
            }
        }
    }

    QSslServer server_;
    quint16 upstreamPort_;
};

}  // namespace

class TestWireClientSecurity : public QObject {
    Q_OBJECT

private:
    QTemporaryDir saslDir_;
    QTemporaryDir plainDir_;
    QTemporaryDir certs_;
    BrokerProcess saslBroker_;
    BrokerProcess plainBroker_;

    QString cert(const QString& name) const { return certs_.filePath(name); }

    bool openssl(const QStringList& arguments) {
        const auto result = runTool("openssl", arguments);
        if (!result.finished || result.exitCode != 0) {
            qWarning("openssl %s: %s", qPrintable(arguments.join(' ')), result.err.constData());
            return false;
        }
        return true;
    }

    // A certificate for `subject` signed by the test CA; `san` empty: none (so the name never matches).
    bool signedCertificate(const QString& name, const QString& subject, const QString& san,
                           const QString& keyPassword = {}) {
        QStringList request{"req",  "-newkey",           "rsa:2048", "-keyout", cert(name + ".key"),
                            "-out", cert(name + ".csr"), "-subj",    subject};
        request +=
            keyPassword.isEmpty() ? QStringList{"-nodes"} : QStringList{"-passout", "pass:" + keyPassword};
        QStringList sign{"x509",
                         "-req",
                         "-in",
                         cert(name + ".csr"),
                         "-CA",
                         cert("ca.pem"),
                         "-CAkey",
                         cert("ca.key"),
                         "-CAcreateserial",
                         "-out",
                         cert(name + ".pem"),
                         "-days",
                         "1"};
        if (!san.isEmpty()) {
            QFile extension(cert(name + ".ext"));
            if (!extension.open(QIODevice::WriteOnly)) {
                return false;
            }
            extension.write("subjectAltName=" + san.toUtf8() + "\n");
            extension.close();
            sign += QStringList{"-extfile", cert(name + ".ext")};
        }
        return openssl(request) && openssl(sign);
    }

    QSslConfiguration serverTls(const QString& name, bool requireClientCertificate = false) {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificateChain(QSslCertificate::fromPath(cert(name + ".pem")));
        QFile key(cert(name + ".key"));
        key.open(QIODevice::ReadOnly);
        config.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
        config.setCaCertificates(QSslCertificate::fromPath(cert("ca.pem")));
        config.setPeerVerifyMode(requireClientCertificate ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
        return config;
    }

    WireSecurity tlsClient(const QString& protocol = "SSL") const {
        WireSecurity security;
        security.protocol = protocol;
        security.caLocation = cert("ca.pem");
        return security;
    }

    static WireSecurity saslPlain(const QString& password, const QString& protocol = "SASL_PLAINTEXT") {
        WireSecurity security;
        security.protocol = protocol;
        security.mechanism = "PLAIN";
        security.user = "alice";
        security.password = password;
        return security;
    }

    static bool holdsTopic(const BrokerReplicaSizes& report) {
        return report.bytes.value(kTopic).value(0, -1) > 0;
    }

private slots:
    void initTestCase() {
        registerSessionMetaTypes();
        QVERIFY(QSslSocket::supportsSsl());
        QVERIFY2(saslBroker_.start(1, saslDir_.path(), {"--sasl-user", "alice:s3cret"}),
                 qPrintable(saslBroker_.output()));
        QVERIFY2(plainBroker_.start(1, plainDir_.path()), qPrintable(plainBroker_.output()));
        // Records in both, so a size read has something to report (the brokers create the topic).
        for (BrokerProcess* broker : {&saslBroker_, &plainBroker_}) {
            QStringList arguments{"-P", "-b", broker->bootstrap(), "-t", kTopic, "-p", "0"};
            if (broker == &saslBroker_) {
                arguments += {"-X", "security.protocol=SASL_PLAINTEXT",
                              "-X", "sasl.mechanisms=PLAIN",
                              "-X", "sasl.username=alice",
                              "-X", "sasl.password=s3cret"};
            }
            const auto produced = runTool("kcat", arguments, "one\ntwo\nthree\n");
            QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
        }

        QVERIFY(certs_.isValid());
        QVERIFY(openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", cert("ca.key"), "-out",
                         cert("ca.pem"), "-days", "1", "-subj", "/CN=tideline test CA"}));
        QVERIFY(openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", cert("other-ca.key"),
                         "-out", cert("other-ca.pem"), "-days", "1", "-subj", "/CN=someone else's CA"}));
        QVERIFY(signedCertificate("server", "/CN=localhost", "DNS:localhost,IP:127.0.0.1"));
        QVERIFY(signedCertificate("misnamed", "/CN=not-this-host.example", {}));
        QVERIFY(signedCertificate("client", "/CN=tideline client", {}, "key-secret"));
    }

    void cleanupTestCase() {
        QVERIFY2(saslBroker_.stop(), qPrintable(saslBroker_.output()));
        QVERIFY2(plainBroker_.stop(), qPrintable(plainBroker_.output()));
    }

    void saslPlainWithTheRightPasswordReadsSizes() {
        const BrokerReplicaSizes report = readSizes(quint16(saslBroker_.port(1)), saslPlain("s3cret"));
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QVERIFY(holdsTopic(report));
    }

    void saslPlainWithAWrongPasswordSaysAuthenticationFailed() {
        const BrokerReplicaSizes report = readSizes(quint16(saslBroker_.port(1)), saslPlain("wrong"));
        QVERIFY2(report.error.contains("authentication", Qt::CaseInsensitive), qPrintable(report.error));
        QVERIFY2(report.error.contains("alice"), qPrintable(report.error));
        QVERIFY(report.bytes.isEmpty());
    }

    void aMechanismTheBrokerDoesNotTakeIsNamed() {
        WireSecurity scram = saslPlain("s3cret");
        scram.mechanism = "SCRAM-SHA-256";
        const BrokerReplicaSizes report = readSizes(quint16(saslBroker_.port(1)), scram);
        QVERIFY2(report.error.contains("SCRAM-SHA-256") && report.error.contains("PLAIN"),
                 qPrintable(report.error));
    }

    void unsupportedMechanismsAreRefusedBeforeConnecting() {
        WireSecurity oauth = saslPlain("s3cret");
        oauth.mechanism = "OAUTHBEARER";
        const QString refusal = unsupportedWireSecurity(oauth, "Preferred leader election");
        QVERIFY2(refusal.contains("OAUTHBEARER") && refusal.contains("Preferred leader election"),
                 qPrintable(refusal));
        const BrokerReplicaSizes report = readSizes(quint16(saslBroker_.port(1)), oauth);
        QVERIFY2(report.error.contains("OAUTHBEARER"), qPrintable(report.error));
    }

    // A whole session with a SASL profile: leader election and topic sizes go through the wire client.
    void saslSessionElectsLeadersAndKnowsSizes() {
        ConnectionProfile profile = profileFor("sasl", saslBroker_.bootstrap());
        profile.securityProtocol = SecurityProtocol::SaslPlaintext;
        profile.saslMechanism = "PLAIN";
        profile.saslUser = "alice";
        SessionSecrets secrets;
        secrets.saslPassword = "s3cret";
        SessionOptions options;
        options.metadataInterval = std::chrono::milliseconds(400);
        options.offsetsInterval = std::chrono::milliseconds(400);
        LibrdkafkaSession session(profile, secrets, options);
        OperationSpies spies(&session);
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        session.start();
        const ClusterSnapshot sized =
            waitForArgument<ClusterSnapshot>(snapshots, [](const ClusterSnapshot& s) {
                return std::any_of(s.topics.cbegin(), s.topics.cend(),
                                   [](const TopicInfo& t) { return t.name == kTopic && t.size; });
            });
        const auto topic = std::find_if(sized.topics.cbegin(), sized.topics.cend(),
                                        [](const TopicInfo& t) { return t.name == kTopic; });
        QVERIFY(topic != sized.topics.cend() && topic->size);
        QVERIFY(topic->size->leaderBytes > 0);

        const OperationResult elected =
            resultFor<OperationResult>(spies.operations, session.electPreferredLeaders({{kTopic, 0}}));
        QVERIFY2(elected.ok(), qPrintable(elected.error));
        QCOMPARE(elected.items.size(), 1);
        session.stop();
    }

    void tlsWithTheProfilesCaReadsSizes() {
        TlsProxy proxy(serverTls("server"), quint16(plainBroker_.port(1)));
        const BrokerReplicaSizes report = readSizes(proxy.port(), tlsClient());
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QVERIFY(holdsTopic(report));
    }

    void tlsRefusesAServerSignedByAnotherCa() {
        TlsProxy proxy(serverTls("server"), quint16(plainBroker_.port(1)));
        WireSecurity security = tlsClient();
        security.caLocation = cert("other-ca.pem");
        const BrokerReplicaSizes report = readSizes(proxy.port(), security);
        QVERIFY2(report.error.contains("TLS handshake"), qPrintable(report.error));
        // Verification off (enable.ssl.certificate.verification=false) accepts it.
        security.verifyPeer = false;
        const BrokerReplicaSizes unverified = readSizes(proxy.port(), security);
        QVERIFY2(unverified.error.isEmpty(), qPrintable(unverified.error));
    }

    void tlsChecksTheHostNameUnlessTheProfileSaysNone() {
        TlsProxy proxy(serverTls("misnamed"), quint16(plainBroker_.port(1)));
        WireSecurity security = tlsClient();
        const BrokerReplicaSizes checked = readSizes(proxy.port(), security);
        QVERIFY2(checked.error.contains("TLS handshake"), qPrintable(checked.error));
        security.verifyHostname = false;  // ssl.endpoint.identification.algorithm=none
        const BrokerReplicaSizes unchecked = readSizes(proxy.port(), security);
        QVERIFY2(unchecked.error.isEmpty(), qPrintable(unchecked.error));
    }

    void tlsPresentsTheClientCertificateWithItsEncryptedKey() {
        TlsProxy proxy(serverTls("server", true), quint16(plainBroker_.port(1)));
        WireSecurity security = tlsClient();
        const BrokerReplicaSizes without = readSizes(proxy.port(), security);
        QVERIFY2(!without.error.isEmpty(),
                 "a server that requires a client certificate answered without one");

        ClientProperties properties{{"security.protocol", "SSL"},
                                    {"ssl.ca.location", cert("ca.pem").toUtf8()},
                                    {"ssl.certificate.location", cert("client.pem").toUtf8()},
                                    {"ssl.key.location", cert("client.key").toUtf8()},
                                    {"ssl.key.password", "key-secret"}};
        const BrokerReplicaSizes with = readSizes(proxy.port(), WireSecurity::fromProperties(properties));
        QVERIFY2(with.error.isEmpty(), qPrintable(with.error));
        QVERIFY(holdsTopic(with));

        properties.last().second = "wrong-secret";
        const BrokerReplicaSizes wrongKeyPassword =
            readSizes(proxy.port(), WireSecurity::fromProperties(properties));
        QVERIFY2(wrongKeyPassword.error.contains("client.key"), qPrintable(wrongKeyPassword.error));
    }

    void saslOverTls() {
        TlsProxy proxy(serverTls("server"), quint16(saslBroker_.port(1)));
        WireSecurity security = saslPlain("s3cret", "SASL_SSL");
        security.caLocation = cert("ca.pem");
        const BrokerReplicaSizes report = readSizes(proxy.port(), security);
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QVERIFY(holdsTopic(report));
        security.password = "wrong";
        const BrokerReplicaSizes refused = readSizes(proxy.port(), security);
        QVERIFY2(refused.error.contains("authentication", Qt::CaseInsensitive), qPrintable(refused.error));
    }

    // RFC 7677, section 3: the SCRAM-SHA-256 example exchange.
    void scramSha256MatchesRfc7677() {
        ScramClient client("SCRAM-SHA-256", "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        QCOMPARE(client.clientFirstMessage(), QByteArray("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        QString error;
        const auto final = client.clientFinalMessage(
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", &error);
        QVERIFY2(final, qPrintable(error));
        QCOMPARE(*final, QByteArray("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        QVERIFY2(client.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", &error),
                 qPrintable(error));
        QVERIFY(!client.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", &error));
        QVERIFY(error.contains("signature"));
    }

    // SCRAM-SHA-512 has no RFC example: kafka-python's client (a separate implementation) is the reference.
    void scramSha512AgreesWithKafkaPython() {
        const QByteArray serverFirst = "r=fyko+d2lbbFgONRv9qkxdawLkafkaServerPart,s=QSXCR+Q6sek8bf92,i=4096";
        const QByteArray script =
            "import base64, sys\n"
            "from kafka.scram import ScramClient\n"
            "c = ScramClient('bob,=x', 'p\\u00e4ss word', 'SCRAM-SHA-512')\n"
            "c.user = 'bob=2C=3Dx'\n"
            "c.nonce = 'fyko+d2lbbFgONRv9qkxdawL'\n"
            "c.first_message()\n"
            "c.process_server_first_message(sys.argv[1])\n"
            "print(c.final_message())\n"
            "print('v=' + base64.b64encode(c.server_signature).decode())\n";
        const auto reference =
            runTool(kSystemPython, {"-c", QString::fromUtf8(script), QString::fromUtf8(serverFirst)});
        QVERIFY2(reference.finished && reference.exitCode == 0, reference.err.constData());
        const QList<QByteArray> lines = reference.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);

        ScramClient client("SCRAM-SHA-512", "bob,=x", QString::fromUtf8("p\u00e4ss word"),
                           "fyko+d2lbbFgONRv9qkxdawL");
        QCOMPARE(client.clientFirstMessage(), QByteArray("n,,n=bob=2C=3Dx,r=fyko+d2lbbFgONRv9qkxdawL"));
        QString error;
        const auto final = client.clientFinalMessage(serverFirst, &error);
        QVERIFY2(final, qPrintable(error));
        QCOMPARE(*final, lines[0]);
        QVERIFY2(client.verifyServerFinal(lines[1], &error), qPrintable(error));
    }

    void scramRefusesANonceThatDoesNotExtendOursAndWeakIterations() {
        QString error;
        ScramClient client("SCRAM-SHA-256", "user", "pencil", "abc");
        QVERIFY(!client.clientFinalMessage("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096", &error));
        QVERIFY2(error.contains("nonce"), qPrintable(error));
        QVERIFY(!client.clientFinalMessage("r=abc123,s=QSXCR+Q6sek8bf92,i=10", &error));
        QVERIFY2(error.contains("iterations"), qPrintable(error));
        QVERIFY(!client.clientFinalMessage("e=unknown-user", &error));
        QVERIFY2(error.contains("unknown-user"), qPrintable(error));
        QVERIFY(!client.verifyServerFinal("v=anything", &error));  // no proof was computed
    }
};

QTEST_MAIN(TestWireClientSecurity)
#include "test_wire_client_security.moc"
