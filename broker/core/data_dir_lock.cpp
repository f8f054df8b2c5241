#include "broker/core/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

namespace tideline::broker {
namespace {

std::string read_holder_pid(int fd) {
    char buffer[32] = {};
    const auto n = ::pread(fd, buffer, sizeof(buffer) - 1, 0);
    if (n <= 0) return {};
    std::string pid(buffer, static_cast<std::size_t>(n));
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return pid;
}

}  // namespace

DataDirLock::DataDirLock(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        error_ = "cannot create data dir " + dir.string() + ": " + ec.message();
        return;
    }
    const auto path = dir / ".lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        error_ = "cannot open " + path.string() + ": " + std::strerror(errno);
        return;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int lock_errno = errno;
        if (lock_errno == EWOULDBLOCK) {
            const auto holder = read_holder_pid(fd);
            error_ = "data dir " + dir.string() + " is already in use by another tideline-broker" +
                     (holder.empty() ? std::string() : " (pid " + holder + ")");
        } else {
            error_ = "cannot lock " + path.string() + ": " + std::strerror(lock_errno);
        }
        ::close(fd);
        return;
    }
    // The pid is only for the message above; the flock is what excludes.
    const auto pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) == 0) {
        [[maybe_unused]] auto written = ::pwrite(fd, pid.data(), pid.size(), 0);
    }
    fd_ = fd;
}

DataDirLock::~DataDirLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace tideline::broker
