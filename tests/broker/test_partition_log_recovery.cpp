// PartitionLog after crashes and damage: torn and corrupt tails, lost or broken indexes, leftovers of
// interrupted writes; and the leader epoch checkpoint across restarts.
#include "broker/storage/atomic_file.h"
#include "broker/storage/partition_log.h"
#include "storage_test_support.h"

#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace tideline::broker::storage;
using namespace storage_test;
namespace protocol = tideline::protocol;

namespace {

// What the tail tests start from: three batches of five records, the third one due to be damaged.
struct ThreeBatches {
    std::uint64_t third_position = 0;
    std::uint64_t file_size = 0;
};

}  // namespace

class TestPartitionLogRecovery : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    std::filesystem::path dir() const {
        return std::filesystem::path(temp_.path().toStdString()) / "orders-3";
    }
    std::filesystem::path first_log() const { return dir() / "00000000000000000000.log"; }

    ThreeBatches write_three_batches() {
        auto log = PartitionLog::open(dir(), {});
        if (!log.ok()) return {};
        for (int i = 0; i < 3; ++i) {
            Bytes batch = make_batch(5, 1000 * (i + 1));
            if (!log->append(batch, 0).ok()) return {};
        }
        auto third = log->read(10, 1);
        if (!third.ok() || log->flush()) return {};
        return {third->file_position, log->size_bytes()};
    }

    // After a damaged tail: exactly the first two batches remain, and appending goes on at offset 10.
    void verify_cut_after_two_batches(const ThreeBatches& before) {
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        QCOMPARE(log->log_end_offset(), std::int64_t(10));
        QCOMPARE(std::filesystem::file_size(first_log()), before.third_position);
        auto batches = read_everything(*log);
        QCOMPARE(batches.size(), std::size_t(2));
        QCOMPARE(batches[1].max_timestamp, std::int64_t(2004));
        auto slice = log->read(0, 1 << 20);
        VERIFY_OK(slice);
        QVERIFY(!protocol::validate_batches(slice->records));

        Bytes batch = make_batch(2, 5000);
        auto appended = log->append(batch, 0);
        VERIFY_OK(appended);
        QCOMPARE(appended->base_offset, std::int64_t(10));
        QCOMPARE(read_everything(*log).size(), std::size_t(3));
    }

