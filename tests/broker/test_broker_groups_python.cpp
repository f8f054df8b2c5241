// confluent-kafka-python and kafka-python consumer groups against tideline-broker: a three-member
// group that rebalances when one member leaves, group administration (list, describe, list and
// alter offsets, delete), and kafka-python's whole flow on its own (admin, acks=all producer, a
// two-member group that commits). The client scripts live next to this file. Debian's
// /usr/bin/python3 is used on purpose: it is the interpreter that has both client libraries.
#include <QTemporaryDir>
#include <QtTest>

#include "support/broker_process.h"

using tideline::testing::BrokerProcess;
using tideline::testing::runTool;

namespace {

const QString kSystemPython = QStringLiteral("/usr/bin/python3");

QStringList runScript(const BrokerProcess& broker, const QString& script, const QString& topic,
                      const QString& group) {
    const auto path = QStringLiteral(TIDELINE_GROUP_SCRIPTS_DIR "/") + script;
    const auto run = runTool(kSystemPython, {path, broker.bootstrap(), topic, group}, {}, 150'000);
    if (run.exitCode != 0) qWarning("%s failed: %s", qPrintable(script), run.err.right(3000).constData());
    return QString::fromUtf8(run.out).split('\n', Qt::SkipEmptyParts);
}

}  // namespace

class TestBrokerGroupsPython : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        const auto probe = runTool(kSystemPython, {"-c", "import confluent_kafka, kafka"});
        if (probe.exitCode != 0)
            QFAIL(
                "confluent-kafka or kafka-python is missing for /usr/bin/python3: install the Debian "
                "packages python3-confluent-kafka and python3-kafka (installer/deps.sh does)");
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void threeMembersRebalanceWhenOneLeaves() {
        const auto lines = runScript(broker_, "groups_rebalance.py", "py-rebalance", "py-three");
        const QStringList expected = {"three members settled True",
                                      "two members settled True",
                                      "lost 0",
                                      "duplicates 0",
                                      "partitions with more than one owner 0",
                                      "partitions owned 6"};
        QCOMPARE(lines, expected);
    }

    void adminListsDescribesAltersAndDeletesGroups() {
        const auto lines = runScript(broker_, "groups_admin.py", "py-admin", "py-admin-group");
        const QStringList expected = {
            "consumed 90",
            "list_groups Stable consumer 1 admin-test-member",
            "listed True",
            "describe Stable consumer range 1",
            "offsets [(0, 30), (1, 30), (2, 30)]",
            "after close Empty",
            "altered [(0, 5), (1, 6), (2, 30)]",
            "delete [('py-admin-group', 'NoError')]",
            "delete again [('py-admin-group', 'GroupIdNotFoundError')]",
            "listed after delete False",
        };
        QCOMPARE(lines, expected);
    }

    void kafkaPythonProducesConsumesAsGroupAndAdministers() {
        const auto lines =
            runScript(broker_, "kafka_python_flow.py", "kafka-python-flow", "kafka-python-group");
        const QStringList expected = {
            "create [('kafka-python-flow', 0)]",
            "create again TopicAlreadyExistsError 36",
            "cluster brokers [1, 2, 3] controller known True",
            "configs 0 kafka-python-flow delete 1 True",
            "two members share every partition True",
            "produced 300 ends [(0, 100), (1, 100), (2, 100)]",
            "consumed 300 distinct 300 wrong place 0",
            "committed [(0, 100), (1, 100), (2, 100)]",
            "committed equals ends True",
            "delete [('kafka-python-flow', 0)]",
            "delete again UnknownTopicOrPartitionError 3",
            "listed after delete False",
        };
        QCOMPARE(lines, expected);
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerGroupsPython)
#include "test_broker_groups_python.moc"
