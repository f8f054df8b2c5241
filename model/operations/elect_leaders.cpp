#include "model/operations/elect_leaders.h"

#include <QDataStream>
#include <QDeadlineTimer>
#include <QMap>
#include <QTcpSocket>

namespace tideline::model {
namespace {

constexpr qint16 kApiVersionsKey = 18;
constexpr qint16 kElectLeadersKey = 43;
constexpr qint8 kPreferredElection = 0;
constexpr qint16 kElectionNotNeeded = 84;
constexpr qint32 kMaxResponseBytes = 64 * 1024 * 1024;

// Kafka's error codes are librdkafka's broker error codes, so its texts name them.
QString kafkaErrorText(qint16 code, const QString& message) {
    const QString name = rd_kafka_err2str(rd_kafka_resp_err_t(code));
    return message.isEmpty() ? name : QString("%1 (%2)").arg(message, name);
}

// Big-endian writer for the classic (non-flexible) encoding both requests use.
class RequestWriter {
public:
    RequestWriter(qint16 apiKey, qint16 apiVersion, qint32 correlationId)
        : stream_(&body_, QIODevice::WriteOnly) {
        stream_ << apiKey << apiVersion << correlationId;
        string("tideline");  // client id
    }
    RequestWriter& i8(qint8 value) {
        stream_ << value;
        return *this;
    }
    RequestWriter& i32(qint32 value) {
        stream_ << value;
        return *this;
    }
    RequestWriter& string(const QString& value) {
        const QByteArray utf8 = value.toUtf8();
        stream_ << qint16(utf8.size());
        stream_.writeRawData(utf8.constData(), int(utf8.size()));
        return *this;
    }
    QByteArray frame() const {
        QByteArray framed;
        QDataStream(&framed, QIODevice::WriteOnly) << qint32(body_.size());
        return framed + body_;
    }

private:
    QByteArray body_;
    QDataStream stream_;
};

// Reads a response body; any read past the end sets failed() rather than crashing.
class ResponseReader {
public:
    explicit ResponseReader(const QByteArray& body) : stream_(body) {}
    qint16 i16() {
        qint16 value = 0;
        stream_ >> value;
        return value;
    }
    qint32 i32() {
        qint32 value = 0;
        stream_ >> value;
        return value;
    }
    QString string() {
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
    // An array length that cannot be right for the bytes left is malformed, not a huge allocation.
    qint32 count() {
        const qint32 n = i32();
        if (n > stream_.device()->bytesAvailable()) {
            stream_.setStatus(QDataStream::ReadCorruptData);
            return 0;
        }
        return n;
    }
    bool failed() const { return stream_.status() != QDataStream::Ok; }

private:
    QDataStream stream_;
};

class ControllerConnection {
public:
    bool open(const QString& host, quint16 port, QDeadlineTimer deadline, QString* error) {
        socket_.connectToHost(host, port);
        if (!socket_.waitForConnected(int(deadline.remainingTime()))) {
            *error = QString("Cannot connect to the controller at %1:%2: %3")
                         .arg(host)
                         .arg(port)
                         .arg(socket_.errorString());
            return false;
        }
        return true;
    }

    // Sends one request and returns the response body after the correlation id; empty on failure.
    std::optional<QByteArray> exchange(const RequestWriter& request, qint32 correlationId,
                                       QDeadlineTimer deadline, QString* error) {
        socket_.write(request.frame());
        while (socket_.bytesToWrite() > 0) {
            if (!socket_.waitForBytesWritten(int(deadline.remainingTime()))) {
                return fail(error);
            }
        }
        QByteArray received;
        qint32 size = -1;
        while (size < 0 || received.size() < 4 + size) {
            if (socket_.bytesAvailable() == 0 && !socket_.waitForReadyRead(int(deadline.remainingTime()))) {
                return fail(error);
            }
            received += socket_.readAll();
            if (size < 0 && received.size() >= 4) {
                QDataStream(received.left(4)) >> size;
                if (size < 4 || size > kMaxResponseBytes) {
                    *error = QString("The controller sent a malformed response (size %1)").arg(size);
                    return std::nullopt;
                }
            }
        }
        qint32 answeredId = 0;
        QDataStream(received.mid(4, 4)) >> answeredId;
        if (answeredId != correlationId) {
            *error = QString("The controller answered request %1 instead of %2")
                         .arg(answeredId)
                         .arg(correlationId);
            return std::nullopt;
        }
        return received.mid(8, size - 4);
    }

private:
    std::optional<QByteArray> fail(QString* error) {
        *error = socket_.error() == QAbstractSocket::SocketTimeoutError
                     ? QString("The controller did not answer in time")
                     : QString("The connection to the controller failed: %1").arg(socket_.errorString());
        return std::nullopt;
    }

