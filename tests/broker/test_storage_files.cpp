// The log's small files on their own: atomic replacement, the leader epoch cache and checkpoint, and
// the offset and time indexes.
#include "broker/storage/atomic_file.h"
#include "broker/storage/leader_epoch_cache.h"
#include "broker/storage/offset_index.h"
#include "broker/storage/time_index.h"
#include "storage_test_support.h"

#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace tideline::broker::storage;
using namespace storage_test;

class TestStorageFiles : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    std::filesystem::path path(const char* name) const {
        return std::filesystem::path(temp_.path().toStdString()) / name;
    }

    static std::string text_of(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

private slots:
    void init() {
        QVERIFY(temp_.isValid());
        for (const auto& entry : std::filesystem::directory_iterator(temp_.path().toStdString()))
            std::filesystem::remove_all(entry.path());
    }

    void atomicWriteReplacesTheWholeFile() {
        VERIFY_NO_ERROR(write_file_atomically(path("checkpoint"), std::string("old content\n")));
        VERIFY_NO_ERROR(write_file_atomically(path("checkpoint"), std::string("new\n")));
        QCOMPARE(text_of(file_bytes(path("checkpoint"))), std::string("new\n"));
        QVERIFY(!std::filesystem::exists(path("checkpoint.tmp")));
    }

    void uncommittedWriteLeavesTheOldContent() {
        VERIFY_NO_ERROR(write_file_atomically(path("checkpoint"), std::string("old content\n")));
        {
            auto writer = AtomicFileWriter::begin(path("checkpoint"));
            VERIFY_OK(writer);
            VERIFY_NO_ERROR(writer->write(std::string("half of the new")));
            QVERIFY(std::filesystem::exists(writer->temporary_path()));
            // The writer goes away without commit(), as when a later write fails.
        }
        QCOMPARE(text_of(file_bytes(path("checkpoint"))), std::string("old content\n"));
        QVERIFY(!std::filesystem::exists(path("checkpoint.tmp")));
        auto read = read_small_file(path("checkpoint"));
        VERIFY_OK(read);
        QCOMPARE(read->value(), std::string("old content\n"));
    }

    void failedWritesReportErrors() {
        auto writer = AtomicFileWriter::begin(path("missing-dir/checkpoint"));
        QVERIFY(!writer.ok());
        QCOMPARE(int(writer.error().code), int(ErrorCode::KafkaStorageError));
        QVERIFY(writer.error().message.find("missing-dir") != std::string::npos);

        auto committed = AtomicFileWriter::begin(path("checkpoint"));
        VERIFY_OK(committed);
        VERIFY_NO_ERROR(committed->commit());
        QVERIFY(committed->commit());  // once only
        QVERIFY(committed->write(std::string("late")));

        auto missing = read_small_file(path("nothing-here"));
        VERIFY_OK(missing);
        QVERIFY(!missing->has_value());
    }

    void epochCheckpointFormat() {
        const std::vector<EpochEntry> entries{{0, 0}, {4, 120}, {9, 5000}};
        const std::string text = format_leader_epoch_checkpoint(entries);
        QCOMPARE(text, std::string("0\n3\n0 0\n4 120\n9 5000\n"));
        QCOMPARE(parse_leader_epoch_checkpoint(text), std::optional(entries));
        QCOMPARE(parse_leader_epoch_checkpoint("0\n0\n"), std::optional(std::vector<EpochEntry>{}));
        for (const char* bad : {"", "1\n0\n", "0\n2\n0 0\n", "0\n1\n0 0\n1 5\n", "0\n1\n00\n", "0\n1\nx 1\n",
                                "0\n2\n3 10\n2 20\n", "0\n1\n-1 0\n"})
            QVERIFY2(!parse_leader_epoch_checkpoint(bad), bad);
    }

    void epochAssignFollowsKafkasRules() {
        LeaderEpochCache cache(path("leader-epoch-checkpoint"));
        VERIFY_NO_ERROR(cache.assign(0, 0));
        VERIFY_NO_ERROR(cache.assign(0, 10));  // same epoch, later offset: nothing new
        VERIFY_NO_ERROR(cache.assign(2, 10));
        VERIFY_NO_ERROR(cache.assign(5, 30));
        VERIFY_NO_ERROR(cache.assign(-1, 40));  // a batch without an epoch
        QCOMPARE(cache.entries(), (std::vector<EpochEntry>{{0, 0}, {2, 10}, {5, 30}}));
        QCOMPARE(text_of(file_bytes(path("leader-epoch-checkpoint"))),
                 std::string("0\n3\n0 0\n2 10\n5 30\n"));

        // A new epoch starting below existing entries displaces them, keeping the list monotonic.
        VERIFY_NO_ERROR(cache.assign(6, 20));
        QCOMPARE(cache.entries(), (std::vector<EpochEntry>{{0, 0}, {2, 10}, {6, 20}}));

        auto loaded = LeaderEpochCache::load(path("leader-epoch-checkpoint"));
        VERIFY_OK(loaded);
        QCOMPARE(loaded->entries(), cache.entries());
    }

    void epochEndOffsets() {
        LeaderEpochCache cache(path("leader-epoch-checkpoint"));
        QCOMPARE(cache.end_offset_for(0, 100), EpochEndOffset{});
        VERIFY_NO_ERROR(cache.assign(2, 10));
        VERIFY_NO_ERROR(cache.assign(4, 30));
        VERIFY_NO_ERROR(cache.assign(7, 55));
        QCOMPARE(cache.end_offset_for(7, 80), (EpochEndOffset{7, 80}));
        QCOMPARE(cache.end_offset_for(4, 80), (EpochEndOffset{4, 55}));
        QCOMPARE(cache.end_offset_for(5, 80), (EpochEndOffset{4, 55}));  // an epoch without records
        QCOMPARE(cache.end_offset_for(1, 80), (EpochEndOffset{1, 10}));  // older than all known
        QCOMPARE(cache.end_offset_for(8, 80), EpochEndOffset{});
        QCOMPARE(cache.end_offset_for(-1, 80), EpochEndOffset{});
    }

    void epochTruncation() {
        LeaderEpochCache cache(path("leader-epoch-checkpoint"));
        for (auto [epoch, start] :
             std::vector<std::pair<std::int32_t, std::int64_t>>{{1, 0}, {3, 10}, {4, 20}, {6, 40}})
            VERIFY_NO_ERROR(cache.assign(epoch, start));
        VERIFY_NO_ERROR(cache.truncate_from_end(40));
        QCOMPARE(cache.entries(), (std::vector<EpochEntry>{{1, 0}, {3, 10}, {4, 20}}));
        VERIFY_NO_ERROR(cache.truncate_from_end(25));  // epoch 4 started before: kept
        QCOMPARE(cache.entries().size(), std::size_t(3));
        VERIFY_NO_ERROR(cache.truncate_from_start(15));
        QCOMPARE(cache.entries(), (std::vector<EpochEntry>{{3, 15}, {4, 20}}));
        VERIFY_NO_ERROR(cache.truncate_from_start(20));
        QCOMPARE(cache.entries(), (std::vector<EpochEntry>{{4, 20}}));
        auto loaded = LeaderEpochCache::load(path("leader-epoch-checkpoint"));
        VERIFY_OK(loaded);
        QCOMPARE(loaded->entries(), (std::vector<EpochEntry>{{4, 20}}));

        write_bytes(path("leader-epoch-checkpoint"), Bytes{'g', 'a', 'r', 'b', 'a', 'g', 'e'});
        auto damaged = LeaderEpochCache::load(path("leader-epoch-checkpoint"));
        QVERIFY(!damaged.ok());
        QCOMPARE(int(damaged.error().code), int(ErrorCode::CorruptMessage));
    }

    void offsetIndexLookupAndDamage() {
        auto index = OffsetIndex::open(path("00000000000000000100.index"), 100);
        VERIFY_OK(index);
        QVERIFY(index->intact());
        QCOMPARE(index->lookup(150), (OffsetIndexEntry{100, 0}));
        VERIFY_NO_ERROR(index->append({110, 4100}));
        VERIFY_NO_ERROR(index->append({125, 8300}));
        QVERIFY(index->append({125, 9000}));  // offsets must grow
        QVERIFY(index->append({130, 8000}));  // and positions too
        QCOMPARE(index->lookup(109), (OffsetIndexEntry{100, 0}));
        QCOMPARE(index->lookup(110), (OffsetIndexEntry{110, 4100}));
        QCOMPARE(index->lookup(124), (OffsetIndexEntry{110, 4100}));
        QCOMPARE(index->lookup(1000), (OffsetIndexEntry{125, 8300}));
        const Bytes expected{0, 0, 0, 10, 0, 0, 0x10, 0x04, 0, 0, 0, 25, 0, 0, 0x20, 0x6c};
        QCOMPARE(file_bytes(path("00000000000000000100.index")), expected);

        auto reopened = OffsetIndex::open(path("00000000000000000100.index"), 100);
        VERIFY_OK(reopened);
        QCOMPARE(reopened->entries(), index->entries());

        // Kafka preallocates index files: zero entries after the real ones are not an index.
        Bytes padded = expected;
        padded.resize(expected.size() + 16, 0);
        write_bytes(path("00000000000000000100.index"), padded);
        auto damaged = OffsetIndex::open(path("00000000000000000100.index"), 100);
        VERIFY_OK(damaged);
        QVERIFY(!damaged->intact());
        QVERIFY(damaged->entries().empty());
        VERIFY_NO_ERROR(damaged->replace({{105, 10}}));
        QVERIFY(damaged->intact());
        QCOMPARE(file_bytes(path("00000000000000000100.index")), (Bytes{0, 0, 0, 5, 0, 0, 0, 10}));
    }

    void timeIndexKeepsOnlyGrowingTimestamps() {
        auto index = TimeIndex::open(path("00000000000000000000.timeindex"), 0);
        VERIFY_OK(index);
        VERIFY_NO_ERROR(index->maybe_append({-1, 0}));  // no timestamp: not indexed
        VERIFY_NO_ERROR(index->maybe_append({1000, 4}));
        VERIFY_NO_ERROR(index->maybe_append({1000, 9}));  // not larger: skipped
        VERIFY_NO_ERROR(index->maybe_append({900, 12}));
        VERIFY_NO_ERROR(index->maybe_append({2000, 15}));
        QCOMPARE(index->entries(), (std::vector<TimeIndexEntry>{{1000, 4}, {2000, 15}}));
        QCOMPARE(std::filesystem::file_size(path("00000000000000000000.timeindex")), std::uintmax_t(24));
        QVERIFY(!index->last_before(1000));
        QCOMPARE(index->last_before(1001), std::optional(TimeIndexEntry{1000, 4}));
        QCOMPARE(index->last_before(5000), std::optional(TimeIndexEntry{2000, 15}));

        Bytes bytes = file_bytes(path("00000000000000000000.timeindex"));
        QCOMPARE(bytes[6], std::uint8_t(0x03));  // 1000 = 0x03e8, big-endian
        QCOMPARE(bytes[7], std::uint8_t(0xe8));
        QCOMPARE(bytes[11], std::uint8_t(4));
        bytes.pop_back();
        write_bytes(path("00000000000000000000.timeindex"), bytes);
        auto damaged = TimeIndex::open(path("00000000000000000000.timeindex"), 0);
        VERIFY_OK(damaged);
        QVERIFY(!damaged->intact());
    }
};

QTEST_GUILESS_MAIN(TestStorageFiles)
#include "test_storage_files.moc"
