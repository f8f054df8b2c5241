#include "wire_peer.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "record_batch.h"

namespace tideline::testing {

using namespace protocol;

namespace {

constexpr std::int16_t kUnsupportedVersion = 35;  // Kafka's UNSUPPORTED_VERSION error code

std::string system_error(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

bool set_nonblocking(int fd) {
    const int flags = ::fcntl(fd, F_GETFL, 0);
    return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

std::string describe(const DecodeError& error) {
    return "api key " + std::to_string(error.api_key) + " v" + std::to_string(error.api_version) +
           " correlation " + std::to_string(error.correlation_id) + ": " + error.message;
}

ApiVersionsResponse api_versions_response(std::int16_t error_code) {
    ApiVersionsResponse response;
    response.error_code = error_code;
    for (const auto& api : supported_apis()) {
        ApiVersionsResponse::ApiVersion entry;
        entry.api_key = api.key;
        entry.min_version = api.advertised_min_version;
        entry.max_version = api.max_version;
        response.api_keys.push_back(entry);
    }
    return response;
}

// The client id of a request whose body we will not decode; header v1 and v2 both start with
// key, version, correlation id and a classic nullable client id string.
std::optional<std::string> peek_client_id(ByteView frame) {
    try {
        Reader r(frame);
        r.take(8);
        const auto length = r.read_string_length(false);
        if (length < 0) return std::nullopt;
        return r.read_string_body(length);
    } catch (const DecodeFailure&) {
        return std::nullopt;
    }
}

bool served(std::int16_t api_key) {
    switch (static_cast<ApiKey>(api_key)) {
        case ApiKey::ApiVersions:
        case ApiKey::Metadata:
        case ApiKey::Produce:
        case ApiKey::InitProducerId:
            return true;
        default:
            return false;
    }
}

// Offsets a Produce request's records occupy, so that base offsets advance like a real log's.
std::int64_t offset_span(const std::optional<Bytes>& records) {
    if (!records) return 0;
    std::int64_t span = 0;
    BatchSetReader reader(*records);
    while (auto batch = reader.next()) span += std::int64_t{batch->header.last_offset_delta} + 1;
    return span;
}

}  // namespace

struct WirePeer::Connection {
    int fd = -1;
    int id = 0;
    Bytes in;
    Bytes out;
    std::size_t out_sent = 0;
    // Set for requests we do not answer and on end of stream: what is queued still goes out.
    bool closing = false;
    bool dead = false;

    bool has_output() const { return out_sent < out.size(); }
};

WirePeer::WirePeer(WirePeerOptions options) : options_(std::move(options)) {
    if (::pipe(wake_fds_) != 0) {
        start_error_ = system_error("pipe");
        return;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        start_error_ = system_error("socket");
        return;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // the OS picks a free port, so parallel test runs cannot collide
    socklen_t length = sizeof(address);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || ::listen(fd, 16) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 || !set_nonblocking(fd)) {
        start_error_ = system_error("listen on 127.0.0.1");
        ::close(fd);
        return;
    }
    port_ = ntohs(address.sin_port);
    listen_fd_ = fd;
    thread_ = std::thread([this] { run(); });
}

WirePeer::~WirePeer() {
    stop_ = true;
    if (wake_fds_[1] >= 0) {
        const char byte = 0;
        [[maybe_unused]] auto written = ::write(wake_fds_[1], &byte, 1);
    }
    if (thread_.joinable()) thread_.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    for (int fd : wake_fds_)
        if (fd >= 0) ::close(fd);
}

std::vector<CapturedRequest> WirePeer::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::vector<CapturedRequest> WirePeer::requests(std::int16_t api_key) const {
    std::lock_guard lock(mutex_);
    std::vector<CapturedRequest> matching;
    for (const auto& request : requests_)
        if (request.api_key == api_key) matching.push_back(request);
    return matching;
}

std::vector<std::string> WirePeer::errors() const {
    std::lock_guard lock(mutex_);
    return errors_;
}

int WirePeer::connections_accepted() const {
    std::lock_guard lock(mutex_);
    return connections_accepted_;
}

bool WirePeer::wait_for_requests(std::int16_t api_key, std::size_t count,
                                 std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
        std::size_t seen = 0;
        for (const auto& request : requests_) seen += request.api_key == api_key ? 1 : 0;
        return seen >= count;
    });
}

std::string WirePeer::summary() const {
    std::lock_guard lock(mutex_);
    std::string text;
    for (const auto& request : requests_) {
        const auto* schema = find_api_schema(request.api_key);
        text += (schema ? std::string(schema->name) : "api key " + std::to_string(request.api_key)) + " v" +
                std::to_string(request.api_version) + " on connection " + std::to_string(request.connection) +
                (request.decoded ? "\n" : " (not decoded)\n");
    }
    return text.empty() ? "no requests\n" : text;
}

void WirePeer::record_error(std::string message) {
    {
        std::lock_guard lock(mutex_);
        errors_.push_back(std::move(message));
    }
    changed_.notify_all();
}

// One thread serves the listener and every connection with poll(), so that the destructor has
// a single thread to wake and join, and responses on a connection naturally stay in order.
void WirePeer::run() {
    std::vector<Connection> connections;
    while (!stop_) {
        std::vector<pollfd> fds;
        fds.push_back({wake_fds_[0], POLLIN, 0});
        fds.push_back({listen_fd_, POLLIN, 0});
        for (const auto& c : connections) {
            const int events = (c.closing ? 0 : POLLIN) | (c.has_output() ? POLLOUT : 0);
            fds.push_back({c.fd, static_cast<short>(events), 0});
        }
        // The timeout is only a safety net: stop_ is also signalled through the pipe.
        if (::poll(fds.data(), fds.size(), 200) < 0) {
            if (errno == EINTR) continue;
            record_error(system_error("poll"));
            break;
        }
        for (std::size_t i = 0; i < connections.size(); ++i) {
            auto& c = connections[i];
            const auto events = fds[i + 2].revents;
            if (events & (POLLIN | POLLHUP | POLLERR)) read_available(c);
            while (!c.dead && c.has_output()) {
                const auto sent =
                    ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
                if (sent > 0) {
                    c.out_sent += static_cast<std::size_t>(sent);
                } else if (sent < 0 && errno == EINTR) {
                    continue;
                } else {
                    // EAGAIN: the client is slow, poll() reports when to go on. Else it is gone.
                    if (!(sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))) c.dead = true;
                    break;
                }
            }
            if (!c.has_output()) {
                c.out.clear();
                c.out_sent = 0;
                if (c.closing) c.dead = true;
            }
        }
        for (auto& c : connections)
            if (c.dead) ::close(c.fd);
        std::erase_if(connections, [](const Connection& c) { return c.dead; });
        if (fds[1].revents & POLLIN) accept_all(connections);
    }
    for (auto& c : connections) ::close(c.fd);
}

