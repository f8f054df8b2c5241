// Replacing small files (checkpoints, rebuilt indexes) so that a crash at any moment leaves either the
// complete old content or the complete new content: write a temporary sibling, fsync it, rename it
// over the target, fsync the directory so that the rename itself survives.
#pragma once

#include "broker/storage/file_io.h"
#include "broker/storage/storage_error.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tideline::broker::storage {

// Suffix of the temporary files; a directory scan after a crash may delete any file ending in it.
inline constexpr std::string_view kTemporaryFileSuffix = ".tmp";

// Writes are collected in a temporary file next to the target; only commit() makes them visible.
// Destroying an uncommitted writer removes the temporary file and leaves the target untouched, which is
// what happens when a write fails halfway.
class AtomicFileWriter {
public:
    static Result<AtomicFileWriter> begin(std::filesystem::path target);

    AtomicFileWriter(AtomicFileWriter&&) noexcept = default;
    AtomicFileWriter& operator=(AtomicFileWriter&&) noexcept;
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
    ~AtomicFileWriter();

    [[nodiscard]] Status write(std::span<const std::uint8_t> data);
    [[nodiscard]] Status write(std::string_view text);
    [[nodiscard]] Status commit();

    const std::filesystem::path& temporary_path() const { return temporary_; }

private:
    AtomicFileWriter(std::filesystem::path target, std::filesystem::path temporary, UniqueFd fd)
        : target_(std::move(target)), temporary_(std::move(temporary)), fd_(std::move(fd)) {}
    void abandon();

    std::filesystem::path target_;
    std::filesystem::path temporary_;
    UniqueFd fd_;
    std::uint64_t written_ = 0;
};

[[nodiscard]] Status write_file_atomically(const std::filesystem::path& target,
                                           std::span<const std::uint8_t> data);
[[nodiscard]] Status write_file_atomically(const std::filesystem::path& target, std::string_view text);

// Checkpoints are a few lines; anything bigger than this is not one of ours.
inline constexpr std::uint64_t kLargestCheckpoint = 1 << 20;

// The whole content of a small file; nullopt when it does not exist, an error when it holds more
// than `max_size` bytes.
Result<std::optional<std::string>> read_small_file(const std::filesystem::path& path,
                                                   std::uint64_t max_size = kLargestCheckpoint);

}  // namespace tideline::broker::storage
