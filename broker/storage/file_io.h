// POSIX file access for the log. Every failure comes back as a KafkaStorageError carrying the path and
// strerror text; nothing here throws.
#pragma once

#include "broker/storage/storage_error.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>

namespace tideline::broker::storage {

// Owns one file descriptor; closes it on destruction.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    int release();
    void reset();

private:
    int fd_ = -1;
};

StorageError io_error(const std::string& what, const std::filesystem::path& path, int error_number);

// flags as for open(2); O_CLOEXEC is always added.
Result<UniqueFd> open_file(const std::filesystem::path& path, int flags);

Result<std::uint64_t> file_size(int fd, const std::filesystem::path& path);

// Reads until `out` is full or the file ends; returns how many bytes were read.
Result<std::size_t> read_at(int fd, std::span<std::uint8_t> out, std::uint64_t position,
                            const std::filesystem::path& path);

// Writes all of `data` at `position`, retrying short writes.
Status write_at(int fd, std::span<const std::uint8_t> data, std::uint64_t position,
                const std::filesystem::path& path);

Status truncate_file(int fd, std::uint64_t size, const std::filesystem::path& path);
Status sync_file(int fd, const std::filesystem::path& path);

// A new or renamed directory entry is only durable once the directory itself is synced.
Status sync_directory(const std::filesystem::path& dir);

// Missing files count as removed.
Status remove_file(const std::filesystem::path& path);

// Milliseconds since the epoch of the file's last modification.
Result<std::int64_t> modification_time_ms(const std::filesystem::path& path);

}  // namespace tideline::broker::storage
