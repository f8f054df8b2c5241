#include "broker/core/control_token.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "broker/core/random_ids.h"

namespace tideline::broker {
namespace {

constexpr std::size_t kTokenBytes = 16;  // 32 hex characters

bool is_token(const std::string& text) {
    if (text.size() != kTokenBytes * 2) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

std::string system_error(const std::string& what, const std::filesystem::path& path) {
    return what + " " + path.string() + ": " + std::strerror(errno);
}

// Created 0600 from the start (not chmod-ed afterwards) so the token is never readable by others,
// and renamed into place so that a crash cannot leave a half-written token behind.
std::string write_private_file(const std::filesystem::path& path, const std::string& content) {
    auto temporary = path;
    temporary += ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return system_error("cannot create", temporary);
    ::fchmod(fd, 0600);  // an old temporary file keeps its mode through O_TRUNC
    const bool written = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
    const bool synced = written && ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const auto error = system_error("cannot write", path);
        ::unlink(temporary.c_str());
        return error;
    }
    const int dir_fd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
    return {};
}

}  // namespace

ControlToken load_or_create_control_token(const std::filesystem::path& dir) {
    const auto path = dir / "control.token";
    if (std::ifstream in{path}) {
        std::stringstream text;
        text << in.rdbuf();
        auto token = text.str();
        while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
            token.pop_back();
        }
        if (is_token(token)) return {token, {}};
        // A damaged token file is replaced: the token only guards a local dev cluster.
    }
    const auto token = random_hex(kTokenBytes);
    if (auto error = write_private_file(path, token + "\n"); !error.empty()) return {{}, error};
    return {token, {}};
}

}  // namespace tideline::broker
