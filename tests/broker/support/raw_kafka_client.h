// A blocking Kafka client on a plain socket, for tests that need exact control over frames:
// versions, pipelining, broken bytes. Requests are encoded and answers decoded with our codec.
#pragma once

#include <QByteArray>
#include <QTcpSocket>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "frame.h"

namespace tideline::testing {

class RawKafkaClient {
public:
    // Connects to 127.0.0.1:port; connected() says whether that worked.
    explicit RawKafkaClient(int port);

    bool connected() const { return socket_->state() == QAbstractSocket::ConnectedState; }
    void sendBytes(const QByteArray& bytes);
    void send(std::int16_t version, std::int32_t correlationId, const protocol::AnyRequest& body);
    // The next whole answer frame without its size prefix; empty if none came within the timeout.
    QByteArray readFrame(int timeoutMs = 10'000);
    // The next answer decoded as `apiKey` at `version`; nullopt if none came or it did not decode.
    std::optional<protocol::DecodedResponse> receive(std::int16_t apiKey, std::int16_t version,
                                                     int timeoutMs = 10'000);
    // Sends and receives; T is the expected answer type.
    template <typename Response>
    std::optional<Response> call(std::int16_t version, const protocol::AnyRequest& body) {
        send(version, ++correlationId_, body);
        auto answer = receive(protocol::api_key_of(body), version);
        if (!answer || answer->header.correlation_id != correlationId_) return std::nullopt;
        return std::get<Response>(answer->body);
    }
    // True once the broker has closed the connection (waits up to the timeout for it).
    bool closedByPeer(int timeoutMs = 10'000);

private:
    std::unique_ptr<QTcpSocket> socket_;
    QByteArray buffer_;
    std::int32_t correlationId_ = 1000;
};

// The offsets `group` has committed for the partitions of `topic`, by partition, asked of the
// group's coordinator (found through the broker on `bootstrapPort`, OffsetFetch v7). nullopt when
// a request got no answer or an error.
std::optional<std::map<std::int32_t, std::int64_t>> committedOffsets(int bootstrapPort,
                                                                     const std::string& group,
                                                                     const std::string& topic);

QByteArray encodeRequest(std::int16_t version, std::int32_t correlationId, const protocol::AnyRequest& body);
protocol::ByteView byteView(const QByteArray& bytes);

}  // namespace tideline::testing
