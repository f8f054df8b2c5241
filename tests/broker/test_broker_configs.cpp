// DescribeConfigs, AlterConfigs and IncrementalAlterConfigs against the real broker: the topic
// configs and sources Kafka 2.4 reports (golden, from its capture), `--set` as
// STATIC_BROKER_CONFIG, overrides that persist and take effect, and Kafka's error codes.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "support/broker_process.h"
#include "support/raw_kafka_client.h"

using namespace tideline::protocol;
using tideline::testing::BrokerProcess;
using tideline::testing::RawKafkaClient;
using tideline::testing::runTool;

namespace {

const QString kSystemPython = QStringLiteral("/usr/bin/python3");

const char* const kHelpers = R"(
import sys
from confluent_kafka.admin import AdminClient, NewTopic, ConfigResource
admin = AdminClient({'bootstrap.servers': sys.argv[1]})
def topic(name):
    return ConfigResource(ConfigResource.Type.TOPIC, name)
def broker(name):
    return ConfigResource(ConfigResource.Type.BROKER, name)
def describe(resource):
    try:
        entries = admin.describe_configs([resource])[resource].result(timeout=20)
    except Exception as error:
        print('error', error.args[0].code()); return {}
    return entries
def alter(resource, values, validate_only=False):
    for name, value in values.items(): resource.set_config(name, value)
    try:
        admin.alter_configs([resource], validate_only=validate_only)[resource].result(timeout=20)
        print('alter ok')
    except Exception as error:
        print('alter', error.args[0].code(), error.args[0].str())
def show(entries, *names):
    for name in names:
        e = entries[name]
        print(name, e.value, e.source, e.is_read_only)
)";

QStringList runAdmin(const BrokerProcess& broker, const QString& script) {
    const auto run =
        runTool(kSystemPython, {"-c", QString::fromUtf8(kHelpers) + script, broker.bootstrap()}, {}, 60'000);
    if (run.exitCode != 0) qWarning("python failed: %s", run.err.constData());
    return QString::fromUtf8(run.out).split('\n', Qt::SkipEmptyParts);
}

const QStringList kSourceNames = {"UNKNOWN",
                                  "DYNAMIC_TOPIC_CONFIG",
                                  "DYNAMIC_BROKER_CONFIG",
                                  "DYNAMIC_DEFAULT_BROKER_CONFIG",
                                  "STATIC_BROKER_CONFIG",
                                  "DEFAULT_CONFIG"};

int logSegments(const QString& dataDir, const QString& replica) {
    return QDir(dataDir + "/broker-1/" + replica).entryList({"*.log"}, QDir::Files).size();
}

}  // namespace

