// The two shortcuts that make many partitions and big logs cheap: a deferred log creates its
// directory only with the first write, and a log reopened after a clean shutdown trusts its active
// segment (resuming from the indexes) instead of checking every batch.
#include "storage_test_support.h"

#include <QTemporaryDir>

#include <filesystem>
#include <optional>

using namespace tideline::broker::storage;
using namespace storage_test;

class TestPartitionLogLazyOpen : public QObject {
    Q_OBJECT

    std::filesystem::path dir() const { return std::filesystem::path(temp_.path().toStdString()) / "t-0"; }

    // Appends batches whose sizes cross several index entries, so that resuming has real state to restore.
    void fill(PartitionLog& log, int batches) {
        for (int i = 0; i < batches; ++i) {
            auto batch = make_batch(1 + i % 5, 1000 + 10 * i, 700 + 40 * (i % 7));
            VERIFY_OK(log.append(batch, 3));
        }
    }

private slots:
    void init() {
        QVERIFY(temp_.isValid());
        for (const auto& entry : std::filesystem::directory_iterator(temp_.path().toStdString()))
            std::filesystem::remove_all(entry.path());
    }

    void deferredLogTouchesNoFilesUntilWritten() {
        auto log = PartitionLog::create_deferred(dir(), {});
        VERIFY_OK(log);
        QVERIFY(!std::filesystem::exists(dir()));
        QVERIFY(!log->on_disk());
        QCOMPARE(log->log_end_offset(), std::int64_t(0));
        QCOMPARE(log->size_bytes(), std::uint64_t(0));
        auto slice = log->read(0, 1024);
        VERIFY_OK(slice);
        QVERIFY(slice->records.empty());
        QCOMPARE(log->read(1, 1024).error().code, ErrorCode::OffsetOutOfRange);
        VERIFY_NO_ERROR(log->truncate_to(0));
        VERIFY_NO_ERROR(log->flush());
        auto found = log->offset_for_timestamp(0);
        VERIFY_OK(found);
        QCOMPARE(found->offset, std::int64_t(-1));
        QVERIFY(!std::filesystem::exists(dir()));

        auto batch = make_batch(3, 5000);
        auto appended = log->append(batch, 0);
        VERIFY_OK(appended);
        QCOMPARE(appended->base_offset, std::int64_t(0));
        QVERIFY(log->on_disk());
        QVERIFY(std::filesystem::exists(Segment::log_path(dir(), 0)));
        QCOMPARE(read_everything(*log).size(), std::size_t(1));
    }

    void deferredLogReplacesLeftoversOfAnOldTopic() {
        {
            auto old = PartitionLog::open(dir(), {});
            VERIFY_OK(old);
            fill(*old, 4);
        }
        auto log = PartitionLog::create_deferred(dir(), {});
        VERIFY_OK(log);
        auto batch = make_batch(2, 9000);
        auto appended = log->append(batch, 0);
        VERIFY_OK(appended);
        QCOMPARE(appended->base_offset, std::int64_t(0));
        log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        QCOMPARE(log->log_end_offset(), std::int64_t(2));
    }

    void openOrDeferOpensWhatExists() {
        auto absent = PartitionLog::open_or_defer(dir(), {});
        VERIFY_OK(absent);
        QVERIFY(!absent->on_disk());
        QVERIFY(!std::filesystem::exists(dir()));
        {
            auto log = PartitionLog::open(dir(), {});
            VERIFY_OK(log);
            fill(*log, 3);
        }
        auto present = PartitionLog::open_or_defer(dir(), {});
        VERIFY_OK(present);
        QVERIFY(present->on_disk());
        QVERIFY(present->log_end_offset() > 0);
    }

    // After a clean reopen, appending must give the same log, offsets and index files as a log that
    // was never closed.
    void cleanReopenResumesLikeAnOpenLog() {
        const auto other = std::filesystem::path(temp_.path().toStdString()) / "u-0";
        LogConfig config;
        config.index_interval_bytes = 2048;
        {
            auto log = PartitionLog::open(dir(), config);
            VERIFY_OK(log);
            fill(*log, 40);
            VERIFY_NO_ERROR(log->flush());
        }
        auto reference = PartitionLog::open(other, config);
        VERIFY_OK(reference);
        fill(*reference, 40);

        auto log = PartitionLog::open(dir(), config, {.after_clean_shutdown = true});
        VERIFY_OK(log);
        QCOMPARE(log->log_end_offset(), reference->log_end_offset());
        QCOMPARE(log->segments().back().max_timestamp(), reference->segments().back().max_timestamp());
        for (int i = 0; i < 25; ++i) {
            auto a = make_batch(2, 2000 + i, 900);
            auto b = a;
            auto appended = log->append(a, 3);
            VERIFY_OK(appended);
            auto expected = reference->append(b, 3);
            VERIFY_OK(expected);
            QCOMPARE(appended->base_offset, expected->base_offset);
        }
        QCOMPARE(file_bytes(active_log(*log)), file_bytes(active_log(*reference)));
        QCOMPARE(log->segments().back().offset_index().entries(),
                 reference->segments().back().offset_index().entries());
        QCOMPARE(file_bytes(Segment::time_index_path(dir(), 0)),
                 file_bytes(Segment::time_index_path(other, 0)));
        QCOMPARE(read_everything(*log).size(), std::size_t(65));
    }

    // A damaged index after a "clean" shutdown is noticed and the segment is checked in full instead.
    void cleanReopenWithAMismatchedIndexFallsBackToRecovery() {
        LogConfig config;
        config.index_interval_bytes = 1024;
        std::int64_t end = 0;
        {
            auto log = PartitionLog::open(dir(), config);
            VERIFY_OK(log);
            fill(*log, 20);
            end = log->log_end_offset();
        }
        const auto index = Segment::offset_index_path(dir(), 0);
        auto bytes = file_bytes(index);
        QVERIFY(bytes.size() >= 16);
        bytes.resize(bytes.size() - 8);
        bytes[bytes.size() - 1] ^= 0x40;  // the last remaining entry now points into the middle of a batch
        write_bytes(index, bytes);
        auto log = PartitionLog::open(dir(), config, {.after_clean_shutdown = true});
        VERIFY_OK(log);
        QCOMPARE(log->log_end_offset(), end);
        QCOMPARE(read_everything(*log).size(), std::size_t(20));
    }

private:
    QTemporaryDir temp_;
};

QTEST_GUILESS_MAIN(TestPartitionLogLazyOpen)
#include "test_partition_log_lazy_open.moc"
