// kcat's balanced consumer (librdkafka's group protocol) against tideline-broker: it joins a
// group, consumes, commits, and a later run of the same group resumes after the commit, also
// across a restart of the broker process. The commits are Kafka-format records in
// __consumer_offsets, readable by any consumer.
#include <QTemporaryDir>
#include <QtTest>

#include "support/broker_process.h"
#include "support/raw_kafka_client.h"

using namespace tideline::protocol;
using tideline::testing::BrokerProcess;
using tideline::testing::RawKafkaClient;
using tideline::testing::runTool;

namespace {

const QString kKcat = QStringLiteral("/usr/bin/kcat");
const QString kTopic = QStringLiteral("group-kcat");
const QString kGroup = QStringLiteral("kcat-group");

QByteArray numberedRecords(int from, int count) {
    QByteArray lines;
    for (int i = from; i < from + count; ++i) lines += QStringLiteral("record-%1\n").arg(i).toUtf8();
    return lines;
}

QStringList sortedLines(const QByteArray& text) {
    auto lines = QString::fromUtf8(text).split('\n', Qt::SkipEmptyParts);
    lines.sort();
    return lines;
}

// Consumes as a member of kGroup until every partition is at its end; commits on the way out.
QStringList consumeAsGroup(const BrokerProcess& broker) {
    const auto run =
        runTool(kKcat,
                {"-b", broker.bootstrap(), "-G", kGroup, "-e", "-q", "-X", "auto.offset.reset=earliest", "-X",
                 "auto.commit.interval.ms=200", "-X", "session.timeout.ms=6000", kTopic},
                {}, 90'000);
    if (run.exitCode != 0) qWarning("kcat -G failed: %s", run.err.constData());
    return sortedLines(run.out);
}

void produce(const BrokerProcess& broker, int from, int count) {
    const auto run =
        runTool(kKcat, {"-b", broker.bootstrap(), "-P", "-t", kTopic}, numberedRecords(from, count));
    QVERIFY2(run.exitCode == 0, run.err.constData());
}

}  // namespace

class TestBrokerGroupsKcat : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!QFile::exists(kKcat))
            QFAIL("kcat is missing: install the Debian package kcat (installer/deps.sh does)");
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void groupConsumesAndResumesAfterCommit() {
        produce(broker_, 0, 300);
        auto expected = sortedLines(numberedRecords(0, 300));
        QCOMPARE(consumeAsGroup(broker_), expected);
        // Everything is committed: the group has nothing left to read.
        QCOMPARE(consumeAsGroup(broker_), QStringList());
        produce(broker_, 300, 50);
        QCOMPARE(consumeAsGroup(broker_), sortedLines(numberedRecords(300, 50)));
    }

    void commitsAreRecordsInConsumerOffsets() {
        const auto run = runTool(
            kKcat, {"-b", broker_.bootstrap(), "-C", "-t", "__consumer_offsets", "-e", "-q", "-f", "%k\n"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        // Keys are Kafka's OffsetCommitKey / GroupMetadataKey: the group name is in them as a string.
        QVERIFY2(run.out.contains(kGroup.toUtf8()), run.out.left(400).constData());
        QVERIFY(run.out.contains(kTopic.toUtf8()));
    }

    void committedOffsetsSurviveARestart() {
        QVERIFY2(broker_.stop(), qPrintable(broker_.output()));
        QVERIFY2(broker_.restart(), qPrintable(broker_.output()));
        QCOMPARE(consumeAsGroup(broker_), QStringList());
        produce(broker_, 350, 20);
        QCOMPARE(consumeAsGroup(broker_), sortedLines(numberedRecords(350, 20)));
    }

    void restartedGroupIsEmptyWithItsOffsets() {
        QVERIFY2(broker_.stop(), qPrintable(broker_.output()));
        QVERIFY2(broker_.restart(), qPrintable(broker_.output()));
        RawKafkaClient bootstrap(broker_.port(1));
        FindCoordinatorRequest find;
        find.key = kGroup.toStdString();
        const auto found = bootstrap.call<FindCoordinatorResponse>(3, find);
        QVERIFY(found);
        QCOMPARE(found->error_code, std::int16_t(0));
        RawKafkaClient coordinator(found->port);
        DescribeGroupsRequest describe;
        describe.groups = {kGroup.toStdString()};
        const auto described = coordinator.call<DescribeGroupsResponse>(5, describe);
        QVERIFY(described && described->groups.size() == 1);
        QCOMPARE(described->groups[0].error_code, std::int16_t(0));
        QCOMPARE(described->groups[0].group_state, std::string("Empty"));
        QCOMPARE(described->groups[0].protocol_type, std::string("consumer"));
        QVERIFY(described->groups[0].members.empty());

        OffsetFetchRequest fetch;
        fetch.group_id = kGroup.toStdString();
        fetch.topics = std::nullopt;  // every committed offset
        const auto offsets = coordinator.call<OffsetFetchResponse>(7, fetch);
        QVERIFY(offsets);
        QCOMPARE(offsets->error_code, std::int16_t(0));
        QCOMPARE(offsets->topics.size(), std::size_t(1));
        std::int64_t committed = 0;
        for (const auto& partition : offsets->topics[0].partitions) committed += partition.committed_offset;
        QCOMPARE(committed, std::int64_t(370));  // every record produced, over all partitions
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerGroupsKcat)
#include "test_broker_groups_kcat.moc"