void WirePeer::accept_all(std::vector<Connection>& connections) {
    while (true) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) record_error(system_error("accept"));
            return;
        }
        Connection connection;
        connection.fd = fd;
        connection.id = next_connection_id_++;
        connections.push_back(std::move(connection));
        std::lock_guard lock(mutex_);
        ++connections_accepted_;
    }
}

void WirePeer::read_available(Connection& c) {
    std::uint8_t chunk[65536];
    while (!c.closing) {
        const auto received = ::recv(c.fd, chunk, sizeof(chunk), 0);
        if (received > 0) {
            c.in.insert(c.in.end(), chunk, chunk + received);
            continue;
        }
        if (received < 0 && errno == EINTR) continue;
        if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        // End of stream or a reset: answer what arrived whole, then let the connection go.
        handle_frames(c);
        c.closing = true;
        return;
    }
    handle_frames(c);
}

void WirePeer::handle_frames(Connection& c) {
    std::size_t consumed = 0;
    while (!c.closing && c.in.size() - consumed >= 4) {
        const ByteView rest(c.in.data() + consumed, c.in.size() - consumed);
        const auto size = read_frame_size(rest);
        if (!size) {
            record_error("connection " + std::to_string(c.id) + ": invalid frame size prefix");
            c.closing = true;
            break;
        }
        if (rest.size() - 4 < static_cast<std::size_t>(*size)) break;
        Bytes frame(rest.begin() + 4, rest.begin() + 4 + *size);
        consumed += 4 + static_cast<std::size_t>(*size);
        handle_frame(c, std::move(frame));
    }
    c.in.erase(c.in.begin(), c.in.begin() + static_cast<std::ptrdiff_t>(consumed));
}

