#include "broker/storage/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace tideline::broker::storage {

const char* to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::OffsetOutOfRange:
            return "OFFSET_OUT_OF_RANGE";
        case ErrorCode::CorruptMessage:
            return "CORRUPT_MESSAGE";
        case ErrorCode::MessageTooLarge:
            return "MESSAGE_TOO_LARGE";
        case ErrorCode::RecordListTooLarge:
            return "RECORD_LIST_TOO_LARGE";
        case ErrorCode::KafkaStorageError:
            return "KAFKA_STORAGE_ERROR";
        case ErrorCode::FencedLeaderEpoch:
            return "FENCED_LEADER_EPOCH";
        case ErrorCode::InvalidRecord:
            return "INVALID_RECORD";
    }
    return "UNKNOWN_ERROR";
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
        reset();
        fd_ = other.release();
    }
    return *this;
}

int UniqueFd::release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
}

void UniqueFd::reset() {
    // close() errors are not actionable here: data that matters was synced explicitly before.
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

StorageError io_error(const std::string& what, const std::filesystem::path& path, int error_number) {
    return {ErrorCode::KafkaStorageError, what + " " + path.string() + ": " + std::strerror(error_number)};
}

Result<UniqueFd> open_file(const std::filesystem::path& path, int flags) {
    int fd;
    do {
        fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return io_error("cannot open", path, errno);
    return UniqueFd(fd);
}

Result<std::uint64_t> file_size(int fd, const std::filesystem::path& path) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return io_error("cannot stat", path, errno);
    return static_cast<std::uint64_t>(info.st_size);
}

Result<std::size_t> read_at(int fd, std::span<std::uint8_t> out, std::uint64_t position,
                            const std::filesystem::path& path) {
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(position + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return io_error("cannot read", path, errno);
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    return done;
}

Status write_at(int fd, std::span<const std::uint8_t> data, std::uint64_t position,
                const std::filesystem::path& path) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(position + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return io_error("cannot write", path, errno);
        done += static_cast<std::size_t>(n);
    }
    return std::nullopt;
}

Status truncate_file(int fd, std::uint64_t size, const std::filesystem::path& path) {
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) return io_error("cannot truncate", path, errno);
    return std::nullopt;
}

Status sync_file(int fd, const std::filesystem::path& path) {
    if (::fsync(fd) != 0) return io_error("cannot sync", path, errno);
    return std::nullopt;
}

Status sync_directory(const std::filesystem::path& dir) {
    auto fd = open_file(dir, O_RDONLY | O_DIRECTORY);
    if (!fd) return fd.error();
    return sync_file(fd->get(), dir);
}

Status remove_file(const std::filesystem::path& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return io_error("cannot remove", path, errno);
    return std::nullopt;
}

Result<std::int64_t> modification_time_ms(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return io_error("cannot stat", path, errno);
    return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000 + info.st_mtim.tv_nsec / 1'000'000;
}

}  // namespace tideline::broker::storage
