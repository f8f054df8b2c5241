// PartitionLog: appending, reading, rolling segments, validating input, indexes across a reopen, and
// batches captured from real Kafka clients.
#include "broker/storage/partition_log.h"
#include "storage_test_support.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#ifndef TIDELINE_TEST_DATA_DIR
#error "TIDELINE_TEST_DATA_DIR must name the tests/data directory"
#endif

using namespace tideline::broker::storage;
using namespace storage_test;
namespace protocol = tideline::protocol;

class TestPartitionLog : public QObject {
    Q_OBJECT

    QTemporaryDir temp_;
    std::filesystem::path dir() const {
        return std::filesystem::path(temp_.path().toStdString()) / "orders-0";
    }

private slots:
    void init() {
        QVERIFY(temp_.isValid());
        std::filesystem::remove_all(dir());
    }

    void appendAndReadRoundTrip() {
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        QCOMPARE(log->log_start_offset(), std::int64_t(0));
        QCOMPARE(log->log_end_offset(), std::int64_t(0));
        QVERIFY(std::filesystem::exists(dir() / "00000000000000000000.log"));

        Bytes batch = make_batch(5, 1000);
        const Bytes sent = batch;
        auto appended = log->append(batch, 7);
        VERIFY_OK(appended);
        QCOMPARE(appended->base_offset, std::int64_t(0));
        QCOMPARE(appended->last_offset, std::int64_t(4));
        QCOMPARE(appended->log_append_time, std::int64_t(-1));
        QCOMPARE(log->log_end_offset(), std::int64_t(5));

        auto slice = log->read(0, 1 << 20);
        VERIFY_OK(slice);
        Bytes expected = sent;
        QVERIFY(protocol::set_partition_leader_epoch(expected, 7));
        QVERIFY(slice->records == expected);
        QVERIFY(slice->records == batch);  // the caller's buffer was patched in place
        QCOMPARE(slice->file_position, std::uint64_t(0));
        QVERIFY(!protocol::validate_batches(slice->records));

        auto at_end = log->read(5, 1 << 20);
        VERIFY_OK(at_end);
        QVERIFY(at_end->records.empty());
    }

    void offsetsContinueAcrossAppends() {
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        std::int64_t expected_base = 0;
        for (int records : {1, 3, 10, 2}) {
            Bytes batch = make_batch(records, 1000);
            auto appended = log->append(batch, 0);
            VERIFY_OK(appended);
            QCOMPARE(appended->base_offset, expected_base);
            QCOMPARE(appended->last_offset, expected_base + records - 1);
            QCOMPARE(headers_of(batch).at(0).base_offset, expected_base);
            expected_base += records;
        }
        // Several batches in one append get consecutive offsets too.
        Bytes two = make_batch(2, 1000);
        protocol::append_batch(two, {}, std::vector<protocol::RecordInput>(3, protocol::RecordInput{}));
        auto appended = log->append(two, 0);
        VERIFY_OK(appended);
        QCOMPARE(appended->base_offset, std::int64_t(16));
        QCOMPARE(appended->last_offset, std::int64_t(20));
        auto headers = headers_of(two);
        QCOMPARE(headers.at(1).base_offset, std::int64_t(18));
        auto all = read_everything(*log);
        QCOMPARE(all.size(), std::size_t(6));
        QCOMPARE(all.back().last_offset(), std::int64_t(20));
    }

    void readFromTheMiddleOfABatchReturnsTheWholeBatch() {
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        for (int i = 0; i < 3; ++i) {
            Bytes batch = make_batch(10, 1000);
            VERIFY_OK(log->append(batch, 0));
        }
        auto slice = log->read(15, 1 << 20);
        VERIFY_OK(slice);
        auto headers = headers_of(slice->records);
        QCOMPARE(headers.size(), std::size_t(2));
        QCOMPARE(headers.front().base_offset, std::int64_t(10));
        QCOMPARE(headers.back().last_offset(), std::int64_t(29));
    }

