#include "support/raw_kafka_client.h"

#include <QDeadlineTimer>

namespace tideline::testing {

QByteArray encodeRequest(std::int16_t version, std::int32_t correlationId, const protocol::AnyRequest& body) {
    protocol::RequestHeader header;
    header.request_api_key = protocol::api_key_of(body);
    header.request_api_version = version;
    header.correlation_id = correlationId;
    header.client_id = "raw-test";
    const auto bytes = protocol::encode_request(header, body);
    return {reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size())};
}

protocol::ByteView byteView(const QByteArray& bytes) {
    return {reinterpret_cast<const std::uint8_t*>(bytes.constData()), static_cast<std::size_t>(bytes.size())};
}

RawKafkaClient::RawKafkaClient(int port) : socket_(std::make_unique<QTcpSocket>()) {
    socket_->connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(port));
    socket_->waitForConnected(5'000);
}

void RawKafkaClient::sendBytes(const QByteArray& bytes) {
    socket_->write(bytes);
    socket_->waitForBytesWritten(5'000);
}

void RawKafkaClient::send(std::int16_t version, std::int32_t correlationId,
                          const protocol::AnyRequest& body) {
    sendBytes(encodeRequest(version, correlationId, body));
}

QByteArray RawKafkaClient::readFrame(int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    auto need = [&](qsizetype n) {
        while (buffer_.size() < n && !deadline.hasExpired()) {
            if (socket_->bytesAvailable() == 0 && !socket_->waitForReadyRead(100)) {
                if (socket_->state() != QAbstractSocket::ConnectedState) break;
                continue;
            }
            buffer_ += socket_->readAll();
        }
        return buffer_.size() >= n;
    };
    if (!need(4)) return {};
    const auto size = protocol::read_frame_size(byteView(buffer_.left(4)));
    if (!size || !need(4 + *size)) return {};
    auto frame = buffer_.mid(4, *size);
    buffer_.remove(0, 4 + *size);
    return frame;
}

std::optional<protocol::DecodedResponse> RawKafkaClient::receive(std::int16_t apiKey, std::int16_t version,
                                                                 int timeoutMs) {
    const auto frame = readFrame(timeoutMs);
    if (frame.isEmpty()) return std::nullopt;
    auto decoded = protocol::decode_response(byteView(frame), apiKey, version);
    if (!decoded) return std::nullopt;
    return std::move(decoded.value());
}

bool RawKafkaClient::closedByPeer(int timeoutMs) {
    if (socket_->state() == QAbstractSocket::UnconnectedState) return true;
    QDeadlineTimer deadline(timeoutMs);
    // Reading drains anything still in flight, so that the close itself is seen.
    while (!deadline.hasExpired() && socket_->state() != QAbstractSocket::UnconnectedState) {
        socket_->waitForReadyRead(100);
        socket_->readAll();
    }
    return socket_->state() == QAbstractSocket::UnconnectedState;
}

std::optional<std::map<std::int32_t, std::int64_t>> committedOffsets(int bootstrapPort,
                                                                     const std::string& group,
                                                                     const std::string& topic) {
    RawKafkaClient bootstrap(bootstrapPort);
    protocol::FindCoordinatorRequest find;
    find.key = group;
    const auto found = bootstrap.call<protocol::FindCoordinatorResponse>(3, find);
    if (!found || found->error_code != 0) return std::nullopt;

    RawKafkaClient coordinator(found->port);
    protocol::OffsetFetchRequest fetch;
    fetch.group_id = group;
    fetch.topics = std::nullopt;  // every committed offset of the group
    const auto answer = coordinator.call<protocol::OffsetFetchResponse>(7, fetch);
    if (!answer || answer->error_code != 0) return std::nullopt;
    std::map<std::int32_t, std::int64_t> offsets;
    for (const auto& committedTopic : answer->topics) {
        if (committedTopic.name != topic) continue;
        for (const auto& partition : committedTopic.partitions) {
            if (partition.error_code != 0) return std::nullopt;
            offsets[partition.partition_index] = partition.committed_offset;
        }
    }
    return offsets;
}

}  // namespace tideline::testing
