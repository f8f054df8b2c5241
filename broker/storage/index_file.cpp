#include "broker/storage/index_file.h"

#include "broker/storage/atomic_file.h"

#include <fcntl.h>

namespace tideline::broker::storage {

Result<IndexFile::Opened> IndexFile::open(std::filesystem::path path) {
    auto fd = open_file(path, O_RDWR | O_CREAT);
    if (!fd) return fd.error();
    auto size = file_size(fd->get(), path);
    if (!size) return size.error();
    std::vector<std::uint8_t> content(*size);
    auto read = read_at(fd->get(), content, 0, path);
    if (!read) return read.error();
    content.resize(*read);
    return Opened{IndexFile(std::move(path), std::move(fd.value()), content.size()), std::move(content)};
}

Status IndexFile::append(std::span<const std::uint8_t> entry) {
    if (auto error = write_at(fd_.get(), entry, size_, path_)) {
        // Drop a torn entry at once rather than leave it for the next append to build on.
        (void)truncate_file(fd_.get(), size_, path_);
        return error;
    }
    size_ += entry.size();
    return std::nullopt;
}

Status IndexFile::replace(std::span<const std::uint8_t> content) {
    if (auto error = write_file_atomically(path_, content)) return error;
    auto fd = open_file(path_, O_RDWR);
    if (!fd) return fd.error();
    fd_ = std::move(fd.value());
    size_ = content.size();
    return std::nullopt;
}

Status IndexFile::sync() { return sync_file(fd_.get(), path_); }

Status IndexFile::remove() {
    fd_.reset();
    size_ = 0;
    return remove_file(path_);
}

void store_be32(std::span<std::uint8_t> out, std::size_t at, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i) out[at + i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

void store_be64(std::span<std::uint8_t> out, std::size_t at, std::uint64_t value) {
    for (std::size_t i = 0; i < 8; ++i) out[at + i] = static_cast<std::uint8_t>(value >> (56 - 8 * i));
}

std::uint32_t load_be32(std::span<const std::uint8_t> in, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | in[at + i];
    return value;
}

std::uint64_t load_be64(std::span<const std::uint8_t> in, std::size_t at) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 8; ++i) value = (value << 8) | in[at + i];
    return value;
}

}  // namespace tideline::broker::storage