    void maxBytesAlwaysReturnsAtLeastOneWholeBatch() {
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        Bytes big = make_batch(20, 1000, 200);
        Bytes small = make_batch(1, 1000);
        Bytes another_small = make_batch(1, 1000);
        VERIFY_OK(log->append(big, 0));
        VERIFY_OK(log->append(small, 0));
        VERIFY_OK(log->append(another_small, 0));

        auto slice = log->read(3, 10);
        VERIFY_OK(slice);
        QCOMPARE(slice->records.size(), big.size());
        QCOMPARE(headers_of(slice->records).size(), std::size_t(1));
        // Exactly two batches fit: the third is not cut in half.
        slice = log->read(0, big.size() + small.size() + small.size() - 1);
        VERIFY_OK(slice);
        QCOMPARE(slice->records.size(), big.size() + small.size());
        slice = log->read(0, 0);
        VERIFY_OK(slice);
        QCOMPARE(slice->records.size(), big.size());
    }

    void upperBoundHidesBatchesAtAndAboveIt() {
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        for (int i = 0; i < 3; ++i) {
            Bytes batch = make_batch(5, 1000);
            VERIFY_OK(log->append(batch, 0));
        }
        auto slice = log->read(0, 1 << 20, 10);
        VERIFY_OK(slice);
        QCOMPARE(headers_of(slice->records).size(), std::size_t(2));
        slice = log->read(10, 1 << 20, 10);
        VERIFY_OK(slice);
        QVERIFY(slice->records.empty());
    }

    void offsetsOutsideTheLogAreOutOfRange() {
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        Bytes batch = make_batch(5, 1000);
        VERIFY_OK(log->append(batch, 0));
        for (std::int64_t offset : {std::int64_t(-1), std::int64_t(6), std::int64_t(1) << 40}) {
            auto slice = log->read(offset, 100);
            QVERIFY(!slice.ok());
            QCOMPARE(int(slice.error().code), int(ErrorCode::OffsetOutOfRange));
        }
    }

    void badInputIsRejectedWithKafkaErrorCodes() {
        LogConfig config;
        config.max_message_bytes = 2000;
        config.segment_bytes = 10000;
        auto log = PartitionLog::open(dir(), config);
        VERIFY_OK(log);
        auto code_of = [&](Bytes bytes) {
            auto result = log->append(bytes, 0);
            return result.ok() ? 0 : int(result.error().code);
        };
        Bytes corrupt = make_batch(3, 1000);
        corrupt.back() ^= 0x01;
        QCOMPARE(code_of(corrupt), int(ErrorCode::CorruptMessage));
        Bytes partial = make_batch(3, 1000);
        partial.pop_back();
        QCOMPARE(code_of(partial), int(ErrorCode::CorruptMessage));
        QCOMPARE(code_of(make_batch(20, 1000, 200)), int(ErrorCode::MessageTooLarge));
        Bytes beyond_a_segment;
        while (beyond_a_segment.size() <= 10000) {
            Bytes batch = make_batch(10, 1000, 100);  // each one acceptable on its own
            beyond_a_segment.insert(beyond_a_segment.end(), batch.begin(), batch.end());
        }
        QCOMPARE(code_of(beyond_a_segment), int(ErrorCode::RecordListTooLarge));
        QCOMPARE(code_of({}), int(ErrorCode::InvalidRecord));

        std::vector<protocol::RecordInput> marker(1);
        QCOMPARE(code_of(protocol::write_batch({.attributes = protocol::batch_attributes::kControl}, marker)),
                 int(ErrorCode::InvalidRecord));
        std::vector<protocol::RecordInput> gapped(2);
        gapped[1].offset_delta = 5;
        QCOMPARE(code_of(protocol::write_batch({}, gapped)), int(ErrorCode::InvalidRecord));
        QCOMPARE(log->log_end_offset(), std::int64_t(0));
        QCOMPARE(log->size_bytes(), std::uint64_t(0));

        // A coordinator may write control batches (transaction markers).
        Bytes control = protocol::write_batch({.attributes = protocol::batch_attributes::kControl}, marker);
        VERIFY_OK(log->append(control, 0, AppendOrigin::Coordinator));
        QCOMPARE(log->log_end_offset(), std::int64_t(1));
    }