    QTcpSocket socket_;
};

// The highest ElectLeaders version both sides speak (we write v0 and v1), or -1 with *error set.
qint16 electLeadersVersion(ControllerConnection& connection, QDeadlineTimer deadline, QString* error) {
    const auto body = connection.exchange(RequestWriter(kApiVersionsKey, 0, 1), 1, deadline, error);
    if (!body) {
        return -1;
    }
    ResponseReader reader(*body);
    const qint16 code = reader.i16();
    if (code != 0) {
        *error = "ApiVersions failed: " + kafkaErrorText(code, {});
        return -1;
    }
    for (qint32 i = 0, n = reader.count(); i < n && !reader.failed(); ++i) {
        const qint16 key = reader.i16();
        const qint16 min = reader.i16();
        const qint16 max = reader.i16();
        if (key == kElectLeadersKey && !reader.failed()) {
            if (min > 1) {
                *error = QString("The controller only takes ElectLeaders v%1 and later").arg(min);
                return -1;
            }
            return std::min<qint16>(max, 1);
        }
    }
    *error = reader.failed()
                 ? QString("The controller sent a malformed ApiVersions response")
                 : QString("This cluster does not support leader elections (ElectLeaders, Kafka 2.2+)");
    return -1;
}

}  // namespace

OperationResult electPreferredLeaders(rd_kafka_t* client, const ClientProperties& properties,
                                      const QList<TopicPartition>& partitions,
                                      std::chrono::milliseconds timeout) {
    OperationResult result;
    for (const auto& [key, value] : properties) {
        if (key == "security.protocol" && value.toUpper() != "PLAINTEXT") {
            result.error = QString(
                               "Preferred leader election needs librdkafka 2.5 (rd_kafka_ElectLeaders) on %1 "
                               "connections; this build has %2 and elects over PLAINTEXT only")
                               .arg(QString::fromUtf8(value), rd_kafka_version_str());
            return result;
        }
    }
    const QDeadlineTimer deadline(timeout);
    const int timeoutMs = int(timeout.count());
    const qint32 controller = rd_kafka_controllerid(client, timeoutMs);
    const rd_kafka_metadata_t* raw = nullptr;
    const rd_kafka_resp_err_t metadataError = rd_kafka_metadata(client, 0, nullptr, &raw, timeoutMs);
    if (metadataError != RD_KAFKA_RESP_ERR_NO_ERROR) {
        result.error = QString("Cannot read the cluster's metadata: %1").arg(rd_kafka_err2str(metadataError));
        return result;
    }
    const MetadataHandle metadata(raw);
    QString host;
    int port = 0;
    for (int i = 0; i < metadata->broker_cnt; ++i) {
        if (metadata->brokers[i].id == controller) {
            host = QString::fromUtf8(metadata->brokers[i].host);
            port = metadata->brokers[i].port;
        }
    }
    if (controller < 0 || host.isEmpty()) {
        result.error = "The cluster named no reachable controller";
        return result;
    }

    ControllerConnection connection;
    if (!connection.open(host, quint16(port), deadline, &result.error)) {
        return result;
    }
    const qint16 version = electLeadersVersion(connection, deadline, &result.error);
    if (version < 0) {
        return result;
    }
    QMap<QString, QList<qint32>> byTopic;
    for (const TopicPartition& partition : partitions) {
        byTopic[partition.topic].append(partition.partition);
    }
    RequestWriter request(kElectLeadersKey, version, 2);
    if (version >= 1) {
        request.i8(kPreferredElection);
    }
    if (byTopic.isEmpty()) {
        request.i32(-1);  // null: every partition
    } else {
        request.i32(qint32(byTopic.size()));
        for (auto it = byTopic.cbegin(); it != byTopic.cend(); ++it) {
            request.string(it.key()).i32(qint32(it.value().size()));
            for (qint32 id : it.value()) {
                request.i32(id);
            }
        }
    }
    request.i32(timeoutMs);
    const auto body = connection.exchange(request, 2, deadline, &result.error);
    if (!body) {
        return result;
    }
    ResponseReader reader(*body);
    reader.i32();  // throttle time
    if (version >= 1) {
        if (const qint16 code = reader.i16(); code != 0) {
            result.error = kafkaErrorText(code, {});
            return result;
        }
    }
    for (qint32 t = 0, topics = reader.count(); t < topics && !reader.failed(); ++t) {
        const QString topic = reader.string();
        for (qint32 p = 0, count = reader.count(); p < count && !reader.failed(); ++p) {
            const qint32 partition = reader.i32();
            const qint16 code = reader.i16();
            const QString message = reader.string();
            OperationItem item{QString("%1-%2").arg(topic).arg(partition), {}};
            // Already led by its preferred replica: what was asked for holds.
            if (code != 0 && code != kElectionNotNeeded) {
                item.error = kafkaErrorText(code, message);
                if (result.error.isEmpty()) {
                    result.error = QString("%1: %2").arg(item.name, item.error);
                }
            }
            result.items.append(item);
        }
    }
    if (reader.failed()) {
        result.error = "The controller sent a malformed ElectLeaders response";
    }
    return result;
}

}  // namespace tideline::model
