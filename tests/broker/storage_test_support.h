// Shared helpers of the partition log tests: batches made by write_batch, whole-log reads, file pokes.
#pragma once

#include "broker/storage/partition_log.h"
#include "record_batch.h"

#include <QTest>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

// Both evaluate their argument once: QVERIFY2 would evaluate a message expression even on success.
#define VERIFY_OK(expression)                                                        \
    do {                                                                             \
        const auto& result_ = (expression);                                          \
        QVERIFY2(result_.ok(), result_.ok() ? "" : result_.error().message.c_str()); \
    } while (false)
#define VERIFY_NO_ERROR(expression)                                  \
    do {                                                             \
        const auto status_ = (expression);                           \
        QVERIFY2(!status_, status_ ? status_->message.c_str() : ""); \
    } while (false)

namespace storage_test {

using tideline::protocol::BatchHeader;
using tideline::protocol::Bytes;
using tideline::protocol::ByteView;

// `records` records, keyed k0.., with `value_size`-byte values and timestamps first_timestamp + i.
inline Bytes make_batch(int records, std::int64_t first_timestamp, std::size_t value_size = 16) {
    std::vector<tideline::protocol::RecordInput> inputs(static_cast<std::size_t>(records));
    for (int i = 0; i < records; ++i) {
        const std::string key = "k" + std::to_string(i);
        inputs[i].key = Bytes(key.begin(), key.end());
        inputs[i].value = Bytes(value_size, static_cast<std::uint8_t>('a' + i % 26));
        inputs[i].timestamp = first_timestamp + i;
    }
    return tideline::protocol::write_batch({}, inputs);
}

inline std::vector<BatchHeader> headers_of(ByteView bytes) {
    std::vector<BatchHeader> headers;
    tideline::protocol::BatchSetReader reader(bytes);
    while (auto batch = reader.next()) headers.push_back(batch->header);
    return headers;
}

// A log config whose clock the test moves.
inline tideline::broker::storage::LogConfig config_with_clock(const std::int64_t& now) {
    tideline::broker::storage::LogConfig config;
    config.clock = [&now] { return now; };
    return config;
}

// Every batch of the log, read from its start with reads of `max_bytes`; empty on any read error.
inline std::vector<BatchHeader> read_everything(const tideline::broker::storage::PartitionLog& log,
                                                std::size_t max_bytes = 1 << 20) {
    std::vector<BatchHeader> all;
    std::int64_t offset = log.log_start_offset();
    while (offset < log.log_end_offset()) {
        auto slice = log.read(offset, max_bytes);
        if (!slice.ok() || slice->records.empty()) return {};
        for (const auto& header : headers_of(slice->records)) all.push_back(header);
        offset = all.back().last_offset() + 1;
    }
    return all;
}

inline Bytes file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

inline void write_bytes(const std::filesystem::path& path, ByteView bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline std::filesystem::path active_log(const tideline::broker::storage::PartitionLog& log) {
    return log.segments().back().log_path();
}

}  // namespace storage_test
