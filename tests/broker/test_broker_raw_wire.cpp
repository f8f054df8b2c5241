// Hand-made frames on plain sockets, for what real clients never send: an ApiVersions version
// from the future, unknown API keys, garbage. Each must cost at most its own connection.
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include "support/broker_process.h"
#include "support/raw_kafka_client.h"
#include "supported_versions.h"

using namespace tideline::protocol;
using tideline::testing::BrokerProcess;
using tideline::testing::encodeRequest;
using tideline::testing::RawKafkaClient;

namespace {

// The exact ApiVersions v9 request of the Kafka 2.4 capture raw-apiversions-unsupported-version.jsonl.
const QByteArray kApiVersionsV9 =
    QByteArray::fromHex("00000023001200090000000100097261772d70726f6265000a7261772d70726f626504312e3000");

constexpr auto kApiVersions = static_cast<std::int16_t>(ApiKey::ApiVersions);
constexpr auto kMetadata = static_cast<std::int16_t>(ApiKey::Metadata);

}  // namespace

class TestBrokerRawWire : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(2, dataDir_.path()), qPrintable(broker_.output()));
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void unsupportedApiVersionsGetsV0AnswerWithError35() {
        RawKafkaClient client(broker_.port(1));
        client.sendBytes(kApiVersionsV9);
        const auto answer = client.receive(kApiVersions, 0);
        QVERIFY(answer.has_value());
        QCOMPARE(answer->header.correlation_id, 1);
        const auto& body = std::get<ApiVersionsResponse>(answer->body);
        QCOMPARE(body.error_code, std::int16_t{35});
        // Like Kafka: only the ApiVersions range, which is all the client needs to retry.
        QCOMPARE(body.api_keys.size(), std::size_t{1});
        QCOMPARE(body.api_keys[0].api_key, kApiVersions);
        QCOMPARE(body.api_keys[0].max_version, std::int16_t{3});

        // The client retries at a version we serve, on the same connection.
        const auto retry = client.call<ApiVersionsResponse>(3, ApiVersionsRequest{"raw-test", "1.0", {}});
        QVERIFY(retry.has_value());
        QCOMPARE(retry->error_code, std::int16_t{0});
        QCOMPARE(retry->api_keys.size(), supported_apis().size());
    }

    void badFramesCloseOnlyTheirConnection_data() {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("unknown api key 99") << QByteArray::fromHex("0000000d00630000000000050003726177");
        QTest::newRow("metadata v99") << QByteArray::fromHex("0000000d00030063000000050003726177");
        QTest::newRow("truncated body") << QByteArray::fromHex("0000000c001200030000000500037261");
        QTest::newRow("negative size") << QByteArray::fromHex("ffffff00");
        QTest::newRow("oversized") << QByteArray::fromHex("7fffffff");
        QTest::newRow("garbage") << QByteArray("\x00\x00\x00\x08garbage!", 12);
    }

    void badFramesCloseOnlyTheirConnection() {
        QFETCH(QByteArray, frame);
        RawKafkaClient bystander(broker_.port(1));
        RawKafkaClient victim(broker_.port(1));
        QVERIFY(bystander.connected() && victim.connected());
        victim.sendBytes(frame);
        QVERIFY2(victim.closedByPeer(), "the broker must close a connection that sends a bad frame");

        // The other client goes on as if nothing happened, on the connection it already had.
        MetadataRequest metadata;
        metadata.topics = std::nullopt;
        const auto answer = bystander.call<MetadataResponse>(9, metadata);
        QVERIFY(answer.has_value());
        QCOMPARE(answer->brokers.size(), std::size_t{2});
    }

    // Pipelined requests are answered in the order they were sent, even when an earlier one
    // (a Fetch waiting for data) takes longer than later ones.
    void answersKeepRequestOrder() {
        RawKafkaClient client(broker_.port(1));
        CreateTopicsRequest create;
        create.topics.push_back({"raw-order", 1, 1, {{0, {1}, {}}}, {}, {}});
        create.topics.back().num_partitions = -1;
        create.topics.back().replication_factor = -1;
        const auto created = client.call<CreateTopicsResponse>(4, create);
        QVERIFY(created.has_value());
        QCOMPARE(created->topics.at(0).error_code, std::int16_t{0});

        FetchRequest fetch;
        fetch.max_wait_ms = 300;
        fetch.min_bytes = 1;
        fetch.topics.push_back({"raw-order", {}, {{0, -1, 0, -1, -1, 1 << 20, {}, {}}}, {}});
        client.sendBytes(encodeRequest(11, 10, fetch) + encodeRequest(3, 11, ApiVersionsRequest{}) +
                         encodeRequest(9, 12, MetadataRequest{std::nullopt, false, false, false, {}}));
        for (std::int32_t expected : {10, 11, 12}) {
            const auto frame = client.readFrame();
            QVERIFY(frame.size() >= 4);
            QCOMPARE(qFromBigEndian<std::int32_t>(frame.constData()), expected);
        }
    }

    // Every API of the version table, at every version, with an empty request: each gets an answer
    // of its own type (or, where none can say "unsupported", a closed connection), and the broker
    // survives all of it.
    void everyApiAtEveryVersionIsAnsweredOrClosed() {
        int answered = 0;
        QStringList closed;
        for (const auto& api : supported_apis()) {
            for (auto version = api.min_version; version <= api.max_version; ++version) {
                const QString what = QStringLiteral("api %1 v%2").arg(api.key).arg(version);
                auto body = make_request(api.key);
                QVERIFY(body.has_value());
                // acks=0, the default, is the one request Kafka never answers.
                if (auto* produce = std::get_if<ProduceRequest>(&*body)) produce->acks = 1;
                RawKafkaClient client(broker_.port(1));
                client.send(version, 42, *body);
                const auto frame = client.readFrame(5'000);
                if (frame.isEmpty()) {
                    QVERIFY2(client.closedByPeer(5'000), qPrintable(what + ": neither answered nor closed"));
                    closed << what;
                    continue;
                }
                auto decoded = decode_response(tideline::testing::byteView(frame), api.key, version);
                const auto problem =
                    decoded.ok() ? QString() : QString::fromStdString(decoded.error().message);
                QVERIFY2(decoded.ok(), qPrintable(what + ": " + problem));
                QCOMPARE(decoded.value().header.correlation_id, 42);
                ++answered;
            }
        }
        qInfo("%d answered; closed: %s", answered, qPrintable(closed.join(", ")));
        QVERIFY(answered > closed.size());
        QVERIFY(broker_.running());
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerRawWire)
#include "test_broker_raw_wire.moc"
