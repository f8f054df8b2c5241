// confluent-kafka-python's AdminClient (librdkafka's admin API) against tideline-broker: topic
// creation with Kafka's error codes, deletion, partition growth, topic configs set at creation and
// altered on a replicated topic. The other admin calls of confluent-kafka 1.7 are covered elsewhere:
// list_groups in groups_admin.py; describe_configs and alter_configs in depth in test_broker_configs.
// Debian's /usr/bin/python3 is used on purpose: it is the interpreter that has python3-confluent-kafka.
#include <QTemporaryDir>
#include <QtTest>

#include "support/broker_process.h"

using tideline::testing::BrokerProcess;
using tideline::testing::runTool;

namespace {

const QString kSystemPython = QStringLiteral("/usr/bin/python3");

// Prints one line per future: "<name> ok" or "<name> <error code>".
const char* const kHelpers = R"(
import sys
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic, NewPartitions
admin = AdminClient({'bootstrap.servers': sys.argv[1]})
def report(futures):
    for name, future in sorted(futures.items()):
        try:
            future.result(timeout=20)
            print(name, 'ok')
        except Exception as error:
            print(name, error.args[0].code())
def partitions(topic):
    return len(admin.list_topics(topic, timeout=10).topics[topic].partitions)
def show_configs(topic, *names):
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic)
    entries = admin.describe_configs([resource])[resource].result(timeout=20)
    for name in names:
        print(name, entries[name].value, entries[name].source)
)";

QStringList runAdmin(const BrokerProcess& broker, const QString& script) {
    const auto run =
        runTool(kSystemPython, {"-c", QString::fromUtf8(kHelpers) + script, broker.bootstrap()}, {}, 60'000);
    if (run.exitCode != 0) qWarning("python failed: %s", run.err.constData());
    return QString::fromUtf8(run.out).split('\n', Qt::SkipEmptyParts);
}

}  // namespace

class TestBrokerAdminPython : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        const auto probe = runTool(kSystemPython, {"-c", "import confluent_kafka"});
        if (probe.exitCode != 0)
            QFAIL(
                "confluent-kafka is missing for /usr/bin/python3: install the Debian package "
                "python3-confluent-kafka (installer/deps.sh does)");
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void createTopicsReportsKafkaErrors() {
        const auto lines = runAdmin(broker_, R"(
report(admin.create_topics([NewTopic('py-t1', 3, 3), NewTopic('bad name!', 1, 1), NewTopic('py-rf4', 1, 4)]))
report(admin.create_topics([NewTopic('py-t1', 3, 3)]))
print('partitions', partitions('py-t1'))
)");
        const QStringList expected = {"bad name! 17", "py-rf4 38", "py-t1 ok", "py-t1 36", "partitions 3"};
        QCOMPARE(lines, expected);
    }

    void validateOnlyCreatesNothing() {
        const auto lines = runAdmin(broker_, R"(
report(admin.create_topics([NewTopic('py-dry', 2, 1)], validate_only=True))
print('exists', 'py-dry' in admin.list_topics(timeout=10).topics)
)");
        const QStringList expected = {"py-dry ok", "exists False"};
        QCOMPARE(lines, expected);
    }

    void createPartitionsGrowsAndRefusesShrinking() {
        const auto lines = runAdmin(broker_, R"(
report(admin.create_topics([NewTopic('py-grow', 2, 2)]))
report(admin.create_partitions([NewPartitions('py-grow', 5)]))
print('partitions', partitions('py-grow'))
report(admin.create_partitions([NewPartitions('py-grow', 3)]))
report(admin.create_partitions([NewPartitions('py-missing', 3)]))
)");
        const QStringList expected = {"py-grow ok", "py-grow ok", "partitions 5", "py-grow 37",
                                      "py-missing 3"};
        QCOMPARE(lines, expected);
    }

    void deleteTopics() {
        const auto lines = runAdmin(broker_, R"(
report(admin.create_topics([NewTopic('py-gone', 1, 3)]))
report(admin.delete_topics(['py-gone', 'py-never-was']))
print('exists', 'py-gone' in admin.list_topics(timeout=10).topics)
)");
        const QStringList expected = {"py-gone ok", "py-gone ok", "py-never-was 3", "exists False"};
        QCOMPARE(lines, expected);
    }

    void topicConfigsAtCreationThenAltered() {
        // Sources: 1 DYNAMIC_TOPIC_CONFIG (an override of this topic), 5 DEFAULT_CONFIG.
        const auto lines = runAdmin(broker_, R"(
report(admin.create_topics([
    NewTopic('py-cfg', 3, 3, config={'retention.ms': '3600000', 'cleanup.policy': 'compact'}),
    NewTopic('py-cfg-bad', 1, 1, config={'retention.ms': 'soon'}),
    NewTopic('py-cfg-unknown', 1, 1, config={'no.such.config': '1'})]))
show_configs('py-cfg', 'retention.ms', 'cleanup.policy', 'min.insync.replicas')
resource = ConfigResource(ConfigResource.Type.TOPIC, 'py-cfg',
                          set_config={'min.insync.replicas': '2', 'retention.ms': '7200000'})
report({'alter': admin.alter_configs([resource])[resource]})
show_configs('py-cfg', 'retention.ms', 'cleanup.policy', 'min.insync.replicas')
print('created', sorted(t for t in admin.list_topics(timeout=10).topics if t.startswith('py-cfg')))
)");
        const QStringList expected = {
            "py-cfg ok",
            "py-cfg-bad 40",      // INVALID_CONFIG: not a number
            "py-cfg-unknown 40",  // INVALID_CONFIG: no such topic config
            "retention.ms 3600000 1",
            "cleanup.policy compact 1",
            "min.insync.replicas 1 5",
            "alter ok",
            "retention.ms 7200000 1",
            "cleanup.policy delete 5",  // AlterConfigs replaces the whole set of overrides
            "min.insync.replicas 2 1",
            "created ['py-cfg']",
        };
        QCOMPARE(lines, expected);
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerAdminPython)
#include "test_broker_admin_python.moc"
