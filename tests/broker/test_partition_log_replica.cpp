// PartitionLog::append_replicated, the follower's side of replication: the leader's bytes are kept
// exactly (offsets, epochs, CRCs), epochs reach the follower's leader epoch cache, segments roll
// like the leader's, and a copy that does not continue the log is refused.
#include "broker/storage/partition_log.h"
#include "storage_test_support.h"

#include <QObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tideline::broker::storage;
using namespace storage_test;
namespace protocol = tideline::protocol;

class TestPartitionLogReplica : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    std::filesystem::path dir(const char* name) const {
        return std::filesystem::path(temp_.path().toStdString()) / name;
    }

    // Leader log with batches in epochs 3 and 5; returns everything it holds, read from offset 0.
    static Bytes fillLeader(PartitionLog& leader) {
        for (int i = 0; i < 4; ++i) {
            Bytes batch = make_batch(3, 1000 + i, 200);
            if (!leader.append(batch, i < 2 ? 3 : 5)) return {};
        }
        auto slice = leader.read(0, 1 << 20);
        return slice ? slice->records : Bytes{};
    }

private slots:
    void copyKeepsBytesAndEpochs() {
        auto leader = PartitionLog::open(dir("leader-0"), {});
        auto follower = PartitionLog::open(dir("follower-0"), {});
        VERIFY_OK(leader);
        VERIFY_OK(follower);
        const auto bytes = fillLeader(*leader);
        QVERIFY(!bytes.empty());

        VERIFY_NO_ERROR(follower->append_replicated(bytes));
        QCOMPARE(follower->log_end_offset(), std::int64_t(12));
        auto copy = follower->read(0, 1 << 20);
        VERIFY_OK(copy);
        QVERIFY(copy->records == bytes);
        QVERIFY(!protocol::validate_batches(copy->records));
        QCOMPARE(follower->leader_epochs().entries().size(), std::size_t(2));
        QCOMPARE(follower->leader_epochs().entries()[0].epoch, 3);
        QCOMPARE(follower->leader_epochs().entries()[1].epoch, 5);
        QCOMPARE(follower->leader_epochs().entries()[1].start_offset, std::int64_t(6));
        QCOMPARE(follower->end_offset_for_epoch(3).end_offset, std::int64_t(6));
    }

    // Topics get their directories with their first records (create_deferred): a follower's too.
    void deferredFollowerIsCreatedByItsFirstCopy() {
        auto leader = PartitionLog::open(dir("leader-deferred"), {});
        auto follower = PartitionLog::create_deferred(dir("follower-deferred"), {});
        VERIFY_OK(leader);
        VERIFY_OK(follower);
        QVERIFY(!follower->on_disk());
        const auto bytes = fillLeader(*leader);
        QVERIFY(!bytes.empty());

        VERIFY_NO_ERROR(follower->append_replicated(bytes));
        QVERIFY(follower->on_disk());
        QVERIFY(std::filesystem::exists(dir("follower-deferred")));
        QCOMPARE(follower->log_end_offset(), std::int64_t(12));
        auto reopened = PartitionLog::open(dir("follower-deferred"), {});
        VERIFY_OK(reopened);
        QCOMPARE(reopened->log_end_offset(), std::int64_t(12));
    }

    void copyRollsSegmentsAndSurvivesReopen() {
        LogConfig small;
        small.segment_bytes = 1600;  // two of the test's batches per segment
        {
            auto leader = PartitionLog::open(dir("leader-1"), small);
            auto follower = PartitionLog::open(dir("follower-1"), small);
            VERIFY_OK(leader);
            VERIFY_OK(follower);
            QVERIFY(!fillLeader(*leader).empty());
            QVERIFY(leader->segment_count() > 1);
            // Reads never span segments, so the follower copies segment by segment, as it does live.
            while (follower->log_end_offset() < leader->log_end_offset()) {
                auto slice = leader->read(follower->log_end_offset(), 1 << 20);
                VERIFY_OK(slice);
                VERIFY_NO_ERROR(follower->append_replicated(slice->records));
            }
            QCOMPARE(follower->log_end_offset(), std::int64_t(12));
            QCOMPARE(follower->segment_count(), leader->segment_count());
        }
        auto reopened = PartitionLog::open(dir("follower-1"), small);
        VERIFY_OK(reopened);
        QCOMPARE(reopened->log_end_offset(), std::int64_t(12));
        QCOMPARE(reopened->leader_epochs().entries().back().epoch, 5);
    }

    void copyThatSkipsOrRepeatsIsRefused() {
        auto leader = PartitionLog::open(dir("leader-2"), {});
        auto follower = PartitionLog::open(dir("follower-2"), {});
        VERIFY_OK(leader);
        VERIFY_OK(follower);
        QVERIFY(!fillLeader(*leader).empty());
        auto later = leader->read(3, 1 << 20);  // starts at offset 3, the follower is at 0
        VERIFY_OK(later);
        const auto gap = follower->append_replicated(later->records);
        QVERIFY(gap.has_value());
        QCOMPARE(follower->log_end_offset(), std::int64_t(0));

        auto first = leader->read(0, 1);  // one batch: offsets 0-2
        VERIFY_OK(first);
        VERIFY_NO_ERROR(follower->append_replicated(first->records));
        QVERIFY(follower->append_replicated(first->records).has_value());  // the same batch again
        QCOMPARE(follower->log_end_offset(), std::int64_t(3));
    }
};

QTEST_GUILESS_MAIN(TestPartitionLogReplica)
#include "test_partition_log_replica.moc"
