// Real Kafka clients talk to a WirePeer: every request they send must decode with our codec, with
// nothing left over, and our answers must be good enough for them to get to their metadata.
// Hand-written samples cannot show this: only the clients' own bytes can.
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include <librdkafka/rdkafka.h>

#include <memory>
#include <set>

#include "support/wire_peer.h"
#include "supported_versions.h"

using namespace tideline::protocol;
using tideline::testing::CapturedRequest;
using tideline::testing::WirePeer;
using namespace std::chrono_literals;

namespace {

constexpr auto kApiVersions = static_cast<std::int16_t>(ApiKey::ApiVersions);
constexpr auto kMetadata = static_cast<std::int16_t>(ApiKey::Metadata);
const char* const kSystemPython = "/usr/bin/python3";  // the one that sees Debian's kafka-python

struct ProcessResult {
    bool finished = false;
    int exit_code = -1;
    QByteArray out;
    QByteArray err;
};

// Never waits longer than timeout_ms: a client that hangs is killed and reported as unfinished.
ProcessResult run_process(const QString& program, const QStringList& arguments, int timeout_ms) {
    QProcess process;
    process.start(program, arguments);
    ProcessResult result;
    if (!process.waitForStarted(5000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    process.closeWriteChannel();
    result.finished = process.waitForFinished(timeout_ms);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.exit_code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QByteArray joined(const std::vector<std::string>& lines) {
    QByteArray text;
    for (const auto& line : lines) text += QByteArray::fromStdString(line) + '\n';
    return text;
}

// What holds for every client: all frames decode, to the last byte, and carry the client's id.
void check_all_requests(const WirePeer& peer, const std::string& client_id) {
    QVERIFY2(peer.errors().empty(), joined(peer.errors()).constData());
    const auto requests = peer.requests();
    QVERIFY2(!requests.empty(), "the client sent no request");
    for (const auto& request : requests) {
        const auto where = QStringLiteral("api key %1 v%2").arg(request.api_key).arg(request.api_version);
        QVERIFY2(request.decoded || request.api_key == kApiVersions, qPrintable(where));
        QCOMPARE(request.trailing_bytes, std::size_t{0});
        QCOMPARE(QByteArray::fromStdString(request.client_id.value_or("<null>")),
                 QByteArray::fromStdString(client_id));
    }
}

// Metadata requests seen: each at a version we advertise, decoded; returns the versions.
std::set<int> metadata_versions(const WirePeer& peer) {
    const auto range = supported_api(kMetadata);
    std::set<int> versions;
    for (const auto& request : peer.requests(kMetadata)) {
        if (!range || request.api_version < range->min_version || request.api_version > range->max_version ||
            !request.body<MetadataRequest>())
            return {};
        versions.insert(request.api_version);
    }
    return versions;
}

// librdkafka opens with ApiVersions v3 and names itself in the (flexible, v3+) body.
void check_librdkafka_api_versions(const WirePeer& peer) {
    const auto requests = peer.requests(kApiVersions);
    QVERIFY2(!requests.empty(), ("no ApiVersions request among:\n" + peer.summary()).c_str());
    const CapturedRequest* v3 = nullptr;
    for (const auto& request : requests)
        if (request.api_version == 3) v3 = &request;
    QVERIFY2(v3, ("no ApiVersions v3 request among:\n" + peer.summary()).c_str());
    const auto* body = v3->body<ApiVersionsRequest>();
    QVERIFY(body);
    QCOMPARE(QByteArray::fromStdString(body->client_software_name), QByteArray("librdkafka"));
    QVERIFY(!body->client_software_version.empty());
    QCOMPARE(v3->decoded->header_version, std::int16_t{2});
}

struct KafkaDeleter {
    void operator()(rd_kafka_t* kafka) const { rd_kafka_destroy(kafka); }
};

struct MetadataDeleter {
    void operator()(const rd_kafka_metadata_t* metadata) const { rd_kafka_metadata_destroy(metadata); }
};

}  // namespace

class TestClientWireBytes : public QObject {
    Q_OBJECT

private slots:
    void kcatListsMetadata();
    void librdkafkaFetchesMetadata();
    void kafkaPythonListsTopics();
};

void TestClientWireBytes::kcatListsMetadata() {
    const auto kcat = QStandardPaths::findExecutable("kcat");
    if (kcat.isEmpty()) QFAIL("kcat is missing: install the Debian package kcat (installer/deps.sh does)");
    WirePeer peer;
    QVERIFY2(peer.ok(), peer.start_error().c_str());

    const auto bootstrap = QString::fromStdString(peer.bootstrap());
    const auto run = run_process(kcat, {"-b", bootstrap, "-L", "-m", "5"}, 30000);
    QVERIFY2(peer.errors().empty(), joined(peer.errors()).constData());  // the likely cause of what follows
    QVERIFY2(run.finished, "kcat -L did not finish within 30 s");
    QVERIFY2(run.exit_code == 0, run.err.constData());
    // kcat prints what it understood of our Metadata answer.
    QVERIFY2(run.out.contains("topic \"tl-alpha\" with 1 partitions"), run.out.constData());
    QVERIFY2(run.out.contains("127.0.0.1:" + QByteArray::number(peer.port())), run.out.constData());

    check_all_requests(peer, "rdkafka");
    if (QTest::currentTestFailed()) return;
    check_librdkafka_api_versions(peer);
    if (QTest::currentTestFailed()) return;
    const auto versions = metadata_versions(peer);
    QVERIFY2(!versions.empty(), ("no good Metadata request among:\n" + peer.summary()).c_str());
    qInfo("librdkafka %s sent Metadata v%d", rd_kafka_version_str(), *versions.begin());
    if (QByteArray(rd_kafka_version_str()) == "2.0.2") QCOMPARE(*versions.begin(), 4);
}

void TestClientWireBytes::librdkafkaFetchesMetadata() {
    WirePeer peer;
    QVERIFY2(peer.ok(), peer.start_error().c_str());

    char error_text[512] = {};
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    const std::pair<const char*, std::string> settings[] = {
        {"bootstrap.servers", peer.bootstrap()},
        {"client.id", "tideline-wire-test"},
        {"log_level", "3"},  // the peer closes connections on purpose; keep the log quiet
    };
    for (const auto& [name, value] : settings) {
        const auto set = rd_kafka_conf_set(conf, name, value.c_str(), error_text, sizeof(error_text));
        QVERIFY2(set == RD_KAFKA_CONF_OK, error_text);
    }
    std::unique_ptr<rd_kafka_t, KafkaDeleter> kafka(
        rd_kafka_new(RD_KAFKA_PRODUCER, conf, error_text, sizeof(error_text)));
    QVERIFY2(kafka, error_text);  // on failure rd_kafka_new leaves conf to us, a leak a failing test can bear

    const rd_kafka_metadata_t* raw = nullptr;
    const auto error = rd_kafka_metadata(kafka.get(), 1, nullptr, &raw, 10000);
    std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter> metadata(raw);
    QVERIFY2(peer.errors().empty(), joined(peer.errors()).constData());
    QVERIFY2(error == RD_KAFKA_RESP_ERR_NO_ERROR, rd_kafka_err2str(error));

    // What the client decoded from our answer: proves the encoded Metadata response is accepted.
    QCOMPARE(metadata->broker_cnt, 1);
    QCOMPARE(metadata->brokers[0].id, 1);
    QCOMPARE(QByteArray(metadata->brokers[0].host), QByteArray("127.0.0.1"));
    QCOMPARE(metadata->brokers[0].port, int(peer.port()));
    std::set<std::string> topics;
    for (int i = 0; i < metadata->topic_cnt; ++i) {
        QCOMPARE(metadata->topics[i].err, RD_KAFKA_RESP_ERR_NO_ERROR);
        QCOMPARE(metadata->topics[i].partition_cnt, 1);
        QCOMPARE(metadata->topics[i].partitions[0].leader, 1);
        topics.insert(metadata->topics[i].topic);
    }
    QCOMPARE(topics, (std::set<std::string>{"tl-alpha", "tl-beta"}));
    metadata.reset();
    kafka.reset();

    check_all_requests(peer, "tideline-wire-test");
    if (QTest::currentTestFailed()) return;
    check_librdkafka_api_versions(peer);
    if (QTest::currentTestFailed()) return;
    const auto versions = metadata_versions(peer);
    QVERIFY2(!versions.empty(), ("no good Metadata request among:\n" + peer.summary()).c_str());
    bool asked_for_all = false;
    for (const auto& request : peer.requests(kMetadata))
        asked_for_all = asked_for_all || !request.body<MetadataRequest>()->topics.has_value();
    QVERIFY2(asked_for_all, "no all-topics (null topics) Metadata request was seen");
}

void TestClientWireBytes::kafkaPythonListsTopics() {
    if (!QFileInfo(kSystemPython).isExecutable())
        QFAIL("/usr/bin/python3 is missing: install the Debian package python3 (installer/deps.sh does)");
    const auto probe = run_process(kSystemPython, {"-c", "import kafka"}, 30000);
    if (!probe.finished || probe.exit_code != 0)
        QFAIL(
            "kafka-python is missing for /usr/bin/python3: install the Debian package python3-kafka "
            "(installer/deps.sh does)");
    WirePeer peer;
    QVERIFY2(peer.ok(), peer.start_error().c_str());

    // No api_version given: kafka-python probes the broker (ApiVersions v0 plus Metadata v0), then
    // lists topics with Metadata v1.
    const auto script = QStringLiteral(
        "import sys\n"
        "from kafka import KafkaConsumer\n"
        "c = KafkaConsumer(bootstrap_servers=sys.argv[1], client_id='tideline-kp',\n"
        "                  request_timeout_ms=15000, api_version_auto_timeout_ms=10000)\n"
        "print(' '.join(sorted(c.topics())))\n"
        "c.close()\n");
    const auto bootstrap = QString::fromStdString(peer.bootstrap());
    const auto run = run_process(kSystemPython, {"-c", script, bootstrap}, 60000);
    QVERIFY2(peer.errors().empty(), joined(peer.errors()).constData());
    QVERIFY2(run.finished, "kafka-python did not finish within 60 s");
    QVERIFY2(run.exit_code == 0, run.err.constData());
    QCOMPARE(run.out.trimmed(), QByteArray("tl-alpha tl-beta"));

    check_all_requests(peer, "tideline-kp");
    if (QTest::currentTestFailed()) return;
    bool api_versions_v0 = false;
    for (const auto& request : peer.requests(kApiVersions))
        api_versions_v0 = api_versions_v0 || (request.api_version == 0 && request.body<ApiVersionsRequest>());
    QVERIFY2(api_versions_v0, ("no ApiVersions v0 request among:\n" + peer.summary()).c_str());
    const auto versions = metadata_versions(peer);
    QVERIFY2(!versions.empty(), ("no good Metadata request among:\n" + peer.summary()).c_str());
    QVERIFY2(versions.count(0), ("no Metadata v0 request among:\n" + peer.summary()).c_str());
}

QTEST_GUILESS_MAIN(TestClientWireBytes)
#include "test_client_wire_bytes.moc"
