#include <QtTest>

#include "model/snapshot_facts.h"
#include "snapshot_builders.h"

using namespace tideline::model;
using namespace tideline::model::testing;

class TestSnapshotFacts : public QObject {
    Q_OBJECT

private slots:
    void partitionHealth_data() {
        QTest::addColumn<PartitionInfo>("partition");
        QTest::addColumn<bool>("offline");
        QTest::addColumn<bool>("underReplicated");
        QTest::addColumn<bool>("nonPreferredLeader");

        QTest::newRow("healthy") << partition(0, 1, {1, 2, 3}, {1, 2, 3}) << false << false << false;
        QTest::newRow("isr shrank") << partition(0, 1, {1, 2, 3}, {1, 3}) << false << true << false;
        QTest::newRow("isr reordered, still full")
            << partition(0, 1, {1, 2, 3}, {3, 2, 1}) << false << false << false;
        QTest::newRow("led by second replica")
            << partition(0, 2, {1, 2, 3}, {1, 2, 3}) << false << false << true;
        // No leader is offline, not "not preferred": there is no leader to move.
        QTest::newRow("no leader") << partition(0, -1, {1, 2}, {}) << true << true << false;
        QTest::newRow("no replicas listed") << partition(0, 1, {}, {}) << false << false << false;
    }

    void partitionHealth() {
        QFETCH(PartitionInfo, partition);
        QTEST(isOffline(partition), "offline");
        QTEST(isUnderReplicated(partition), "underReplicated");
        QTEST(hasNonPreferredLeader(partition), "nonPreferredLeader");
    }

    void underMinIsrComparesIsrWithTheSetting() {
        const PartitionInfo twoInSync = partition(0, 1, {1, 2, 3}, {1, 2});
        QVERIFY(!isUnderMinIsr(twoInSync, 1));
        QVERIFY(!isUnderMinIsr(twoInSync, 2));
        QVERIFY(isUnderMinIsr(twoInSync, 3));
        QVERIFY(isUnderMinIsr(partition(0, -1, {1}, {}), 1));
    }

    void unknownMinIsrDefaultsToOne() {
        TopicInfo unknown = topic("orders", {});
        QCOMPARE(effectiveMinInsyncReplicas(unknown), 1);
        unknown.minInsyncReplicas = 2;
        QCOMPARE(effectiveMinInsyncReplicas(unknown), 2);
    }

    void snapshotWideListsNameTopicAndPartition() {
        TopicInfo strict =
            topic("payments", {partition(0, 1, {1, 2, 3}, {1, 2}), partition(1, 2, {2, 3, 1}, {2, 3, 1})});
        strict.minInsyncReplicas = 3;
        const ClusterSnapshot s = snapshot({
            topic("orders", {partition(0, 1, {1, 2}, {1, 2}), partition(1, -1, {2, 3}, {}),
                             partition(2, 3, {2, 3}, {3})}),
            strict,
        });

        QCOMPARE(offlinePartitions(s), (QList<TopicPartition>{{"orders", 1}}));
        QCOMPARE(underReplicatedPartitions(s),
                 (QList<TopicPartition>{{"orders", 1}, {"orders", 2}, {"payments", 0}}));
        // orders uses the default of 1, so only its leaderless partition is under it; payments needs 3.
        QCOMPARE(underMinIsrPartitions(s), (QList<TopicPartition>{{"orders", 1}, {"payments", 0}}));
        QCOMPARE(nonPreferredLeaderPartitions(s), (QList<TopicPartition>{{"orders", 2}}));
    }