    void logAppendTimeStampsTheBatch() {
        std::int64_t now = 1'700'000'000'000;
        LogConfig config = config_with_clock(now);
        config.timestamp_type = protocol::TimestampType::LogAppendTime;
        auto log = PartitionLog::open(dir(), config);
        VERIFY_OK(log);
        Bytes batch = make_batch(4, 1000);
        auto appended = log->append(batch, 0);
        VERIFY_OK(appended);
        QCOMPARE(appended->log_append_time, now);
        auto slice = log->read(0, 1 << 20);
        VERIFY_OK(slice);
        QVERIFY(!protocol::validate_batches(slice->records));  // the CRC was recomputed
        auto header = headers_of(slice->records).at(0);
        QVERIFY(header.timestamp_type() == protocol::TimestampType::LogAppendTime);
        QCOMPARE(header.max_timestamp, now);
        QCOMPARE(header.base_timestamp, std::int64_t(1000));
    }

    void segmentsRollAtSegmentBytesAndReadsContinueAcrossThem() {
        LogConfig config;
        config.segment_bytes = 1000;
        auto log = PartitionLog::open(dir(), config);
        VERIFY_OK(log);
        const std::size_t batch_size = make_batch(3, 1000, 70).size();
        QVERIFY(batch_size > 250 && batch_size <= 333);  // three fit a segment, four do not
        for (int i = 0; i < 10; ++i) {
            Bytes batch = make_batch(3, 1000 + i, 70);
            VERIFY_OK(log->append(batch, 0));
        }
        QCOMPARE(log->segment_count(), std::size_t(4));
        std::vector<std::int64_t> bases;
        for (const auto& segment : log->segments()) {
            bases.push_back(segment.base_offset());
            QVERIFY(segment.size() <= 1000);
            QVERIFY(std::filesystem::exists(dir() / (Segment::file_stem(segment.base_offset()) + ".index")));
            QVERIFY(
                std::filesystem::exists(dir() / (Segment::file_stem(segment.base_offset()) + ".timeindex")));
        }
        QCOMPARE(bases, (std::vector<std::int64_t>{0, 9, 18, 27}));
        QVERIFY(std::filesystem::exists(dir() / "00000000000000000009.log"));

        // A read stays within one segment; reading on picks up the next one.
        auto slice = log->read(4, 1 << 20);
        VERIFY_OK(slice);
        QCOMPARE(headers_of(slice->records).size(), std::size_t(2));
        QCOMPARE(slice->segment_base_offset, std::int64_t(0));
        slice = log->read(9, 1 << 20);
        VERIFY_OK(slice);
        QCOMPARE(headers_of(slice->records).front().base_offset, std::int64_t(9));
        auto all = read_everything(*log);
        QCOMPARE(all.size(), std::size_t(10));
        for (std::size_t i = 0; i < all.size(); ++i) QCOMPARE(all[i].base_offset, std::int64_t(3 * i));
    }

