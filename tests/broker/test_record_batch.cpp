#include "crc32c.h"
#include "record_batch.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QTest>

#include <functional>
#include <map>
#include <random>
#include <string>
#include <utility>

#ifndef TIDELINE_TEST_DATA_DIR
#error "TIDELINE_TEST_DATA_DIR must name the tests/data directory"
#endif

using namespace tideline::protocol;

namespace {

ByteView view_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
Bytes bytes_of(std::string_view text) { return {text.begin(), text.end()}; }
std::string text_of(ByteView bytes) { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }

QString code(const std::optional<BatchProblem>& problem) {
    return problem ? QString::fromLatin1(to_string(problem->code)) : QStringLiteral("no problem");
}
QString code(BatchError error) { return QString::fromLatin1(to_string(error)); }

std::uint32_t bitwise_crc32c(ByteView data) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::uint8_t byte : data) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? 0x82F63B78u : 0u);
    }
    return ~crc;
}

void store_be32(Bytes& bytes, std::size_t at, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

// After a test edits a batch on purpose: fix batchLength and CRC so that the edit gets past the
// framing checks and reaches the code under test.
void reseal(Bytes& batch) {
    store_be32(batch, batch_layout::kBatchLengthOffset,
               static_cast<std::uint32_t>(batch.size() - batch_layout::kLogOverhead));
    store_be32(batch, batch_layout::kCrcOffset, compute_batch_crc(batch));
}

RecordInput record(std::optional<std::string> key, std::optional<std::string> value, std::int64_t timestamp,
                   std::vector<RecordHeader> headers = {}) {
    RecordInput r;
    if (key) r.key = bytes_of(*key);
    if (value) r.value = bytes_of(*value);
    r.timestamp = timestamp;
    r.headers = std::move(headers);
    return r;
}

std::vector<BatchView> read_all(ByteView data, std::optional<BatchProblem>& problem,
                                BatchReadOptions options = {}) {
    std::vector<BatchView> batches;
    BatchSetReader reader(data, options);
    while (auto batch = reader.next()) batches.push_back(*batch);
    problem = reader.error();
    return batches;
}

bool same_bytes(const std::optional<ByteView>& actual, const std::optional<Bytes>& expected) {
    if (actual.has_value() != expected.has_value()) return false;
    return !actual || std::equal(actual->begin(), actual->end(), expected->begin(), expected->end());
}

// Empty when the decoded record matches what was written, otherwise what differs.
std::string mismatch(const RecordView& got, const RecordInput& want, const BatchHeader& batch,
                     std::int32_t want_offset_delta) {
    if (got.offset_delta != want_offset_delta) return "offset delta";
    if (got.timestamp(batch) != want.timestamp) return "timestamp";
    if (!same_bytes(got.key, want.key)) return "key";
    if (!same_bytes(got.value, want.value)) return "value";
    if (got.headers.size() != want.headers.size()) return "header count";
    for (std::size_t i = 0; i < got.headers.size(); ++i) {
        if (got.headers[i].key != want.headers[i].key) return "header key " + std::to_string(i);
        if (!same_bytes(got.headers[i].value, want.headers[i].value))
            return "header value " + std::to_string(i);
    }
    return {};
}

// A batch with one record key "k", value "v", no headers: the record sits at byte 61 as
// [length 0x10][attributes][timestampDelta][offsetDelta][keyLength 0x02]['k'][valueLength 0x02]['v'][0].
Bytes single_record_batch() {
    std::vector<RecordInput> records{record("k", "v", 1000)};
    return write_batch({}, records);
}

std::optional<BatchProblem> record_problem(ByteView batch_bytes) {
    std::optional<BatchProblem> problem;
    auto batches = read_all(batch_bytes, problem);
    if (problem) return problem;
    return decode_records(batches.at(0)).error;
}

}  // namespace

