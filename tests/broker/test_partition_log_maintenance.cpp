// PartitionLog operations that remove or search data: DeleteRecords, retention, truncation, and the
// lookup by timestamp behind ListOffsets.
#include "broker/storage/partition_log.h"
#include "storage_test_support.h"

#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace tideline::broker::storage;
using namespace storage_test;
namespace protocol = tideline::protocol;

class TestPartitionLogMaintenance : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    std::filesystem::path dir() const {
        return std::filesystem::path(temp_.path().toStdString()) / "events-1";
    }

    // Ten batches of three records in segments of three batches: bases 0, 9, 18, 27. Batch i has the
    // timestamps 1000 * (i + 1) + {0, 1, 2}.
    static LogConfig small_segments() {
        LogConfig config;
        config.segment_bytes = 1000;
        return config;
    }

    bool fill(PartitionLog& log, int batches = 10) {
        for (int i = 0; i < batches; ++i) {
            Bytes batch = make_batch(3, 1000 * (i + 1), 70);
            if (!log.append(batch, 0).ok()) return false;
        }
        return true;
    }

    std::size_t log_files() const {
        std::size_t count = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir()))
            count += entry.path().extension() == ".log";
        return count;
    }

private slots:
    void init() {
        QVERIFY(temp_.isValid());
        std::filesystem::remove_all(dir());
    }

    void deleteRecordsMovesTheStartAndDeletesWholeSegments() {
        {
            auto log = PartitionLog::open(dir(), small_segments());
            VERIFY_OK(log);
            QVERIFY(fill(*log));
            QCOMPARE(log->segment_count(), std::size_t(4));

            VERIFY_NO_ERROR(log->delete_records_before(20));
            QCOMPARE(log->log_start_offset(), std::int64_t(20));
            QCOMPARE(log->segment_count(), std::size_t(2));  // 18.. holds 20; 0.. and 9.. are gone
            QCOMPARE(log->segments().front().base_offset(), std::int64_t(18));
            QCOMPARE(log_files(), std::size_t(2));
            QVERIFY(!std::filesystem::exists(dir() / "00000000000000000000.index"));

            auto below = log->read(19, 1 << 20);
            QVERIFY(!below.ok());
            QCOMPARE(int(below.error().code), int(ErrorCode::OffsetOutOfRange));
            auto at = log->read(20, 1);
            VERIFY_OK(at);
            QCOMPARE(headers_of(at->records).at(0).base_offset, std::int64_t(18));  // the batch holding 20

            VERIFY_NO_ERROR(log->delete_records_before(5));  // behind the start: nothing to do
            QCOMPARE(log->log_start_offset(), std::int64_t(20));
            auto beyond = log->delete_records_before(31);
            QVERIFY(beyond);
            QCOMPARE(int(beyond->code), int(ErrorCode::OffsetOutOfRange));
        }
        auto log = PartitionLog::open(dir(), small_segments());
        VERIFY_OK(log);
        QCOMPARE(log->log_start_offset(), std::int64_t(20));
        QCOMPARE(log->log_end_offset(), std::int64_t(30));

        // Up to the end: the active segment stays, empty of readable records.
        VERIFY_NO_ERROR(log->delete_records_before(30));
        QCOMPARE(log->segment_count(), std::size_t(1));
        QCOMPARE(log->log_start_offset(), std::int64_t(30));
        auto slice = log->read(30, 1 << 20);
        VERIFY_OK(slice);
        QVERIFY(slice->records.empty());
    }

    void retentionBySizeKeepsAtLeastTheLimit() {
        auto log = PartitionLog::open(dir(), small_segments());
        VERIFY_OK(log);
        QVERIFY(fill(*log));
        const std::uint64_t segment_size = log->segments().front().size();
        const std::uint64_t total = log->size_bytes();

        auto deleted = log->apply_retention(0, -1, static_cast<std::int64_t>(total - segment_size));
        VERIFY_OK(deleted);
        QCOMPARE(*deleted, std::size_t(1));
        QCOMPARE(log->log_start_offset(), std::int64_t(9));

        deleted = log->apply_retention(0, -1, static_cast<std::int64_t>(total - segment_size - 1));
        VERIFY_OK(deleted);
        QCOMPARE(*deleted, std::size_t(0));  // one more segment would take it below the limit

        deleted = log->apply_retention(0, -1, 0);
        VERIFY_OK(deleted);
        QCOMPARE(*deleted, std::size_t(2));  // never the active segment
        QCOMPARE(log->segment_count(), std::size_t(1));
        QCOMPARE(log->log_start_offset(), std::int64_t(27));
        QCOMPARE(read_everything(*log).size(), std::size_t(1));
    }

    void retentionByTimeUsesTheLargestTimestampOfASegment() {
        auto log = PartitionLog::open(dir(), small_segments());
        VERIFY_OK(log);
        QVERIFY(fill(*log));
        // Segment 0.. ends with timestamp 3002, 9.. with 6002, 18.. with 9002.
        auto deleted = log->apply_retention(6002 + 500, 500, -1);
        VERIFY_OK(deleted);
        QCOMPARE(*deleted, std::size_t(1));
        QCOMPARE(log->segments().front().base_offset(), std::int64_t(9));
        deleted = log->apply_retention(1'000'000, 500, -1);
        VERIFY_OK(deleted);
        QCOMPARE(*deleted, std::size_t(2));
        QCOMPARE(log->segment_count(), std::size_t(1));
        QCOMPARE(log->log_start_offset(), std::int64_t(27));
    }

    void retentionSurvivesReopen() {
        {
            auto log = PartitionLog::open(dir(), small_segments());
            VERIFY_OK(log);
            QVERIFY(fill(*log));
            VERIFY_OK(log->apply_retention(1'000'000, 500, -1));
        }
        auto log = PartitionLog::open(dir(), small_segments());
        VERIFY_OK(log);
        QCOMPARE(log->log_start_offset(), std::int64_t(27));
        QCOMPARE(log->log_end_offset(), std::int64_t(30));
    }

    void offsetForTimestampFindsTheFirstRecordAtOrAfterIt() {
        LogConfig config = small_segments();
        config.index_interval_bytes = 100;
        auto log = PartitionLog::open(dir(), config);
        VERIFY_OK(log);
        QVERIFY(fill(*log));
        auto check = [&](std::int64_t timestamp, std::int64_t offset, std::int64_t found_timestamp) {
            auto found = log->offset_for_timestamp(timestamp);
            if (!found.ok()) return false;
            return *found == TimestampOffset{offset, found_timestamp, offset < 0 ? -1 : 0};
        };
        QVERIFY(check(0, 0, 1000));
        QVERIFY(check(1000, 0, 1000));
        QVERIFY(check(1001, 1, 1001));
        QVERIFY(check(1003, 3, 2000));
        QVERIFY(check(5002, 14, 5002));
        QVERIFY(check(9500, 27, 10000));
        QVERIFY(check(10002, 29, 10002));
        QVERIFY(check(10003, -1, -1));

        VERIFY_NO_ERROR(log->delete_records_before(13));
        QVERIFY(check(0, 13, 5001));
        QVERIFY(check(7000, 18, 7000));
    }

    void offsetForTimestampWithTimestampsOutOfOrder() {
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        for (std::int64_t timestamp : {100, 50, 200, 150}) {
            Bytes batch = make_batch(2, timestamp);
            VERIFY_OK(log->append(batch, 2));
        }
        auto found = log->offset_for_timestamp(60);
        VERIFY_OK(found);
        QCOMPARE(*found, (TimestampOffset{0, 100, 2}));
        found = log->offset_for_timestamp(160);
        VERIFY_OK(found);
        QCOMPARE(*found, (TimestampOffset{4, 200, 2}));
        found = log->offset_for_timestamp(151);
        VERIFY_OK(found);
        QCOMPARE(*found, (TimestampOffset{4, 200, 2}));
    }

    void offsetForTimestampWithLogAppendTime() {
        std::int64_t now = 50'000;
        LogConfig config = config_with_clock(now);
        config.timestamp_type = protocol::TimestampType::LogAppendTime;
        auto log = PartitionLog::open(dir(), config);
        VERIFY_OK(log);
        for (int i = 0; i < 3; ++i, now += 1000) {
            Bytes batch = make_batch(4, 1);  // producer timestamps are ignored
            VERIFY_OK(log->append(batch, 0));
        }
        auto found = log->offset_for_timestamp(50'001);
        VERIFY_OK(found);
        QCOMPARE(*found, (TimestampOffset{4, 51'000, 0}));
    }

    void truncateToRemovesWholeBatchesAndSegments() {
        {
            auto log = PartitionLog::open(dir(), small_segments());
            VERIFY_OK(log);
            QVERIFY(fill(*log));
            VERIFY_NO_ERROR(log->truncate_to(14));  // inside the batch 12..14: it goes entirely
            QCOMPARE(log->log_end_offset(), std::int64_t(12));
            QCOMPARE(log->segment_count(), std::size_t(2));
            QCOMPARE(log_files(), std::size_t(2));
            QCOMPARE(read_everything(*log).size(), std::size_t(4));

            Bytes batch = make_batch(3, 99'000, 70);
            auto appended = log->append(batch, 1);
            VERIFY_OK(appended);
            QCOMPARE(appended->base_offset, std::int64_t(12));
            VERIFY_NO_ERROR(log->truncate_to(100));  // beyond the end: nothing to do
            QCOMPARE(log->log_end_offset(), std::int64_t(15));
            VERIFY_NO_ERROR(log->flush());
        }
        auto log = PartitionLog::open(dir(), small_segments());
        VERIFY_OK(log);
        QCOMPARE(log->log_end_offset(), std::int64_t(15));
        auto batches = read_everything(*log);
        QCOMPARE(batches.size(), std::size_t(5));
        QCOMPARE(batches.back().max_timestamp, std::int64_t(99'002));
        auto found = log->offset_for_timestamp(90'000);
        VERIFY_OK(found);
        QCOMPARE(found->offset, std::int64_t(12));
    }

    void truncateToASegmentBoundaryAndBelowTheStart() {
        auto log = PartitionLog::open(dir(), small_segments());
        VERIFY_OK(log);
        QVERIFY(fill(*log));
        VERIFY_NO_ERROR(log->truncate_to(18));
        QCOMPARE(log->log_end_offset(), std::int64_t(18));
        QCOMPARE(log->segment_count(), std::size_t(3));  // 18.. is kept, empty, as the active segment
        QCOMPARE(log->segments().back().size(), std::uint64_t(0));

        VERIFY_NO_ERROR(log->delete_records_before(10));
        VERIFY_NO_ERROR(log->truncate_to(4));
        QCOMPARE(log->log_start_offset(), std::int64_t(4));
        QCOMPARE(log->log_end_offset(), std::int64_t(4));
        QCOMPARE(log->segment_count(), std::size_t(1));
        QCOMPARE(log_files(), std::size_t(1));
        Bytes batch = make_batch(1, 1000);
        auto appended = log->append(batch, 0);
        VERIFY_OK(appended);
        QCOMPARE(appended->base_offset, std::int64_t(4));
    }
};

QTEST_GUILESS_MAIN(TestPartitionLogMaintenance)
#include "test_partition_log_maintenance.moc"