    void messagesAreHighMinusLowWhereKnown() {
        QCOMPARE(messagesIn(healthyPartition(0, 100, 250)), std::optional<qint64>(150));
        QCOMPARE(messagesIn(partition(0, 1, {1}, {1}, std::nullopt, 10)), std::nullopt);
        QCOMPARE(messagesIn(partition(0, 1, {1}, {1}, 10, std::nullopt)), std::nullopt);

        const TopicInfo t = topic("orders", {healthyPartition(0, 0, 10), healthyPartition(1, 5, 25),
                                             partition(2, -1, {1}, {}, std::nullopt, std::nullopt)});
        QCOMPARE(messagesIn(t), std::optional<qint64>(30));
        // Before any watermark was read (a metadata-only snapshot), the count is unknown, not 0.
        const TopicInfo unread = topic("fresh", {partition(0, 1, {1}, {1}, std::nullopt, std::nullopt)});
        QCOMPARE(messagesIn(unread), std::nullopt);
    }

    void produceRateIsHighWatermarkDeltaOverElapsedTime() {
        const ClusterSnapshot before =
            snapshot({topic("orders", {healthyPartition(0, 0, 100), healthyPartition(1, 0, 50)}),
                      topic("audit", {healthyPartition(0, 0, 10)})},
                     {}, 1'000'000);
        const ClusterSnapshot after = snapshot(
            {topic("orders",
                   {healthyPartition(0, 0, 140), healthyPartition(1, 0, 70), healthyPartition(2, 0, 999)}),
             topic("audit", {healthyPartition(0, 0, 10)}), topic("new-topic", {healthyPartition(0, 0, 500)})},
            {}, 1'002'000);

        const QHash<QString, double> rates = produceRates(before, after);
        // 40 + 20 records in 2 s; partition 2 is new, so it has no delta to contribute.
        QCOMPARE(rates.value("orders"), 30.0);
        QCOMPARE(rates.value("audit"), 0.0);
        QVERIFY(!rates.contains("new-topic"));
    }

    void produceRateIgnoresWatermarksThatWentBack() {
        const ClusterSnapshot before = snapshot({topic("orders", {healthyPartition(0, 0, 1000)})}, {}, 0);
        const ClusterSnapshot after = snapshot({topic("orders", {healthyPartition(0, 0, 10)})}, {}, 1000);
        QCOMPARE(produceRates(before, after).value("orders"), 0.0);
    }

    void ratesNeedTimeToHavePassed() {
        const ClusterSnapshot s = snapshot({topic("orders", {healthyPartition(0, 0, 10)})}, {}, 5000);
        QVERIFY(produceRates(s, s).isEmpty());
        ClusterSnapshot earlier = snapshot({topic("orders", {healthyPartition(0, 0, 5)})}, {}, 1000);
        QVERIFY(produceRates(s, earlier).isEmpty());
        earlier.takenAt = {};
        QVERIFY(produceRates(earlier, s).isEmpty());
    }

    void consumeRateIsCommittedDeltaOverElapsedTime() {
        const QList<TopicInfo> topics{
            topic("orders", {healthyPartition(0, 0, 500), healthyPartition(1, 0, 500)})};
        const ClusterSnapshot before = snapshot(topics,
                                                {group("billing", {{"orders", 0, 100}, {"orders", 1, 100}}),
                                                 group("reset", {{"orders", 0, 300}})},
                                                0);
        const ClusterSnapshot after =
            snapshot(topics,
                     {group("billing", {{"orders", 0, 180}, {"orders", 1, 120}}),
                      group("reset", {{"orders", 0, 0}}), group("fresh", {{"orders", 0, 50}})},
                     4000);

        const QHash<QString, double> rates = consumeRates(before, after);
        QCOMPARE(rates.value("billing"), 25.0);  // 80 + 20 in 4 s
        QCOMPARE(rates.value("reset"), 0.0);     // moved back by an offset reset: no consumption
        QVERIFY(!rates.contains("fresh"));
    }

