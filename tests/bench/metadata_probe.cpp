#include "metadata_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace tideline::bench {
namespace {

using Clock = std::chrono::steady_clock;

class Socket {
public:
    explicit Socket(int fd) : fd_(fd) {}
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const { return fd_; }

private:
    int fd_;
};

int connect_until(int port, Clock::time_point deadline) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    while (Clock::now() < deadline) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return -1;
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
            int on = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            return fd;
        }
        ::close(fd);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return -1;
}

bool read_exactly(int fd, std::uint8_t* out, std::size_t size, Clock::time_point deadline) {
    std::size_t done = 0;
    while (done < size) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd poller{fd, POLLIN, 0};
        if (::poll(&poller, 1, static_cast<int>(left.count())) <= 0) continue;
        const auto n = ::read(fd, out + done, size - done);
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// Big-endian reader over the answer; any read past the end marks it bad.
struct Reader {
    const std::vector<std::uint8_t>& bytes;
    std::size_t at = 0;
    bool bad = false;

    std::int64_t integer(int width) {
        if (at + static_cast<std::size_t>(width) > bytes.size()) {
            bad = true;
            return 0;
        }
        std::uint64_t value = 0;
        for (int i = 0; i < width; ++i) value = (value << 8) | bytes[at++];
        if (width == 2) return static_cast<std::int16_t>(value);
        if (width == 4) return static_cast<std::int32_t>(value);
        return static_cast<std::int64_t>(value);
    }
    void skip_string() {
        const auto length = integer(2);
        if (length > 0) at += static_cast<std::size_t>(length);
        if (at > bytes.size()) bad = true;
    }
    void skip_int32_array() {
        const auto count = integer(4);
        if (count > 0) at += 4 * static_cast<std::size_t>(count);
        if (at > bytes.size()) bad = true;
    }
};

void put(std::vector<std::uint8_t>& out, std::uint64_t value, int width) {
    for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

}  // namespace

std::optional<MetadataAnswer> probe_metadata(int port, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    Socket socket(connect_until(port, deadline));
    if (socket.fd() < 0) return std::nullopt;

    constexpr std::int32_t kCorrelationId = 4242;
    const std::string client_id = "tideline-bench";
    std::vector<std::uint8_t> request;
    put(request, 0, 4);  // size, patched below
    put(request, 3, 2);  // Metadata
    put(request, 1, 2);  // v1: a null topic array asks for every topic
    put(request, kCorrelationId, 4);
    put(request, client_id.size(), 2);
    request.insert(request.end(), client_id.begin(), client_id.end());
    put(request, 0xFFFFFFFFu, 4);
    const auto size = static_cast<std::uint32_t>(request.size() - 4);
    for (int i = 0; i < 4; ++i)
        request[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(size >> (24 - 8 * i));
    if (::write(socket.fd(), request.data(), request.size()) != static_cast<ssize_t>(request.size()))
        return std::nullopt;

    std::uint8_t prefix[4];
    if (!read_exactly(socket.fd(), prefix, 4, deadline)) return std::nullopt;
    const std::uint32_t length = (std::uint32_t(prefix[0]) << 24) | (std::uint32_t(prefix[1]) << 16) |
                                 (std::uint32_t(prefix[2]) << 8) | prefix[3];
    std::vector<std::uint8_t> body(length);
    if (!read_exactly(socket.fd(), body.data(), body.size(), deadline)) return std::nullopt;

    Reader reader{body};
    MetadataAnswer answer;
    answer.bytes = body.size() + 4;
    if (reader.integer(4) != kCorrelationId) return std::nullopt;
    answer.brokers = static_cast<int>(reader.integer(4));
    for (int i = 0; i < answer.brokers && !reader.bad; ++i) {
        reader.integer(4);     // node id
        reader.skip_string();  // host
        reader.integer(4);     // port
        reader.skip_string();  // rack
    }
    reader.integer(4);  // controller id
    answer.topics = static_cast<int>(reader.integer(4));
    for (int t = 0; t < answer.topics && !reader.bad; ++t) {
        reader.integer(2);     // error code
        reader.skip_string();  // name
        reader.integer(1);     // is internal
        const auto partitions = reader.integer(4);
        answer.partitions += partitions;
        for (std::int64_t p = 0; p < partitions && !reader.bad; ++p) {
            reader.integer(2);  // error code
            reader.integer(4);  // index
            reader.integer(4);  // leader
            reader.skip_int32_array();
            reader.skip_int32_array();
        }
    }
    if (reader.bad) return std::nullopt;
    return answer;
}

}  // namespace tideline::bench