class TestRecordBatch : public QObject {
    Q_OBJECT

private slots:
    void crc32cKnownVectors() {
        QCOMPARE(crc32c(view_of("123456789")), 0xE3069283u);
        QCOMPARE(crc32c(ByteView{}), 0u);
        QCOMPARE(crc32c(ByteView{}, 0x12345678u), 0x12345678u);
        QCOMPARE(crc32c(view_of("The quick brown fox jumps over the lazy dog")), 0x22620404u);
        // RFC 3720, appendix B.4.
        Bytes zeros(32, 0x00), ones(32, 0xff), ascending(32), descending(32);
        for (std::size_t i = 0; i < 32; ++i) {
            ascending[i] = static_cast<std::uint8_t>(i);
            descending[i] = static_cast<std::uint8_t>(31 - i);
        }
        QCOMPARE(crc32c(zeros), 0x8A9136AAu);
        QCOMPARE(crc32c(ones), 0x62A8AB43u);
        QCOMPARE(crc32c(ascending), 0x46DD794Eu);
        QCOMPARE(crc32c(descending), 0x113FDB5Cu);
    }

    void crc32cIncremental() {
        QCOMPARE(crc32c(view_of("56789"), crc32c(view_of("1234"))), 0xE3069283u);
        std::mt19937 random(7);
        Bytes data(1000);
        for (auto& byte : data) byte = static_cast<std::uint8_t>(random());
        const std::uint32_t whole = crc32c(data);
        ByteView all(data);
        for (std::size_t split = 0; split <= data.size(); ++split)
            QCOMPARE(crc32c(all.subspan(split), crc32c(all.first(split))), whole);
        std::uint32_t piecewise = 0;
        for (std::size_t at = 0; at < data.size(); at += 13)
            piecewise = crc32c(all.subspan(at, std::min<std::size_t>(13, data.size() - at)), piecewise);
        QCOMPARE(piecewise, whole);
    }

    void crc32cMatchesBitwiseReference() {
        std::mt19937 random(11);
        Bytes data(400);
        for (auto& byte : data) byte = static_cast<std::uint8_t>(random());
        for (std::size_t start = 0; start < 8; ++start)
            for (std::size_t length = 0; length + start <= data.size(); length += 1 + length / 8)
                QCOMPARE(crc32c(ByteView(data).subspan(start, length)),
                         bitwise_crc32c(ByteView(data).subspan(start, length)));
    }

    void roundTripMixedRecords() {
        std::vector<RecordInput> records{
            record(std::nullopt, "v0", 1000),
            record("", "", 999),  // earlier than the base timestamp: a negative delta
            record("k2", std::nullopt, 1500, {{"h1", bytes_of("x")}, {"h2", std::nullopt}, {"", Bytes{}}}),
            record("k3", "v3", 1200),
        };
        records[3].offset_delta = 5;  // a gap, as compaction leaves behind
        BatchSpec spec{42, 3, batch_attributes::kTransactional, 77, 2, 10};
        Bytes batch = write_batch(spec, records);

        std::optional<BatchProblem> problem;
        auto batches = read_all(batch, problem);
        QVERIFY2(!problem, problem ? problem->message.c_str() : "");
        QCOMPARE(batches.size(), std::size_t(1));
        const BatchHeader& h = batches[0].header;
        QCOMPARE(h.base_offset, std::int64_t(42));
        QCOMPARE(h.batch_length, std::int32_t(batch.size() - 12));
        QCOMPARE(h.partition_leader_epoch, 3);
        QCOMPARE(h.magic, std::int8_t(2));
        QCOMPARE(h.crc, bitwise_crc32c(ByteView(batch).subspan(21)));
        QCOMPARE(h.last_offset_delta, 5);
        QCOMPARE(h.last_offset(), std::int64_t(47));
        QCOMPARE(h.base_timestamp, std::int64_t(1000));
        QCOMPARE(h.max_timestamp, std::int64_t(1500));
        QCOMPARE(h.producer_id, std::int64_t(77));
        QCOMPARE(h.producer_epoch, std::int16_t(2));
        QCOMPARE(h.base_sequence, 10);
        QCOMPARE(h.records_count, 4);
        QVERIFY(h.is_transactional());
        QVERIFY(!h.is_control());
        QVERIFY(h.compression() == Compression::None);
        QVERIFY(h.timestamp_type() == TimestampType::CreateTime);

        auto decoded = decode_records(batches[0]);
        QVERIFY2(!decoded.error, decoded.error ? decoded.error->message.c_str() : "");
        QCOMPARE(decoded.records.size(), records.size());
        const std::int32_t deltas[] = {0, 1, 2, 5};
        for (std::size_t i = 0; i < records.size(); ++i)
            QCOMPARE(mismatch(decoded.records[i], records[i], h, deltas[i]), std::string());
        QCOMPARE(decoded.records[3].offset(h), std::int64_t(47));

        // With LogAppendTime every record reports the batch's maxTimestamp.
        spec.attributes = batch_attributes::kTimestampType;
        Bytes log_append = write_batch(spec, records);
        auto appended = read_all(log_append, problem);
        QVERIFY(!problem);
        QCOMPARE(decode_records(appended[0]).records[1].timestamp(appended[0].header), std::int64_t(1500));
    }

