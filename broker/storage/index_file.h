// The file underneath a segment's `.index` and `.timeindex`: fixed-size big-endian entries, appended
// one at a time, or replaced as a whole when an index is rebuilt.
//
// Kafka preallocates index files and memory-maps them; here a file holds exactly its entries and is
// appended with pwrite, and the entries are also kept in memory (8 or 12 bytes per 4 KiB of log), which
// is plenty for a development cluster and keeps a torn append detectable by the file size alone.
#pragma once

#include "broker/storage/file_io.h"
#include "broker/storage/storage_error.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace tideline::broker::storage {

class IndexFile {
public:
    // Opens the file, creating an empty one if it is missing, and returns it with its content.
    struct Opened;
    static Result<Opened> open(std::filesystem::path path);

    IndexFile() = default;

    const std::filesystem::path& path() const { return path_; }
    std::uint64_t size() const { return size_; }

    [[nodiscard]] Status append(std::span<const std::uint8_t> entry);
    // Swaps in a complete new content atomically, then keeps appending to the new file.
    [[nodiscard]] Status replace(std::span<const std::uint8_t> content);
    [[nodiscard]] Status sync();
    [[nodiscard]] Status remove();

private:
    IndexFile(std::filesystem::path path, UniqueFd fd, std::uint64_t size)
        : path_(std::move(path)), fd_(std::move(fd)), size_(size) {}

    std::filesystem::path path_;
    UniqueFd fd_;
    std::uint64_t size_ = 0;
};

struct IndexFile::Opened {
    IndexFile file;
    std::vector<std::uint8_t> content;
};

// Big-endian field access for index entries; `at` must leave room for the field.
void store_be32(std::span<std::uint8_t> out, std::size_t at, std::uint32_t value);
void store_be64(std::span<std::uint8_t> out, std::size_t at, std::uint64_t value);
std::uint32_t load_be32(std::span<const std::uint8_t> in, std::size_t at);
std::uint64_t load_be64(std::span<const std::uint8_t> in, std::size_t at);

}  // namespace tideline::broker::storage