    void offsetLagIsNeverNegativeAndUnknownWithoutBothOffsets() {
        QCOMPARE(offsetLag(40, 100), std::optional<qint64>(60));
        QCOMPARE(offsetLag(100, 100), std::optional<qint64>(0));
        QCOMPARE(offsetLag(120, 100), std::optional<qint64>(0));
        QCOMPARE(offsetLag(std::nullopt, 100), std::nullopt);
        QCOMPARE(offsetLag(10, std::nullopt), std::nullopt);
    }

    void groupLagCoversEveryPartitionOfTouchedTopics() {
        GroupMember member{"member-1", "billing-app", "/10.0.0.7", {{"orders", 0}, {"orders", 1}}};
        const ClusterSnapshot s = snapshot(
            {topic("orders",
                   {healthyPartition(0, 0, 1000), healthyPartition(1, 0, 800), healthyPartition(2, 0, 50)}),
             topic("unrelated", {healthyPartition(0, 0, 10)})},
            {group("billing", {{"orders", 0, 900}, {"gone", 3, 7}}, {member})});

        const QList<PartitionLag> lag = groupLag(s, s.groups.front());
        QCOMPARE(lag.size(), 4);

        QCOMPARE(lag[0].topic, QString("gone"));  // committed to a topic that no longer exists
        QCOMPARE(lag[0].committed, std::optional<qint64>(7));
        QCOMPARE(lag[0].highWatermark, std::nullopt);
        QCOMPARE(lag[0].lag, std::nullopt);

        QCOMPARE(lag[1].topic, QString("orders"));
        QCOMPARE(lag[1].partition, 0);
        QCOMPARE(lag[1].lag, std::optional<qint64>(100));
        QCOMPARE(lag[1].assignedClientId, QString("billing-app"));
        QCOMPARE(lag[1].assignedHost, QString("/10.0.0.7"));

        // Assigned but never committed: "no commit", not a lag of 800 counted from offset zero.
        QCOMPARE(lag[2].partition, 1);
        QVERIFY(!lag[2].hasCommit());
        QCOMPARE(lag[2].lag, std::nullopt);
        QCOMPARE(lag[2].highWatermark, std::optional<qint64>(800));

        // Neither assigned nor committed, but of a topic the group consumes.
        QCOMPARE(lag[3].partition, 2);
        QVERIFY(!lag[3].hasCommit());
        QVERIFY(lag[3].assignedClientId.isEmpty());
    }

    void totalLagKeepsPartitionsWithoutCommitApart() {
        const ClusterSnapshot s =
            snapshot({topic("orders", {healthyPartition(0, 0, 1000), healthyPartition(1, 0, 1'000'000'000)})},
                     {group("billing", {{"orders", 0, 990}, {"gone", 0, 5}})});
        const GroupLagTotals totals = totalLag(groupLag(s, s.groups.front()));
        QCOMPARE(totals.lag, qint64(10));
        QCOMPARE(totals.partitionsWithoutCommit, 1);
        QCOMPARE(totals.partitionsWithUnknownLag, 1);
    }

    void findAndSort() {
        ClusterSnapshot s;
        s.topics = {topic("b", {healthyPartition(2, 0, 0), healthyPartition(0, 0, 0)}), topic("a", {})};
        s.groups = {group("z", {{"b", 1, 3}, {"a", 0, 1}}), group("y", {})};
        s.brokers = {broker(3), broker(1)};
        sortSnapshot(s);
        QCOMPARE(s.topics[0].name, QString("a"));
        QCOMPARE(s.topics[1].partitions[0].id, 0);
        QCOMPARE(s.groups[0].id, QString("y"));
        QCOMPARE(s.groups[1].committedOffsets[0].topic, QString("a"));
        QCOMPARE(s.brokers[0].id, 1);

        QCOMPARE(findTopic(s, "b"), &s.topics[1]);
        QCOMPARE(findTopic(s, "c"), nullptr);
        QCOMPARE(findGroup(s, "z"), &s.groups[1]);
        QCOMPARE(findGroup(s, "x"), nullptr);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotFacts)
#include "test_snapshot_facts.moc"
