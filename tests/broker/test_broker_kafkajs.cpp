// KafkaJS (the Node.js client, from tests/node_modules) against a real 3-broker tideline-broker:
// kafkajs_flow.mjs runs the client flow once and prints what it saw as JSON; each test below checks
// one part of it (gzip and uncompressed batches alike). A missing node or kafkajs fails the test: CI installs
// both (npm ci in tests/).
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "support/broker_process.h"

using tideline::testing::BrokerProcess;
using tideline::testing::runTool;

namespace {

const QString kTopic = QStringLiteral("kafkajs-flow");
const QString kGroup = QStringLiteral("kafkajs-group");
constexpr int kPartitions = 3;             // as kafkajs_flow.mjs creates the topic
constexpr int kRecordsPerPartition = 100;  // 300 records, spread evenly by explicit partition

QList<int> ints(const QJsonValue& array) {
    QList<int> values;
    for (const auto& value : array.toArray()) values.append(value.toInt());
    return values;
}

}  // namespace

class TestBrokerKafkaJs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        const auto node = QStandardPaths::findExecutable("node");
        QVERIFY2(!node.isEmpty(), "node is not on PATH: the KafkaJS interop test needs Node.js");
        const QDir tests(QStringLiteral(TIDELINE_CLIENT_SCRIPTS_DIR "/.."));
        QVERIFY2(tests.exists("node_modules/kafkajs/package.json"),
                 qPrintable("kafkajs is missing: run `npm ci` in " + tests.absolutePath()));
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));

        const auto run = runTool(node,
                                 {QStringLiteral(TIDELINE_CLIENT_SCRIPTS_DIR "/kafkajs_flow.mjs"),
                                  broker_.bootstrap(), kTopic, kGroup},
                                 {}, 120'000);
        const auto document = QJsonDocument::fromJson(run.out);
        result_ = document.object();
        qInfo("kafkajs_flow.mjs step times (ms): %s",
              QJsonDocument(result_["timings"].toObject()).toJson(QJsonDocument::Compact).constData());
        QVERIFY2(run.finished && run.exitCode == 0 && document.isObject(),
                 qPrintable(QString::fromUtf8(run.out + '\n' + run.err.right(4000))));
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void createTopicsAndMetadata() {
        QCOMPARE(result_["created"].toBool(false), true);
        // The second create is refused with TOPIC_ALREADY_EXISTS, which KafkaJS reports as false.
        QCOMPARE(result_["createdAgain"].toBool(true), false);
        const auto partitions = result_["metadata"].toArray();
        QCOMPARE(partitions.size(), kPartitions);
        QSet<int> leaders;
        for (const auto& value : partitions) {
            const auto partition = value.toObject();
            QCOMPARE(partition["error"].toInt(-1), 0);
            QCOMPARE(partition["replicas"].toInt(), 3);
            QCOMPARE(partition["isr"].toInt(), 3);
            leaders.insert(partition["leader"].toInt());
        }
        // Kafka's assignment puts the preferred leaders of consecutive partitions on different brokers.
        QCOMPARE(leaders, (QSet<int>{1, 2, 3}));
    }

    void describeClusterNamesEveryBrokerAndALiveController() {
        const auto cluster = result_["cluster"].toObject();
        QCOMPARE(ints(cluster["brokers"]), (QList<int>{1, 2, 3}));
        QVERIFY(ints(cluster["brokers"]).contains(cluster["controller"].toInt()));
    }

    void idempotentProducerWritesEachRecordOnce() {
        QCOMPARE(result_["produceErrors"].toInt(-1), 0);
        // Every batch carries the producer id InitProducerId gave, and real sequence numbers.
        const auto producerIds = ints(result_["producerIds"]);
        QCOMPARE(producerIds.size(), 1);
        QVERIFY(producerIds[0] >= 0);
        QCOMPARE(result_["sequencesValid"].toBool(), true);
    }

    void twoMemberGroupConsumesEveryRecordOnce() {
        const auto assignment = result_["assignment"].toArray();
        QCOMPARE(assignment.size(), 2);
        QList<int> owned = ints(assignment[0]) + ints(assignment[1]);
        std::sort(owned.begin(), owned.end());
        QCOMPARE(owned, (QList<int>{0, 1, 2}));

        QCOMPARE(result_["consumed"].toInt(), kPartitions * kRecordsPerPartition);
        QCOMPARE(result_["distinctKeys"].toInt(), kPartitions * kRecordsPerPartition);
        QCOMPARE(result_["misplaced"].toInt(-1), 0);
        QCOMPARE(result_["offsetsInOrder"].toBool(), true);
        const auto perMember = ints(result_["consumedByMember"]);
        QCOMPARE(perMember.size(), 2);
        QCOMPARE(perMember[0], ints(assignment[0]).size() * kRecordsPerPartition);
        QCOMPARE(perMember[1], ints(assignment[1]).size() * kRecordsPerPartition);
    }

    void listAndDescribeGroups() {
        const auto listed = result_["listed"].toArray();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed[0]["protocolType"].toString(), QStringLiteral("consumer"));
        const auto described = result_["described"].toObject();
        QCOMPARE(described["errorCode"].toInt(-1), 0);
        QCOMPARE(described["state"].toString(), QStringLiteral("Stable"));
        QCOMPARE(described["protocolType"].toString(), QStringLiteral("consumer"));
        QCOMPARE(described["protocol"].toString(), QStringLiteral("RoundRobinAssigner"));
        QCOMPARE(described["members"].toInt(), 2);
        QCOMPARE(ints(described["assigned"]), (QList<int>{0, 1, 2}));
        QCOMPARE(result_["stateAfterLeave"].toString(), QStringLiteral("Empty"));
    }

    void deleteGroups() {
        QCOMPARE(result_["listedAfterGroupDelete"].toBool(true), false);
        QCOMPARE(result_["deleteGroupAgain"].toString(), QStringLiteral("GROUP_ID_NOT_FOUND"));
    }

    void committedOffsetsEqualTheEnds() {
        const auto ends = result_["ends"].toArray();
        const auto committed = result_["committed"].toArray();
        QCOMPARE(ends.size(), kPartitions);
        QCOMPARE(committed.size(), kPartitions);
        for (int p = 0; p < kPartitions; ++p) {
            QCOMPARE(ends[p]["partition"].toInt(), p);
            QCOMPARE(ends[p]["low"].toInt(-1), 0);
            QCOMPARE(ends[p]["high"].toInt(), kRecordsPerPartition);
            QCOMPARE(committed[p]["partition"].toInt(), p);
            QCOMPARE(committed[p]["offset"].toInt(), kRecordsPerPartition);
        }
    }

    void createPartitionsGrowsTheTopic() { QCOMPARE(result_["partitionsAfterGrowth"].toInt(), 5); }

    void deleteRecordsMovesTheLowWatermark() {
        // Partition 0 up to offset 40, partition 1 up to its high watermark (-1), partition 2 untouched.
        const auto offsets = result_["afterDeleteRecords"].toArray();
        QCOMPARE(offsets.size(), 5);
        const QList<std::pair<int, int>> expected = {{40, kRecordsPerPartition},
                                                     {kRecordsPerPartition, kRecordsPerPartition},
                                                     {0, kRecordsPerPartition},
                                                     {0, 0},
                                                     {0, 0}};
        for (int p = 0; p < offsets.size(); ++p) {
            QCOMPARE(offsets[p]["partition"].toInt(), p);
            QCOMPARE(std::pair(offsets[p]["low"].toInt(-1), offsets[p]["high"].toInt(-1)), expected[p]);
        }
    }

    void deleteTopicsRemovesIt() { QCOMPARE(result_["listedAfterDelete"].toBool(true), false); }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
    QJsonObject result_;
};

QTEST_GUILESS_MAIN(TestBrokerKafkaJs)
#include "test_broker_kafkajs.moc"
