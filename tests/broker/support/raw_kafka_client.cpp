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

}  // namespace tideline::testing
