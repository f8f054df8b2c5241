#include "model/operations/kafka_wire_client.h"

#include <librdkafka/rdkafka.h>

#include <QTcpSocket>

namespace tideline::model {
namespace {

constexpr qint32 kMaxResponseBytes = 256 * 1024 * 1024;
constexpr char kClientId[] = "tideline";

// "the controller" at the start of a sentence.
QString sentenceStart(const QString& peer) {
    return peer.isEmpty() ? peer : peer.front().toUpper() + peer.mid(1);
}

int remainingMs(const QDeadlineTimer& deadline) {
    return deadline.isForever() ? -1 : int(std::max<qint64>(0, deadline.remainingTime()));
}

}  // namespace

WireSecurity WireSecurity::fromProperties(const ClientProperties& properties) {
    WireSecurity security;
    for (const auto& [key, value] : properties) {
        const QString text = QString::fromUtf8(value);
        if (key == "security.protocol") {
            security.protocol = text.toUpper();
        } else if (key == "sasl.mechanism" || key == "sasl.mechanisms") {
            security.mechanism = text.toUpper();
        } else if (key == "sasl.username") {
            security.user = text;
        } else if (key == "sasl.password") {
            security.password = text;
        }
    }
    return security;
}

QString unsupportedWireSecurity(const WireSecurity& security, const QString& purpose) {
    if (security.protocol == "PLAINTEXT") {
        return {};
    }
    return QString(
               "%1 needs librdkafka 2.5 on %2 connections; this build has %3 and speaks that request "
               "itself over PLAINTEXT profiles only")
        .arg(purpose, security.protocol, rd_kafka_version_str());
}

QString kafkaErrorText(qint16 code, const QString& message) {
    const QString name = rd_kafka_err2str(rd_kafka_resp_err_t(code));
    return message.isEmpty() ? name : QString("%1 (%2)").arg(message, name);
}

RequestWriter::RequestWriter() : stream_(&body_, QIODevice::WriteOnly) {}

RequestWriter& RequestWriter::i8(qint8 value) {
    stream_ << value;
    return *this;
}

RequestWriter& RequestWriter::i16(qint16 value) {
    stream_ << value;
    return *this;
}

RequestWriter& RequestWriter::i32(qint32 value) {
    stream_ << value;
    return *this;
}

RequestWriter& RequestWriter::string(const QString& value) {
    const QByteArray utf8 = value.toUtf8();
    stream_ << qint16(utf8.size());
    stream_.writeRawData(utf8.constData(), int(utf8.size()));
    return *this;
}

ResponseReader::ResponseReader(const QByteArray& body) : stream_(body) {}

qint8 ResponseReader::i8() {
    qint8 value = 0;
    stream_ >> value;
    return value;
}

qint16 ResponseReader::i16() {
    qint16 value = 0;
    stream_ >> value;
    return value;
}

qint32 ResponseReader::i32() {
    qint32 value = 0;
    stream_ >> value;
    return value;
}

qint64 ResponseReader::i64() {
    qint64 value = 0;
    stream_ >> value;
    return value;
}

QString ResponseReader::string() {
    const qint16 length = i16();
    if (length < 0) {
        return {};
    }
    QByteArray bytes(length, Qt::Uninitialized);
    if (stream_.readRawData(bytes.data(), length) != length) {
        stream_.setStatus(QDataStream::ReadPastEnd);
    }
    return QString::fromUtf8(bytes);
}

qint32 ResponseReader::count() {
    const qint32 n = i32();
    if (n > stream_.device()->bytesAvailable()) {
        stream_.setStatus(QDataStream::ReadCorruptData);
        return 0;
    }
    return n;
}

KafkaWireClient::KafkaWireClient(WireSecurity security, QString peer)
    : security_(std::move(security)), peer_(std::move(peer)) {}

KafkaWireClient::~KafkaWireClient() = default;

bool KafkaWireClient::open(const QString& host, quint16 port, QDeadlineTimer deadline, QString* error) {
    if (const QString refusal = unsupportedWireSecurity(security_, "This request"); !refusal.isEmpty()) {
        *error = refusal;
        return false;
    }
    socket_ = std::make_unique<QTcpSocket>();
    socket_->connectToHost(host, port);
    if (!socket_->waitForConnected(remainingMs(deadline))) {
        *error = QString("Cannot connect to %1 at %2:%3: %4")
                     .arg(peer_, host)
                     .arg(port)
                     .arg(socket_->errorString());
        return false;
    }
    // ApiVersions v0: every broker since 0.10 answers it, and its answer lists every API.
    const auto body = call(api_key::kApiVersions, 0, RequestWriter(), deadline, error);
    if (!body) {
        return false;
    }
    ResponseReader reader(*body);
    if (const qint16 code = reader.i16(); code != 0) {
        *error = QString("ApiVersions failed on %1: %2").arg(peer_, kafkaErrorText(code));
        return false;
    }
    for (qint32 i = 0, n = reader.count(); i < n && !reader.failed(); ++i) {
        const qint16 key = reader.i16();
        const qint16 min = reader.i16();
        const qint16 max = reader.i16();
        versions_.insert(key, {min, max});
    }
    if (reader.failed()) {
        *error = QString("%1 sent a malformed ApiVersions response").arg(sentenceStart(peer_));
        return false;
    }
    return true;
}

qint16 KafkaWireClient::negotiate(qint16 apiKey, qint16 ourMin, qint16 ourMax, const QString& apiName,
                                  QString* error) const {
    const auto found = versions_.constFind(apiKey);
    if (found == versions_.cend()) {
        *error = QString("%1 does not serve %2").arg(sentenceStart(peer_), apiName);
        return -1;
    }
    if (found->min > ourMax || found->max < ourMin) {
        *error = QString("%1 serves %2 v%3 to v%4 only; Tideline speaks v%5 to v%6")
                     .arg(sentenceStart(peer_), apiName)
                     .arg(found->min)
                     .arg(found->max)
                     .arg(ourMin)
                     .arg(ourMax);
        return -1;
    }
    return std::min(found->max, ourMax);
}

std::optional<QByteArray> KafkaWireClient::call(qint16 apiKey, qint16 version, const RequestWriter& body,
                                                QDeadlineTimer deadline, QString* error) {
    const qint32 correlationId = nextCorrelationId_++;
    QByteArray header;
    {
        QDataStream stream(&header, QIODevice::WriteOnly);
        stream << apiKey << version << correlationId << qint16(sizeof kClientId - 1);
        stream.writeRawData(kClientId, int(sizeof kClientId - 1));
    }
    QByteArray frame;
    QDataStream(&frame, QIODevice::WriteOnly) << qint32(header.size() + body.bytes().size());
    socket_->write(frame + header + body.bytes());
    while (socket_->bytesToWrite() > 0) {
        if (!socket_->waitForBytesWritten(remainingMs(deadline))) {
            return fail(error);
        }
    }
    QByteArray received;
    qint32 size = -1;
    while (size < 0 || received.size() < 4 + size) {
        if (socket_->bytesAvailable() == 0 && !socket_->waitForReadyRead(remainingMs(deadline))) {
            return fail(error);
        }
        received += socket_->readAll();
        if (size < 0 && received.size() >= 4) {
            QDataStream(received.left(4)) >> size;
            if (size < 4 || size > kMaxResponseBytes) {
                *error =
                    QString("%1 sent a malformed response (size %2)").arg(sentenceStart(peer_)).arg(size);
                return std::nullopt;
            }
            received.reserve(4 + size);
        }
    }
    qint32 answeredId = 0;
    QDataStream(received.mid(4, 4)) >> answeredId;
    if (answeredId != correlationId) {
        *error = QString("%1 answered request %2 instead of %3")
                     .arg(sentenceStart(peer_))
                     .arg(answeredId)
                     .arg(correlationId);
        return std::nullopt;
    }
    return received.mid(8, size - 4);
}

std::optional<QByteArray> KafkaWireClient::fail(QString* error) const {
    *error = socket_->error() == QAbstractSocket::SocketTimeoutError
                 ? QString("%1 did not answer in time").arg(sentenceStart(peer_))
                 : QString("The connection to %1 failed: %2").arg(peer_, socket_->errorString());
    return std::nullopt;
}

}  // namespace tideline::model