void WirePeer::handle_frame(Connection& c, Bytes frame) {
    auto decoded = decode_request(frame);
    CapturedRequest captured;
    captured.connection = c.id;
    std::optional<Bytes> response;
    if (decoded) {
        const auto& header = decoded.value().header;
        captured.api_key = header.request_api_key;
        captured.api_version = header.request_api_version;
        captured.correlation_id = header.correlation_id;
        captured.client_id = header.client_id;
        captured.trailing_bytes = decoded.value().trailing_bytes;
        try {
            if (auto body = answer(decoded.value()))
                response = encode_response(header.correlation_id, header.request_api_key,
                                           header.request_api_version, *body);
            else if (!served(header.request_api_key))
                c.closing = true;  // as Kafka does with a request it will not serve
        } catch (const EncodeFailure& failure) {
            record_error("encoding the answer to api key " + std::to_string(header.request_api_key) + ": " +
                         failure.what());
            c.closing = true;
        }
        captured.decoded = std::move(decoded.value());
    } else {
        const auto& error = decoded.error();
        const bool negotiation = error.kind == DecodeErrorKind::UnsupportedVersion &&
                                 error.api_key == static_cast<std::int16_t>(ApiKey::ApiVersions);
        if (!negotiation) {
            record_error("connection " + std::to_string(c.id) + ": " + describe(error));
            c.closing = true;
            return;
        }
        // Kafka answers an ApiVersions version it does not know at v0 with UNSUPPORTED_VERSION and
        // its version list, from which the client picks a version to retry with.
        captured.api_key = error.api_key;
        captured.api_version = error.api_version;
        captured.correlation_id = error.correlation_id;
        captured.client_id = peek_client_id(frame);
        response = encode_response(error.correlation_id, error.api_key, 0,
                                   api_versions_response(kUnsupportedVersion));
    }
    captured.frame = std::move(frame);
    if (response) c.out.insert(c.out.end(), response->begin(), response->end());
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(captured));
    }
    changed_.notify_all();
}

// The body to send back, or nullopt for no answer (acks=0 Produce, or an API we do not serve).
std::optional<AnyResponse> WirePeer::answer(const DecodedRequest& request) {
    if (std::holds_alternative<ApiVersionsRequest>(request.body)) return api_versions_response(0);
    if (const auto* metadata = std::get_if<MetadataRequest>(&request.body)) {
        MetadataResponse response;
        MetadataResponse::MetadataResponseBroker self;
        self.node_id = 1;
        self.host = "127.0.0.1";
        self.port = port_;
        response.brokers.push_back(self);
        response.cluster_id = options_.cluster_id;
        response.controller_id = 1;
        // v0 has no null array: there an empty list means all topics, as null does from v1 on.
        std::vector<std::string> names;
        if (!metadata->topics || (request.header.request_api_version == 0 && metadata->topics->empty()))
            names = options_.topics;
        else
            for (const auto& topic : *metadata->topics)
                if (topic.name) names.push_back(*topic.name);
        for (const auto& name : names) {
            MetadataResponse::MetadataResponseTopic topic;
            topic.name = name;
            for (int p = 0; p < options_.partitions; ++p) {
                MetadataResponse::MetadataResponsePartition partition;
                partition.partition_index = p;
                partition.leader_id = 1;
                partition.leader_epoch = 0;
                partition.replica_nodes = {1};
                partition.isr_nodes = {1};
                topic.partitions.push_back(partition);
            }
            response.topics.push_back(topic);
        }
        return response;
    }
    if (const auto* produce = std::get_if<ProduceRequest>(&request.body)) {
        ProduceResponse response;
        for (const auto& topic : produce->topic_data) {
            ProduceResponse::TopicProduceResponse topic_response;
            topic_response.name = topic.name;
            for (const auto& partition : topic.partition_data) {
                auto& next = next_offsets_[{topic.name, partition.index}];
                ProduceResponse::PartitionProduceResponse partition_response;
                partition_response.index = partition.index;
                partition_response.base_offset = next;
                partition_response.log_start_offset = 0;
                next += offset_span(partition.records);
                topic_response.partition_responses.push_back(partition_response);
            }
            response.responses.push_back(topic_response);
        }
        if (produce->acks == 0) return std::nullopt;  // Kafka sends nothing back for acks=0
        return response;
    }
    if (std::holds_alternative<InitProducerIdRequest>(request.body)) {
        InitProducerIdResponse response;
        response.producer_id = options_.producer_id;
        response.producer_epoch = 0;
        return response;
    }
    return std::nullopt;
}

}  // namespace tideline::testing