    void segmentsRollAfterSegmentMs() {
        LogConfig config;
        config.segment_ms = 1000;
        auto log = PartitionLog::open(dir(), config);
        VERIFY_OK(log);
        for (std::int64_t timestamp : {10'000, 10'500, 10'999, 11'002, 11'500}) {
            Bytes batch = make_batch(1, timestamp);
            VERIFY_OK(log->append(batch, 0));
        }
        QCOMPARE(log->segment_count(), std::size_t(2));
        QCOMPARE(log->segments().back().base_offset(), std::int64_t(3));
    }

    void indexesAreSparseAndSurviveReopen() {
        LogConfig config;
        config.index_interval_bytes = 512;
        std::vector<OffsetIndexEntry> entries;
        std::vector<TimeIndexEntry> time_entries;
        {
            auto log = PartitionLog::open(dir(), config);
            VERIFY_OK(log);
            for (int i = 0; i < 100; ++i) {
                Bytes batch = make_batch(2, 1000 * i, 30);
                VERIFY_OK(log->append(batch, 0));
            }
            entries = log->segments().back().offset_index().entries();
            time_entries = log->segments().back().time_index().entries();
            VERIFY_NO_ERROR(log->flush());
        }
        const std::size_t batch_size = make_batch(2, 0, 30).size();
        // An entry for the batch that starts once more than 512 bytes were appended since the last one,
        // mapping the batch's last offset to its position.
        std::vector<OffsetIndexEntry> expected;
        std::size_t since_last_entry = 0;
        for (std::size_t i = 0; i < 100; ++i) {
            if (since_last_entry > 512) {
                expected.push_back({std::int64_t(2 * i + 1), std::uint32_t(i * batch_size)});
                since_last_entry = 0;
            }
            since_last_entry += batch_size;
        }
        QVERIFY(expected.size() > 10);
        QCOMPARE(entries, expected);
        QCOMPARE(std::filesystem::file_size(dir() / "00000000000000000000.index"), entries.size() * 8);
        Bytes index = file_bytes(dir() / "00000000000000000000.index");
        QCOMPARE(int(index[3]), int(entries[0].offset));  // big-endian relative offset
        QCOMPARE(time_entries.size(), entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
            QCOMPARE(time_entries[i].offset, entries[i].offset);
            QCOMPARE(time_entries[i].timestamp, 1000 * (entries[i].offset / 2) + 1);
        }

        auto reopened = PartitionLog::open(dir(), config);
        VERIFY_OK(reopened);
        QCOMPARE(reopened->segments().back().offset_index().entries(), entries);
        QCOMPARE(reopened->segments().back().time_index().entries(), time_entries);
        QCOMPARE(reopened->log_end_offset(), std::int64_t(200));
        for (std::int64_t offset = 0; offset < 200; ++offset) {
            auto slice = reopened->read(offset, 1);
            VERIFY_OK(slice);
            auto header = headers_of(slice->records).at(0);
            QCOMPARE(header.base_offset, offset - offset % 2);
            QCOMPARE(slice->file_position, std::uint64_t(offset / 2 * batch_size));
        }
    }

    void goldenClientBatchesRoundTripByteForByte_data() {
        QTest::addColumn<QString>("file");
        const QDir data(TIDELINE_TEST_DATA_DIR "/record_batches");
        for (const QString& name : data.entryList({"*.hex"}))
            QTest::newRow(qPrintable(name)) << data.filePath(name);
    }

    void goldenClientBatchesRoundTripByteForByte() {
        QFETCH(QString, file);
        QFile input(file);
        QVERIFY(input.open(QIODevice::ReadOnly));
        std::vector<Bytes> expected;
        {
            auto log = PartitionLog::open(dir(), {});
            VERIFY_OK(log);
            for (const QByteArray& line : input.readAll().split('\n')) {
                if (line.trimmed().isEmpty()) continue;
                const QByteArray raw = QByteArray::fromHex(line.trimmed());
                Bytes batches(raw.begin(), raw.end());
                Bytes patched = batches;
                auto appended = log->append(batches, 3);
                VERIFY_OK(appended);
                std::int64_t offset = appended->base_offset;
                protocol::BatchSetReader reader(patched);
                while (auto batch = reader.next()) {
                    std::span<std::uint8_t> bytes(patched.data() + batch->position, batch->bytes.size());
                    QVERIFY(protocol::set_base_offset(bytes, offset));
                    QVERIFY(protocol::set_partition_leader_epoch(bytes, 3));
                    expected.emplace_back(bytes.begin(), bytes.end());
                    offset += batch->header.last_offset_delta + 1;
                }
                QCOMPARE(offset, appended->last_offset + 1);
            }
            QVERIFY(!expected.empty());
            VERIFY_NO_ERROR(log->flush());
        }
        auto log = PartitionLog::open(dir(), {});
        VERIFY_OK(log);
        std::size_t next = 0;
        for (std::int64_t offset = 0; offset < log->log_end_offset();) {
            auto slice = log->read(offset, 1);
            VERIFY_OK(slice);
            QVERIFY(next < expected.size());
            QVERIFY2(slice->records == expected[next], qPrintable(QString("batch %1").arg(next)));
            offset = headers_of(slice->records).at(0).last_offset() + 1;
            ++next;
        }
        QCOMPARE(next, expected.size());
    }
};

QTEST_GUILESS_MAIN(TestPartitionLog)
#include "test_partition_log.moc"
