#include "broker/storage/atomic_file.h"

#include <fcntl.h>
#include <cerrno>
#include <cstdio>
#include <utility>

namespace tideline::broker::storage {

Result<AtomicFileWriter> AtomicFileWriter::begin(std::filesystem::path target) {
    std::filesystem::path temporary = target;
    temporary += kTemporaryFileSuffix;
    // O_TRUNC: a temporary file left by a crash is garbage by definition.
    auto fd = open_file(temporary, O_WRONLY | O_CREAT | O_TRUNC);
    if (!fd) return fd.error();
    return AtomicFileWriter(std::move(target), std::move(temporary), std::move(fd.value()));
}

AtomicFileWriter& AtomicFileWriter::operator=(AtomicFileWriter&& other) noexcept {
    if (this != &other) {
        abandon();
        target_ = std::move(other.target_);
        temporary_ = std::move(other.temporary_);
        fd_ = std::move(other.fd_);
        written_ = other.written_;
    }
    return *this;
}

AtomicFileWriter::~AtomicFileWriter() { abandon(); }

void AtomicFileWriter::abandon() {
    if (!fd_.valid()) return;
    fd_.reset();
    // Best effort: a leftover is harmless, the next directory scan removes it.
    (void)remove_file(temporary_);
}

Status AtomicFileWriter::write(std::span<const std::uint8_t> data) {
    if (!fd_.valid()) return StorageError{ErrorCode::KafkaStorageError, "write after commit or failure"};
    if (auto error = write_at(fd_.get(), data, written_, temporary_)) {
        abandon();
        return error;
    }
    written_ += data.size();
    return std::nullopt;
}

Status AtomicFileWriter::write(std::string_view text) {
    return write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

Status AtomicFileWriter::commit() {
    if (!fd_.valid()) return StorageError{ErrorCode::KafkaStorageError, "commit after commit or failure"};
    if (auto error = sync_file(fd_.get(), temporary_)) {
        abandon();
        return error;
    }
    fd_.reset();
    if (std::rename(temporary_.c_str(), target_.c_str()) != 0) {
        auto error = io_error("cannot rename " + temporary_.string() + " to", target_, errno);
        (void)remove_file(temporary_);
        return error;
    }
    return sync_directory(target_.has_parent_path() ? target_.parent_path() : ".");
}

Status write_file_atomically(const std::filesystem::path& target, std::span<const std::uint8_t> data) {
    auto writer = AtomicFileWriter::begin(target);
    if (!writer) return writer.error();
    if (auto error = writer->write(data)) return error;
    return writer->commit();
}

Status write_file_atomically(const std::filesystem::path& target, std::string_view text) {
    return write_file_atomically(target, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

Result<std::optional<std::string>> read_small_file(const std::filesystem::path& path,
                                                   std::uint64_t max_size) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        if (errno == ENOENT) return std::optional<std::string>();
        return io_error("cannot open", path, errno);
    }
    auto size = file_size(fd.get(), path);
    if (!size) return size.error();
    if (*size > max_size)
        return StorageError{ErrorCode::KafkaStorageError, path.string() + " holds " + std::to_string(*size) +
                                                              " bytes, more than the " +
                                                              std::to_string(max_size) + " expected"};
    std::string content(*size, '\0');
    auto read = read_at(fd.get(), {reinterpret_cast<std::uint8_t*>(content.data()), content.size()}, 0, path);
    if (!read) return read.error();
    content.resize(*read);
    return std::optional<std::string>(std::move(content));
}

}  // namespace tideline::broker::storage