private slots:
    void init() {
        QVERIFY(temp_.isValid());
        std::filesystem::remove_all(dir());
    }

    void corruptLastBatchIsCutOff() {
        auto before = write_three_batches();
        QVERIFY(before.file_size > 0);
        Bytes bytes = file_bytes(first_log());
        bytes[before.third_position + 70] ^= 0x40;  // inside the records: the CRC no longer matches
        write_bytes(first_log(), bytes);
        verify_cut_after_two_batches(before);
    }

    void fileTruncatedMidBatchIsCutAtTheLastWholeBatch() {
        for (std::uint64_t keep :
             {std::uint64_t(5), std::uint64_t(30), std::uint64_t(61), std::uint64_t(80)}) {
            std::filesystem::remove_all(dir());
            auto before = write_three_batches();
            QVERIFY(before.file_size > before.third_position + keep);
            std::filesystem::resize_file(first_log(), before.third_position + keep);
            verify_cut_after_two_batches(before);
        }
    }

    void garbageAfterTheLastBatchIsCutOff() {
        auto before = write_three_batches();
        Bytes bytes = file_bytes(first_log());
        for (int i = 0; i < 200; ++i) bytes.push_back(static_cast<std::uint8_t>(i * 37 + 11));
        write_bytes(first_log(), bytes);
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        QCOMPARE(log->log_end_offset(), std::int64_t(15));
        QCOMPARE(std::filesystem::file_size(first_log()), before.file_size);
        QCOMPARE(read_everything(*log).size(), std::size_t(3));

        // Zeros, as a file extended by a crash often ends: a batch length of 0 is invalid.
        std::filesystem::resize_file(first_log(), before.file_size + 4096);
        auto again = PartitionLog::open(dir(), {});
        VERIFY_OK(again);
        QCOMPARE(std::filesystem::file_size(first_log()), before.file_size);
    }

    // Recovery reads the log in 1 MiB chunks: batches larger than a chunk, and batches crossing a
    // chunk's end, must be read whole.
    void batchesLargerThanTheRecoveryChunk() {
        LogConfig config;
        config.max_message_bytes = 4 << 20;
        std::uint64_t big_position = 0;
        std::uint64_t size = 0;
        {
            auto log = PartitionLog::open(dir(), config);
            VERIFY_OK(log);
            for (int i = 0; i < 30; ++i) {
                Bytes batch = make_batch(100, 1000, 300);
                VERIFY_OK(log->append(batch, 0));
            }
            Bytes big = make_batch(5, 2000, 300'000);
            QVERIFY(big.size() > (1 << 20));
            VERIFY_OK(log->append(big, 0));
            big_position = log->read(3000, 1)->file_position;
            QVERIFY(big_position < (1 << 20) && big_position + big.size() > (2 << 20));
            Bytes small = make_batch(1, 3000);
            VERIFY_OK(log->append(small, 0));
            size = log->size_bytes();
        }
        {
            auto log = PartitionLog::open(dir(), config);
            VERIFY_OK(log);
            QCOMPARE(log->size_bytes(), size);
            QCOMPARE(log->log_end_offset(), std::int64_t(3006));
            QCOMPARE(read_everything(*log, 1).size(), std::size_t(32));
        }
        std::filesystem::resize_file(first_log(), big_position + (1 << 20) + 100);
        auto log = PartitionLog::open(dir(), config);
        VERIFY_OK(log);
        QCOMPARE(log->size_bytes(), big_position);
        QCOMPARE(log->log_end_offset(), std::int64_t(3000));
    }

    void batchWithOffsetsGoingBackIsCutOff() {
        auto before = write_three_batches();
        Bytes bytes = file_bytes(first_log());
        std::span<std::uint8_t> third(bytes.data() + before.third_position,
                                      before.file_size - before.third_position);
        QVERIFY(
            protocol::set_base_offset(third, 2));  // not covered by the CRC, but overlapping the first batch
        write_bytes(first_log(), bytes);
        verify_cut_after_two_batches(before);
    }

    void lostOrDamagedIndexesAreRebuilt() {
        LogConfig config;
        config.index_interval_bytes = 256;
        config.segment_bytes = 4000;
        std::vector<std::vector<OffsetIndexEntry>> offsets;
        std::vector<std::vector<TimeIndexEntry>> times;
        std::vector<std::int64_t> bases;
        {
            auto log = PartitionLog::open(dir(), config);
            VERIFY_OK(log);
            for (int i = 0; i < 60; ++i) {
                Bytes batch = make_batch(3, 100 * i, 40);
                VERIFY_OK(log->append(batch, 0));
            }
            QVERIFY(log->segment_count() >= 3);
            for (const auto& segment : log->segments()) {
                bases.push_back(segment.base_offset());
                offsets.push_back(segment.offset_index().entries());
                times.push_back(segment.time_index().entries());
                QVERIFY(!offsets.back().empty());
            }
            // A sealed segment's time index ends with its largest timestamp.
            QCOMPARE(times.front().back().timestamp, log->segments().front().max_timestamp());
            VERIFY_NO_ERROR(log->flush());
        }
        // The first segment loses both indexes, the second gets a torn entry, the active one loses its
        // time index.
        std::filesystem::remove(Segment::offset_index_path(dir(), 0));
        std::filesystem::remove(Segment::time_index_path(dir(), 0));
        Bytes index = file_bytes(Segment::offset_index_path(dir(), bases[1]));
        index.push_back(0);
        write_bytes(Segment::offset_index_path(dir(), bases[1]), index);
        std::filesystem::remove(Segment::time_index_path(dir(), bases.back()));

        auto log = PartitionLog::open(dir(), config);
        VERIFY_OK(log);
        QCOMPARE(log->segment_count(), offsets.size());
        for (std::size_t i = 0; i < offsets.size(); ++i) {
            QCOMPARE(log->segments()[i].offset_index().entries(), offsets[i]);
            QCOMPARE(log->segments()[i].time_index().entries(), times[i]);
        }
        QCOMPARE(std::filesystem::file_size(Segment::offset_index_path(dir(), 0)), offsets[0].size() * 8);
        QCOMPARE(std::filesystem::file_size(Segment::time_index_path(dir(), 0)), times[0].size() * 12);
        QCOMPARE(read_everything(*log, 1).size(), std::size_t(60));
        auto found = log->offset_for_timestamp(100 * 30);
        VERIFY_OK(found);
        QCOMPARE(found->offset, std::int64_t(90));
    }

    void leftoversOfInterruptedWritesAreRemoved() {
        write_three_batches();
        write_bytes(dir() / "leader-epoch-checkpoint.tmp", Bytes{'x'});
        write_bytes(dir() / "00000000000000000042.index", Bytes(8, 0));  // its log was deleted
        write_bytes(dir() / "00000000000000000042.timeindex", Bytes(12, 0));
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        QVERIFY(!std::filesystem::exists(dir() / "leader-epoch-checkpoint.tmp"));
        QVERIFY(!std::filesystem::exists(dir() / "00000000000000000042.index"));
        QVERIFY(!std::filesystem::exists(dir() / "00000000000000000042.timeindex"));
        QCOMPARE(log->segment_count(), std::size_t(1));
        QCOMPARE(log->log_end_offset(), std::int64_t(15));
    }

    void leaderEpochsSurviveReopen() {
        {
            auto log = PartitionLog::open(dir(), {});
            VERIFY_OK(log);
            for (std::int32_t epoch : {0, 0, 3, 5, 5}) {
                Bytes batch = make_batch(2, 1000);
                VERIFY_OK(log->append(batch, epoch));
            }
            Bytes stale = make_batch(1, 1000);
            auto fenced = log->append(stale, 4);
            QVERIFY(!fenced.ok());
            QCOMPARE(int(fenced.error().code), int(ErrorCode::FencedLeaderEpoch));
        }
        auto text = read_small_file(dir() / "leader-epoch-checkpoint");
        VERIFY_OK(text);
        QVERIFY(text->has_value());
        QCOMPARE(**text, std::string("0\n3\n0 0\n3 4\n5 6\n"));

        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        const std::vector<EpochEntry> expected{{0, 0}, {3, 4}, {5, 6}};
        QCOMPARE(log->leader_epochs().entries(), expected);
        QCOMPARE(log->end_offset_for_epoch(3), (EpochEndOffset{3, 6}));
        QCOMPARE(log->end_offset_for_epoch(4), (EpochEndOffset{3, 6}));
        QCOMPARE(log->end_offset_for_epoch(5), (EpochEndOffset{5, 10}));
        QCOMPARE(log->end_offset_for_epoch(6), (EpochEndOffset{}));
        auto slice = log->read(6, 1);
        VERIFY_OK(slice);
        QCOMPARE(headers_of(slice->records).at(0).partition_leader_epoch, 5);

        // A follower truncating its divergent tail forgets the epochs that started in it.
        VERIFY_NO_ERROR(log->truncate_to(6));
        QCOMPARE(log->leader_epochs().entries(), (std::vector<EpochEntry>{{0, 0}, {3, 4}}));
        auto reopened = PartitionLog::open(dir(), {});
        VERIFY_OK(reopened);
        QCOMPARE(reopened->leader_epochs().entries(), (std::vector<EpochEntry>{{0, 0}, {3, 4}}));
    }

    void leaderEpochsAreRebuiltFromBatchesWhenTheCheckpointIsDamagedOrLost() {
        LogConfig config;
        config.segment_bytes = 300;
        {
            auto log = PartitionLog::open(dir(), config);
            VERIFY_OK(log);
            for (std::int32_t epoch : {1, 1, 2, 2, 4, 4}) {
                Bytes batch = make_batch(2, 1000);
                VERIFY_OK(log->append(batch, epoch));
            }
            QVERIFY(log->segment_count() >= 3);
        }
        const std::vector<EpochEntry> expected{{1, 0}, {2, 4}, {4, 8}};
        write_bytes(dir() / "leader-epoch-checkpoint", Bytes{'0', '\n', '9', '\n'});
        {
            auto log = PartitionLog::open(dir(), config);
            VERIFY_OK(log);
            QCOMPARE(log->leader_epochs().entries(), expected);
        }
        std::filesystem::remove(dir() / "leader-epoch-checkpoint");
        auto log = PartitionLog::open(dir(), config);
        VERIFY_OK(log);
        QCOMPARE(log->leader_epochs().entries(), expected);
        QVERIFY(std::filesystem::exists(dir() / "leader-epoch-checkpoint"));
    }

    void epochCheckpointAheadOfTheLogIsTrimmed() {
        write_three_batches();
        VERIFY_NO_ERROR(
            write_file_atomically(dir() / "leader-epoch-checkpoint", std::string("0\n2\n0 0\n7 15\n")));
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        QCOMPARE(log->leader_epochs().entries(), (std::vector<EpochEntry>{{0, 0}}));
    }
};

QTEST_GUILESS_MAIN(TestPartitionLogRecovery)
#include "test_partition_log_recovery.moc"
