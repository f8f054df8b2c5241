// Keeps two tideline-broker processes from sharing one data directory: both would append to the
// same segment files and overwrite each other's cluster.json.
#pragma once

#include <filesystem>
#include <string>

namespace tideline::broker {

class DataDirLock {
public:
    // Creates the directory if needed and takes an exclusive flock on DIR/.lock. The lock lives
    // as long as the process holds the descriptor, so a crashed broker never leaves a stale lock.
    // On failure ok() is false and error() says why, naming the other process when it can.
    explicit DataDirLock(const std::filesystem::path& dir);
    ~DataDirLock();
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

    bool ok() const { return fd_ >= 0; }
    const std::string& error() const { return error_; }

private:
    int fd_ = -1;
    std::string error_;
};

}  // namespace tideline::broker