class TestBrokerConfigs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (runTool(kSystemPython, {"-c", "import confluent_kafka"}).exitCode != 0)
            QFAIL(
                "confluent-kafka is missing for /usr/bin/python3: install the Debian package "
                "python3-confluent-kafka (installer/deps.sh does)");
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(1, dataDir_.path(),
                               {"--set", "num.partitions=2", "--set", "log.retention.check.interval.ms=200"}),
                 qPrintable(broker_.output()));
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void freshTopicReportsKafkasConfigsAndSources() {
        QFile golden(TIDELINE_TEST_DATA_DIR "/kafka-2.4.0-configs.json");
        QVERIFY(golden.open(QIODevice::ReadOnly));
        QStringList expected;
        const auto resources = QJsonDocument::fromJson(golden.readAll())["resources"].toArray();
        for (const auto& item : resources) {
            const auto resource = item.toObject();
            if (resource["resource_type"].toString() != "TOPIC") continue;
            for (const auto& entry : resource["entries"].toArray()) {
                const auto config = entry.toObject();
                expected << config["name"].toString() + " " + config["source"].toString();
            }
        }
        expected.sort();
        QCOMPARE(expected.size(), 26);

        const auto lines = runAdmin(broker_, R"(
admin.create_topics([NewTopic('cfg-fresh', 1, 1)])['cfg-fresh'].result(timeout=20)
for name, e in sorted(describe(topic('cfg-fresh')).items()):
    print(name, e.source)
)");
        QStringList actual;
        for (const auto& line : lines) {
            const auto parts = line.split(' ');
            actual << parts[0] + " " + kSourceNames.value(parts.value(1).toInt(), "?");
        }
        QCOMPARE(actual, expected);
    }

    void brokerReportsSetAndDefaultSources() {
        const auto lines = runAdmin(broker_, R"(
entries = describe(broker('1'))
show(entries, 'num.partitions', 'log.retention.ms', 'broker.id')
print('synonyms', [(s.name, s.source) for s in describe(topic('cfg-fresh'))['segment.bytes'].synonyms.values()])
)");
        const QStringList expected = {"num.partitions 2 4 True", "log.retention.ms 604800000 5 False",
                                      "broker.id 1 4 True", "synonyms [('log.segment.bytes', 5)]"};
        QCOMPARE(lines, expected);
    }

    void alterTopicConfigsReplacesOverrides() {
        const auto lines = runAdmin(broker_, R"(
admin.create_topics([NewTopic('cfg-alter', 1, 1)])['cfg-alter'].result(timeout=20)
alter(topic('cfg-alter'), {'retention.ms': '123456', 'cleanup.policy': 'compact'})
show(describe(topic('cfg-alter')), 'retention.ms', 'cleanup.policy')
alter(topic('cfg-alter'), {'retention.bytes': '5000'})
show(describe(topic('cfg-alter')), 'retention.ms', 'retention.bytes')
alter(topic('cfg-alter'), {'segment.ms': '1'}, validate_only=True)
show(describe(topic('cfg-alter')), 'segment.ms')
)");
        const QStringList expected = {
            "alter ok",
            "retention.ms 123456 1 False",
            "cleanup.policy compact 1 False",
            "alter ok",
            "retention.ms 604800000 5 False",  // replaced: the earlier override is gone
            "retention.bytes 5000 1 False",
            "alter ok",
            "segment.ms 604800000 5 False",  // validate_only changed nothing
        };
        QCOMPARE(lines, expected);
    }

    void badAltersGetKafkasErrors() {
        const auto lines = runAdmin(broker_, R"(
alter(topic('cfg-fresh'), {'no.such.config': '1'})
alter(topic('cfg-fresh'), {'retention.ms': 'soon'})
alter(topic('cfg-missing'), {'retention.ms': '1'})
alter(broker('1'), {'num.partitions': '5'})
describe(topic('cfg-missing'))
)");
        QCOMPARE(lines.size(), 5);
        QVERIFY2(lines[0].startsWith("alter 40 Unknown topic config name: no.such.config"),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith("alter 40 Invalid value soon for configuration retention.ms"),
                 qPrintable(lines[1]));
        QCOMPARE(lines[2].section(' ', 0, 1), QString("alter 3"));
        QCOMPARE(lines[3].section(' ', 0, 1), QString("alter 40"));
        QCOMPARE(lines[4], QString("error 3"));
    }

    void dynamicBrokerConfigReachesTopics() {
        const auto lines = runAdmin(broker_, R"(
alter(broker('1'), {'log.retention.ms': '3600000'})
show(describe(broker('1')), 'log.retention.ms')
e = describe(topic('cfg-fresh'))['retention.ms']
print(e.value, e.source, sorted(e.synonyms))
)");
        const QStringList expected = {"alter ok", "log.retention.ms 3600000 2 False",
                                      "3600000 2 ['log.retention.ms']"};
        QCOMPARE(lines, expected);
    }

    void alteredSegmentAndRetentionTakeEffect() {
        const auto lines = runAdmin(broker_, R"(
from confluent_kafka import Producer
admin.create_topics([NewTopic('cfg-effect', 1, 1)])['cfg-effect'].result(timeout=20)
alter(topic('cfg-effect'), {'segment.bytes': '1024'})
p = Producer({'bootstrap.servers': sys.argv[1], 'linger.ms': 0})
for i in range(40):
    p.produce('cfg-effect', value=b'x' * 200); p.flush(10)
)");
        QCOMPARE(lines, QStringList{"alter ok"});
        const auto segments = logSegments(dataDir_.path(), "cfg-effect-0");
        QVERIFY2(segments >= 5, qPrintable(QString::number(segments)));

        // retention.ms=1: every segment but the active one goes at the next check (every 200 ms).
        QCOMPARE(
            runAdmin(broker_, "alter(topic('cfg-effect'), {'segment.bytes': '1024', 'retention.ms': '1'})"),
            QStringList{"alter ok"});
        QTRY_COMPARE_WITH_TIMEOUT(logSegments(dataDir_.path(), "cfg-effect-0"), 1, 10'000);
    }

    void incrementalAlterOnTheWire() {
        RawKafkaClient client(broker_.port(1));
        auto incremental = [&](std::int8_t op, const std::string& name, std::optional<std::string> value,
                               bool validateOnly = false) {
            IncrementalAlterConfigsRequest request;
            request.validate_only = validateOnly;
            request.resources.push_back({2, "cfg-fresh", {{name, op, std::move(value), {}}}, {}});
            const auto answer = client.call<IncrementalAlterConfigsResponse>(1, request);
            return answer ? answer->responses.at(0).error_code : std::int16_t{-100};
        };
        auto value = [&](const std::string& name) {
            DescribeConfigsRequest request;
            request.resources.push_back({2, "cfg-fresh", std::vector<std::string>{name}, {}});
            const auto answer = client.call<DescribeConfigsResponse>(4, request);
            if (!answer || answer->results.at(0).configs.size() != 1) return std::string("?");
            const auto& config = answer->results.at(0).configs.at(0);
            return config.value.value_or("null") + " " + std::to_string(config.config_source);
        };
        QCOMPARE(incremental(2, "cleanup.policy", "compact"), std::int16_t{0});  // APPEND
        QCOMPARE(value("cleanup.policy"), std::string("delete,compact 1"));
        QCOMPARE(incremental(3, "cleanup.policy", "delete"), std::int16_t{0});  // SUBTRACT
        QCOMPARE(value("cleanup.policy"), std::string("compact 1"));
        QCOMPARE(incremental(0, "max.message.bytes", "2048", true), std::int16_t{0});  // SET, validate only
        QCOMPARE(value("max.message.bytes"), std::string("1048588 5"));
        QCOMPARE(incremental(2, "retention.ms", "5"), std::int16_t{40});            // APPEND to a non-list
        QCOMPARE(incremental(1, "cleanup.policy", std::nullopt), std::int16_t{0});  // DELETE
        QCOMPARE(value("cleanup.policy"), std::string("delete 5"));
        QCOMPARE(incremental(9, "retention.ms", "5"), std::int16_t{42});
    }

    void overridesSurviveRestart() {
        QVERIFY2(broker_.stop(), qPrintable(broker_.output()));
        QVERIFY2(broker_.restart(), qPrintable(broker_.output()));
        const auto lines = runAdmin(broker_, R"(
show(describe(topic('cfg-alter')), 'retention.bytes')
show(describe(broker('1')), 'log.retention.ms')
)");
        const QStringList expected = {"retention.bytes 5000 1 False", "log.retention.ms 3600000 2 False"};
        QCOMPARE(lines, expected);
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerConfigs)
#include "test_broker_configs.moc"