    void roundTripThousandRecords() {
        std::vector<RecordInput> records;
        for (int i = 0; i < 1000; ++i) {
            std::vector<RecordHeader> headers;
            if (i % 10 == 0) headers.push_back({"trace", bytes_of("id-" + std::to_string(i))});
            records.push_back(record("key-" + std::to_string(i), "value-" + std::to_string(i),
                                     1'700'000'000'000 + i * 3, std::move(headers)));
        }
        Bytes batch = write_batch({.base_offset = 5000}, records);
        std::optional<BatchProblem> problem;
        auto batches = read_all(batch, problem);
        QVERIFY(!problem);
        QCOMPARE(batches[0].header.last_offset_delta, 999);
        QCOMPARE(batches[0].header.max_timestamp, std::int64_t(1'700'000'000'000 + 999 * 3));
        auto decoded = decode_records(batches[0]);
        QVERIFY(!decoded.error);
        QCOMPARE(decoded.records.size(), std::size_t(1000));
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(mismatch(decoded.records[i], records[i], batches[0].header, i), std::string());
    }

    void roundTripLargeValues() {
        std::vector<RecordInput> records(3);
        records[0].key = Bytes(70'000, 0xab);
        records[0].value = Bytes(1 << 20);
        for (std::size_t i = 0; i < records[0].value->size(); ++i)
            (*records[0].value)[i] = static_cast<std::uint8_t>(i * 31);
        records[1].value = Bytes(300'000, 0x00);
        records[2].headers.push_back({std::string(20'000, 'h'), Bytes(50'000, 0x5a)});
        Bytes batch = write_batch({}, records);
        std::optional<BatchProblem> problem;
        auto batches = read_all(batch, problem);
        QVERIFY(!problem);
        auto decoded = decode_records(batches[0]);
        QVERIFY(!decoded.error);
        for (std::size_t i = 0; i < records.size(); ++i)
            QCOMPARE(mismatch(decoded.records[i], records[i], batches[0].header, std::int32_t(i)),
                     std::string());
    }

    void writerRejectsBadInput() {
        Bytes out = bytes_of("existing");
        std::vector<RecordInput> none;
        QVERIFY_THROWS_EXCEPTION(EncodeFailure, append_batch(out, {}, none));
        std::vector<RecordInput> records{record("a", "1", 0), record("b", "2", 0)};
        QVERIFY_THROWS_EXCEPTION(EncodeFailure, append_batch(out, {.attributes = 1}, records));
        records[0].offset_delta = 4;
        records[1].offset_delta = 4;
        QVERIFY_THROWS_EXCEPTION(EncodeFailure, append_batch(out, {}, records));
        QCOMPARE(text_of(out), std::string("existing"));  // a failed append leaves no half batch
    }

    void patchKeepsCrcValid() {
        std::vector<RecordInput> records{record("k", "v", 10), record("k2", "v2", 11)};
        const Bytes original = write_batch({.base_offset = 0, .partition_leader_epoch = 0}, records);
        Bytes patched = original;
        QVERIFY(set_base_offset(patched, 0x0102030405060708));
        QVERIFY(set_partition_leader_epoch(patched, 0x0a0b0c0d));
        for (std::size_t i = 0; i < patched.size(); ++i) {
            bool patchable = i < 8 || (i >= 12 && i < 16);
            QCOMPARE(patched[i] != original[i], patchable);
        }
        std::optional<BatchProblem> problem;
        auto batches = read_all(patched, problem);
        QVERIFY(!problem);
        QCOMPARE(batches[0].header.base_offset, std::int64_t(0x0102030405060708));
        QCOMPARE(batches[0].header.partition_leader_epoch, 0x0a0b0c0d);
        QCOMPARE(decode_records(batches[0]).records[1].offset(batches[0].header), 0x0102030405060709);

        Bytes short_span = original;
        QVERIFY(!set_base_offset(std::span(short_span).first(7), 1));
        QVERIFY(!set_partition_leader_epoch(std::span(short_span).first(15), 1));
        QVERIFY(short_span == original);
    }

    void corruptionAfterCrcFieldIsDetected() {
        std::vector<RecordInput> records{record("key", "value", 5, {{"h", bytes_of("hv")}}),
                                         record("a", "b", 6)};
        const Bytes batch = write_batch({.producer_id = 9}, records);
        for (std::size_t i = batch_layout::kCrcOffset; i < batch.size(); ++i) {
            for (std::uint8_t flip : {std::uint8_t(0x01), std::uint8_t(0x80), std::uint8_t(0xff)}) {
                Bytes corrupt = batch;
                corrupt[i] ^= flip;
                QCOMPARE(code(validate_batches(corrupt)), code(BatchError::CrcMismatch));
            }
        }
        QCOMPARE(code(validate_batches(batch, {.verify_crc = true})), code(std::nullopt));
    }

    void truncationIsReportedCleanly() {
        std::vector<RecordInput> first{record("a", "1", 1), record(std::nullopt, "2", 2),
                                       record("c", "3", 3)};
        std::vector<RecordInput> second{record("d", std::nullopt, 4, {{"h", std::nullopt}})};
        Bytes set = write_batch({.base_offset = 0}, first);
        const std::size_t first_size = set.size();
        append_batch(set, {.base_offset = 3}, second);
        for (std::size_t length = 0; length < set.size(); ++length) {
            // A copy of exactly `length` bytes, so that ASan catches any read past the end.
            Bytes prefix(set.begin(), set.begin() + static_cast<std::ptrdiff_t>(length));
            std::optional<BatchProblem> problem;
            auto batches = read_all(prefix, problem);
            const bool clean_end = length == 0 || length == first_size;
            QCOMPARE(code(problem), clean_end ? code(std::nullopt) : code(BatchError::PartialBatch));
            if (problem) QCOMPARE(problem->position, batches.empty() ? std::size_t(0) : first_size);
            QCOMPARE(batches.size(), std::size_t(length >= first_size ? 1 : 0));
            for (const auto& batch : batches) QVERIFY(!decode_records(batch).error);
        }
    }

    void wrongMagic() {
        const Bytes batch = single_record_batch();
        for (std::uint8_t magic : {0, 1, 3, 0xff}) {
            Bytes wrong = batch;
            wrong[batch_layout::kMagicOffset] = magic;
            QCOMPARE(code(validate_batches(wrong)), code(BatchError::UnsupportedMagic));
            // Known as soon as the magic byte has arrived, even in a cut-off batch.
            QCOMPARE(code(validate_batches(ByteView(wrong).first(17))), code(BatchError::UnsupportedMagic));
            QCOMPARE(code(validate_batches(ByteView(wrong).first(16))), code(BatchError::PartialBatch));
        }
    }

    void invalidBatchLength() {
        const Bytes batch = single_record_batch();
        for (std::int32_t length : {-1, std::numeric_limits<std::int32_t>::min(), 0, 12, 48}) {
            Bytes wrong = batch;
            store_be32(wrong, batch_layout::kBatchLengthOffset, static_cast<std::uint32_t>(length));
            QCOMPARE(code(validate_batches(wrong)), code(BatchError::InvalidBatchLength));
            QCOMPARE(code(validate_batches(ByteView(wrong).first(12))), code(BatchError::InvalidBatchLength));
        }
        Bytes huge = batch;
        store_be32(huge, batch_layout::kBatchLengthOffset, 0x7fffffffu);
        QCOMPARE(code(validate_batches(huge)), code(BatchError::PartialBatch));
        QCOMPARE(code(validate_batches(huge, {.max_batch_size = 1 << 20})),
                 code(BatchError::InvalidBatchLength));
        Bytes short_by_one = batch;
        store_be32(short_by_one, batch_layout::kBatchLengthOffset, std::uint32_t(batch.size() - 13));
        QCOMPARE(code(validate_batches(short_by_one)), code(BatchError::CrcMismatch));
    }

    void invalidRecordFraming() {
        const std::size_t at = batch_layout::kHeaderSize;
        const std::vector<std::pair<const char*, std::function<void(Bytes&)>>> edits{
            {"negative record length", [&](Bytes& b) { b[at] = 0x01; }},
            {"record length short of its fields", [&](Bytes& b) { b[at] = 0x0e; }},
            {"record length beyond the batch", [&](Bytes& b) { b[at] = 0x12; }},
            {"record length beyond its fields",
             [&](Bytes& b) {
                 b[at] = 0x12;
                 b.push_back(0);
             }},
            {"key length -2", [&](Bytes& b) { b[at + 4] = 0x03; }},
            {"key length beyond the record", [&](Bytes& b) { b[at + 4] = 0x78; }},
            {"negative value length", [&](Bytes& b) { b[at + 6] = 0x05; }},
            {"negative header count", [&](Bytes& b) { b[at + 8] = 0x01; }},
            {"header count beyond the record", [&](Bytes& b) { b[at + 8] = 0x0a; }},
            {"endless varint", [&](Bytes& b) { std::fill(b.begin() + at, b.end(), 0xff); }},
        };
        for (const auto& [name, edit] : edits) {
            Bytes batch = single_record_batch();
            edit(batch);
            reseal(batch);
            QVERIFY2(code(record_problem(batch)) == code(BatchError::InvalidRecord), name);
        }
        QCOMPARE(code(record_problem(single_record_batch())), code(std::nullopt));
    }

    void recordCountMismatch() {
        for (std::uint32_t count : {0u, 2u, 0xffffffffu, 0x7fffffffu}) {
            Bytes batch = single_record_batch();
            store_be32(batch, batch_layout::kRecordsCountOffset, count);
            reseal(batch);
            QCOMPARE(code(record_problem(batch)), code(BatchError::RecordCountMismatch));
        }
    }

    void compressedBatchExposesPayload() {
        Bytes batch = single_record_batch();
        batch[batch_layout::kAttributesOffset + 1] |= static_cast<std::uint8_t>(Compression::Zstd);
        reseal(batch);
        std::optional<BatchProblem> problem;
        auto batches = read_all(batch, problem);
        QVERIFY(!problem);
        QVERIFY(batches[0].header.compression() == Compression::Zstd);
        QCOMPARE(batches[0].payload().size(), batch.size() - batch_layout::kHeaderSize);
        QVERIFY(batches[0].payload().data() == batch.data() + batch_layout::kHeaderSize);
        QCOMPARE(code(decode_records(batches[0]).error), code(BatchError::CompressedRecords));

        batch[batch_layout::kAttributesOffset + 1] |= 0x07;
        reseal(batch);
        QCOMPARE(code(validate_batches(batch)), code(BatchError::UnknownCompression));
    }

    void concatenatedBatchesIterateInOrder() {
        std::vector<RecordInput> first{record("a", "1", 1), record("b", "2", 2)};
        std::vector<RecordInput> second{record("c", "3", 3)};
        Bytes set = write_batch({.base_offset = 100}, first);
        const std::size_t second_at = set.size();
        append_batch(set, {.base_offset = 102}, second);
        std::optional<BatchProblem> problem;
        auto batches = read_all(set, problem);
        QVERIFY(!problem);
        QCOMPARE(batches.size(), std::size_t(2));
        QCOMPARE(batches[0].position, std::size_t(0));
        QCOMPARE(batches[1].position, second_at);
        QCOMPARE(batches[0].header.last_offset(), std::int64_t(101));
        QCOMPARE(batches[1].header.base_offset, std::int64_t(102));
        QCOMPARE(text_of(*decode_records(batches[1]).records[0].key), std::string("c"));
        // Patching through a batch's position in a set, as the broker assigns offsets.
        QVERIFY(set_base_offset(std::span(set).subspan(batches[1].position), 500));
        batches = read_all(set, problem);
        QVERIFY(!problem);
        QCOMPARE(batches[1].header.base_offset, std::int64_t(500));
        QCOMPARE(read_all({}, problem).size(), std::size_t(0));
        QVERIFY(!problem);
    }

    void garbageNeverCrashes() {
        std::mt19937 random(42);
        const Bytes valid = single_record_batch();
        for (int round = 0; round < 3000; ++round) {
            Bytes data;
            if (round % 2 == 0) {
                data.resize(random() % 160);
                for (auto& byte : data) byte = static_cast<std::uint8_t>(random());
                if (data.size() > 16) data[batch_layout::kMagicOffset] = kCurrentMagic;
            } else {
                data = valid;  // near-valid records reach deeper into the record reader
                for (int edits = 1 + random() % 3; edits > 0; --edits)
                    data[batch_layout::kHeaderSize + random() % (data.size() - batch_layout::kHeaderSize)] =
                        static_cast<std::uint8_t>(random());
                reseal(data);
            }
            BatchSetReader reader(data, {.verify_crc = false});
            while (auto batch = reader.next()) decode_records(*batch);
        }
    }

    void goldenCapturesPresent() {
        QStringList files = QDir(TIDELINE_TEST_DATA_DIR "/record_batches").entryList({"*.hex"});
        QVERIFY2(files.size() >= 16, qPrintable(files.join(", ")));
        for (const char* codec : {"none", "gzip", "snappy", "lz4", "zstd", "idempotent"})
            QVERIFY2(!files.filter(QString("-%1.hex").arg(codec)).isEmpty(), codec);
    }

    void goldenCaptures_data() {
        QTest::addColumn<QString>("file");
        const QDir dir(TIDELINE_TEST_DATA_DIR "/record_batches");
        for (const QString& name : dir.entryList({"*.hex"}))
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }

    void goldenCaptures() {
        QFETCH(QString, file);
        QFile input(file);
        QVERIFY(input.open(QIODevice::ReadOnly));
        const QString codec = QFileInfo(file).completeBaseName().section('-', -1);
        const bool idempotent = codec == "idempotent";
        const std::map<QString, Compression> codecs{
            {"none", Compression::None},     {"idempotent", Compression::None}, {"gzip", Compression::Gzip},
            {"snappy", Compression::Snappy}, {"lz4", Compression::Lz4},         {"zstd", Compression::Zstd}};
        QVERIFY(codecs.count(codec));
        const std::string value_prefix = idempotent ? "idem-value-" : codec.toStdString() + "-value-";

        int total_records = 0;
        std::map<std::string, std::string> values_by_key;
        for (const QByteArray& line : input.readAll().split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            const QByteArray raw = QByteArray::fromHex(line.trimmed());
            Bytes set(raw.begin(), raw.end());
            std::optional<BatchProblem> problem;
            auto batches = read_all(set, problem);
            QVERIFY2(!problem, problem ? problem->message.c_str() : "");
            QVERIFY(!batches.empty());
            for (const BatchView& batch : batches) {
                const BatchHeader& h = batch.header;
                QCOMPARE(h.magic, kCurrentMagic);
                QCOMPARE(compute_batch_crc(batch.bytes), h.crc);
                QVERIFY(h.compression() == codecs.at(codec));
                QCOMPARE(h.last_offset_delta, h.records_count - 1);
                if (idempotent) QVERIFY(h.producer_id >= 0 && h.base_sequence >= 0);
                total_records += h.records_count;
                if (h.compression() != Compression::None) continue;
                auto decoded = decode_records(batch);
                QVERIFY2(!decoded.error, decoded.error ? decoded.error->message.c_str() : "");
                for (const RecordView& r : decoded.records) {
                    QVERIFY(r.key && r.value);
                    values_by_key[text_of(*r.key)] = text_of(*r.value);
                }
            }
            // Offsets assigned in place must leave every batch valid.
            std::int64_t next_offset = 1000;
            for (const BatchView& batch : batches) {
                QVERIFY(set_base_offset(std::span(set).subspan(batch.position), next_offset));
                next_offset += batch.header.last_offset_delta + 1;
            }
            QCOMPARE(code(validate_batches(set)), code(std::nullopt));
        }
        QCOMPARE(total_records, 20);
        if (codecs.at(codec) != Compression::None) return;
        QCOMPARE(values_by_key.size(), std::size_t(20));
        for (int i = 0; i < 20; ++i) {
            const std::string key = "k" + std::to_string(i);
            QVERIFY2(values_by_key.count(key), key.c_str());
            QCOMPARE(values_by_key[key], value_prefix + std::to_string(i));
        }
    }
};

QTEST_GUILESS_MAIN(TestRecordBatch)
#include "test_record_batch.moc"
