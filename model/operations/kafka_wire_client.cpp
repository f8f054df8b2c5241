#include "model/operations/kafka_wire_client.h"

#include <librdkafka/rdkafka.h>

#include <QFile>
#include <QFileInfo>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QStringList>
#include <QTcpSocket>
#include <algorithm>

#include "model/operations/scram.h"

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
        } else if (key == "ssl.ca.location") {
            security.caLocation = text == "probe" ? QString() : text;  // probe: the system's CAs
        } else if (key == "ssl.certificate.location") {
            security.certificate = text;
        } else if (key == "ssl.key.location") {
            security.key = text;
        } else if (key == "ssl.key.password") {
            security.keyPassword = value;
        } else if (key == "enable.ssl.certificate.verification") {
            security.verifyPeer = text != "false" && text != "0";
        } else if (key == "ssl.endpoint.identification.algorithm") {
            security.verifyHostname = text.toLower() != "none";
        } else if (key.startsWith("ssl.") && (key.endsWith(".pem") || key.startsWith("ssl.keystore.") ||
                                              key.startsWith("ssl.engine."))) {
            security.unsupportedSetting = QString::fromUtf8(key);
        }
    }
    return security;
}

QString unsupportedWireSecurity(const WireSecurity& security, const QString& purpose) {
    // librdkafka 2.5 can send these requests itself, with every setting it knows.
    const QString limits = QString(
                               "librdkafka %1 has no call for it, and Tideline's own connection knows "
                               "TLS with PEM files and SASL PLAIN and SCRAM-SHA-256/512 only")
                               .arg(rd_kafka_version_str());
    const QStringList protocols{"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};
    if (!protocols.contains(security.protocol)) {
        return QString("%1 is not possible over %2: %3").arg(purpose, security.protocol, limits);
    }
    if (security.usesSasl() && security.mechanism != "PLAIN" && !ScramClient::supports(security.mechanism)) {
        return QString("%1 is not possible over SASL/%2: %3")
            .arg(purpose, security.mechanism.isEmpty() ? QString("GSSAPI") : security.mechanism, limits);
    }
    if (security.usesTls() && !security.unsupportedSetting.isEmpty()) {
        return QString("%1 is not possible with %2: %3").arg(purpose, security.unsupportedSetting, limits);
    }
    if (security.usesTls() && !QSslSocket::supportsSsl()) {
        return QString("%1 is not possible over TLS: this Qt has no TLS backend").arg(purpose);
    }
    return {};
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

RequestWriter& RequestWriter::bytes(const QByteArray& value) {
    stream_ << qint32(value.size());
    stream_.writeRawData(value.constData(), int(value.size()));
    return *this;
}

RequestWriter& RequestWriter::compactBytes(const QByteArray& value) {
    for (quint32 length = quint32(value.size()) + 1;; length >>= 7) {
        if (length < 0x80) {
            stream_ << quint8(length);
            break;
        }
        stream_ << quint8((length & 0x7f) | 0x80);
    }
    stream_.writeRawData(value.constData(), int(value.size()));
    return *this;
}

RequestWriter& RequestWriter::noTaggedFields() {
    stream_ << quint8(0);
    return *this;
}

ResponseReader::ResponseReader(const QByteArray& body) : stream_(body) {}

QByteArray ResponseReader::bytes() {
    const qint32 length = i32();
    if (length < 0) {
        return {};
    }
    if (length > stream_.device()->bytesAvailable()) {
        stream_.setStatus(QDataStream::ReadCorruptData);
        return {};
    }
    QByteArray value(length, Qt::Uninitialized);
    stream_.readRawData(value.data(), length);
    return value;
}

quint32 ResponseReader::unsignedVarint() {
    quint32 value = 0;
    for (int shift = 0; shift <= 28; shift += 7) {
        quint8 byte = 0;
        stream_ >> byte;
        value |= quint32(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) {
            return value;
        }
    }
    stream_.setStatus(QDataStream::ReadCorruptData);
    return 0;
}

QByteArray ResponseReader::compactBytes() {
    const quint32 lengthPlusOne = unsignedVarint();
    if (lengthPlusOne == 0) {
        return {};  // null
    }
    const qint64 length = qint64(lengthPlusOne) - 1;
    if (length > stream_.device()->bytesAvailable()) {
        stream_.setStatus(QDataStream::ReadCorruptData);
        return {};
    }
    QByteArray value(length, Qt::Uninitialized);
    stream_.readRawData(value.data(), int(length));
    return value;
}

QString ResponseReader::compactString() { return QString::fromUtf8(compactBytes()); }

void ResponseReader::skipTaggedFields() {
    for (quint32 i = 0, n = unsignedVarint(); i < n && !failed(); ++i) {
        unsignedVarint();  // tag
        const quint32 size = unsignedVarint();
        if (stream_.skipRawData(int(size)) != int(size)) {
            stream_.setStatus(QDataStream::ReadPastEnd);
        }
    }
}

qint64 ResponseReader::position() const { return stream_.device()->pos(); }

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
    return connectSocket(host, port, deadline, error) && readApiVersions(deadline, error) &&
           (!security_.usesSasl() || authenticate(deadline, error));
}

bool KafkaWireClient::connectSocket(const QString& host, quint16 port, QDeadlineTimer deadline,
                                    QString* error) {
    const QString where = QString("%1 at %2:%3").arg(peer_, host).arg(port);
    if (!security_.usesTls()) {
        socket_ = std::make_unique<QTcpSocket>();
        socket_->connectToHost(host, port);
        if (!socket_->waitForConnected(remainingMs(deadline))) {
            *error = QString("Cannot connect to %1: %2").arg(where, socket_->errorString());
            return false;
        }
        return true;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (!security_.caLocation.isEmpty()) {
        const QList<QSslCertificate> authorities =
            QFileInfo(security_.caLocation).isDir()
                ? QSslCertificate::fromPath(security_.caLocation + "/*", QSsl::Pem,
                                            QSslCertificate::PatternSyntax::Wildcard)
                : QSslCertificate::fromPath(security_.caLocation);
        if (authorities.isEmpty()) {
            *error =
                QString("No PEM certificate could be read from the CA location %1").arg(security_.caLocation);
            return false;
        }
        config.setCaCertificates(authorities);
    }
    if (!security_.certificate.isEmpty()) {
        const QList<QSslCertificate> chain = QSslCertificate::fromPath(security_.certificate);
        QFile keyFile(security_.key);
        if (chain.isEmpty() || !keyFile.open(QIODevice::ReadOnly)) {
            *error = QString("The client certificate %1 or its key %2 cannot be read")
                         .arg(security_.certificate, security_.key);
            return false;
        }
        const QByteArray pem = keyFile.readAll();
        QSslKey key;
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, security_.keyPassword);
            if (!key.isNull()) {
                break;
            }
        }
        if (key.isNull()) {
            *error = QString("The private key %1 cannot be read (a wrong key password?)").arg(security_.key);
            return false;
        }
        config.setLocalCertificateChain(chain);
        config.setPrivateKey(key);
    }
    config.setPeerVerifyMode(security_.verifyPeer ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
    auto tls = std::make_unique<QSslSocket>();
    tls->setSslConfiguration(config);
    QSslSocket* raw = tls.get();
    if (security_.verifyPeer && !security_.verifyHostname) {
        // ssl.endpoint.identification.algorithm=none: the chain is checked, the name is not.
        QObject::connect(raw, &QSslSocket::sslErrors, raw, [raw](const QList<QSslError>& errors) {
            if (std::all_of(errors.cbegin(), errors.cend(),
                            [](const QSslError& e) { return e.error() == QSslError::HostNameMismatch; })) {
                raw->ignoreSslErrors(errors);
            }
        });
    }
    tls->connectToHostEncrypted(host, port);
    socket_ = std::move(tls);
    if (!raw->waitForEncrypted(remainingMs(deadline))) {
        QStringList reasons;
        for (const QSslError& sslError : raw->sslHandshakeErrors()) {
            reasons.append(sslError.errorString());
        }
        if (reasons.isEmpty()) {
            reasons.append(raw->errorString());
        }
        *error = QString("The TLS handshake with %1 failed: %2").arg(where, reasons.join("; "));
        return false;
    }
    return true;
}

bool KafkaWireClient::readApiVersions(QDeadlineTimer deadline, QString* error) {
    // ApiVersions v0: every broker since 0.10 answers it (before SASL too), and its answer lists every API.
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

bool KafkaWireClient::authenticate(QDeadlineTimer deadline, QString* error) {
    const QString& mechanism = security_.mechanism;
    if (negotiate(api_key::kSaslHandshake, 1, 1, "SASL (SaslHandshake v1)", error) < 0) {
        return false;
    }
    RequestWriter handshake;
    handshake.string(mechanism);
    const auto handshakeBody = call(api_key::kSaslHandshake, 1, handshake, deadline, error);
    if (!handshakeBody) {
        return false;
    }
    ResponseReader handshakeReader(*handshakeBody);
    const qint16 code = handshakeReader.i16();
    QStringList offered;
    for (qint32 i = 0, n = handshakeReader.count(); i < n && !handshakeReader.failed(); ++i) {
        offered.append(handshakeReader.string());
    }
    if (code != 0) {
        *error = QString("%1 does not take SASL mechanism %2 (it offers %3): %4")
                     .arg(sentenceStart(peer_), mechanism, offered.join(", "), kafkaErrorText(code));
        return false;
    }
    // v1 added the session lifetime and v2 the flexible encoding; v0 has neither, the same tokens.
    const qint16 version = negotiate(api_key::kSaslAuthenticate, 0, 2, "SaslAuthenticate", error);
    if (version < 0) {
        return false;
    }
    if (mechanism == "PLAIN") {
        // No authorization id, then the user and password, NUL-separated (RFC 4616).
        const QByteArray token = '\0' + security_.user.toUtf8() + '\0' + security_.password.toUtf8();
        return saslRound(version, token, deadline, error).has_value();
    }
    ScramClient scram(mechanism, security_.user, security_.password);
    const auto serverFirst = saslRound(version, scram.clientFirstMessage(), deadline, error);
    if (!serverFirst) {
        return false;
    }
    QString scramError;
    const auto clientFinal = scram.clientFinalMessage(*serverFirst, &scramError);
    const auto serverFinal = clientFinal ? saslRound(version, *clientFinal, deadline, error) : std::nullopt;
    if (clientFinal && !serverFinal) {
        return false;
    }
    if (!clientFinal || !scram.verifyServerFinal(*serverFinal, &scramError)) {
        *error = QString("SASL authentication of user %1 (%2) with %3 failed: %4")
                     .arg(security_.user, mechanism, peer_, scramError);
        return false;
    }
    return true;
}

std::optional<QByteArray> KafkaWireClient::saslRound(qint16 version, const QByteArray& token,
                                                     QDeadlineTimer deadline, QString* error) {
    const bool flexible = version >= 2;
    RequestWriter request;
    if (flexible) {
        request.compactBytes(token).noTaggedFields();
    } else {
        request.bytes(token);
    }
    const auto body = call(api_key::kSaslAuthenticate, version, request, deadline, error, flexible);
    if (!body) {
        return std::nullopt;
    }
    ResponseReader reader(*body);
    const qint16 code = reader.i16();
    const QString message = flexible ? reader.compactString() : reader.string();
    const QByteArray answer = flexible ? reader.compactBytes() : reader.bytes();
    if (reader.failed()) {
        *error = QString("%1 sent a malformed SaslAuthenticate response").arg(sentenceStart(peer_));
        return std::nullopt;
    }
    if (code != 0) {
        *error = QString("SASL authentication of user %1 (%2) with %3 failed: %4")
                     .arg(security_.user, security_.mechanism, peer_, kafkaErrorText(code, message));
        return std::nullopt;
    }
    return answer;
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
                                                QDeadlineTimer deadline, QString* error, bool flexible) {
    const qint32 correlationId = nextCorrelationId_++;
    QByteArray header;
    {
        QDataStream stream(&header, QIODevice::WriteOnly);
        stream << apiKey << version << correlationId << qint16(sizeof kClientId - 1);
        stream.writeRawData(kClientId, int(sizeof kClientId - 1));
        if (flexible) {
            stream << quint8(0);  // request header v2: no tagged fields
        }
    }
    QByteArray frame;
    QDataStream(&frame, QIODevice::WriteOnly) << qint32(header.size() + body.body().size());
    socket_->write(frame + header + body.body());
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
    QByteArray answer = received.mid(8, size - 4);
    if (flexible) {
        // Response header v1: tagged fields after the correlation id.
        ResponseReader header(answer);
        header.skipTaggedFields();
        if (header.failed()) {
            *error = QString("%1 sent a malformed response header").arg(sentenceStart(peer_));
            return std::nullopt;
        }
        answer.remove(0, header.position());
    }
    return answer;
}

std::optional<QByteArray> KafkaWireClient::fail(QString* error) const {
    *error = socket_->error() == QAbstractSocket::SocketTimeoutError
                 ? QString("%1 did not answer in time").arg(sentenceStart(peer_))
                 : QString("The connection to %1 failed: %2").arg(peer_, socket_->errorString());
    return std::nullopt;
}

}  // namespace tideline::model
