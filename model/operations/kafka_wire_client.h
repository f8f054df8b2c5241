// A small blocking Kafka client of our own, for the few requests librdkafka 2.0.2 cannot send
// (ElectLeaders, DescribeLogDirs): it has neither admin call, and no way to pass a request of ours
// through its connections. One connection to one broker, with the profile's security: TLS through
// QSslSocket (CA, client certificate, verification as librdkafka would do it), SASL PLAIN and
// SCRAM-SHA-256/512 (SaslHandshake v1, SaslAuthenticate v0-2). Requests in the classic encoding,
// except SaslAuthenticate v2. The model does not link the broker's generated codec (the broker
// stands alone), so the few fields needed are written and read here by hand.
// Blocking socket calls only: use it on a worker thread, never the GUI thread. Internal to the model.
#pragma once

#include <QByteArray>
#include <QDataStream>
#include <QDeadlineTimer>
#include <QHash>
#include <QString>
#include <memory>
#include <optional>

#include "model/client_properties.h"

class QTcpSocket;

namespace tideline::model {

namespace api_key {
constexpr qint16 kSaslHandshake = 17;
constexpr qint16 kApiVersions = 18;
constexpr qint16 kSaslAuthenticate = 36;
constexpr qint16 kDescribeLogDirs = 35;
constexpr qint16 kElectLeaders = 43;
}  // namespace api_key

// What the wire client needs of a profile's security settings, read from its librdkafka properties
// (the last value of a key wins, as it does for librdkafka).
struct WireSecurity {
    QString protocol = "PLAINTEXT";  // upper case: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL
    QString mechanism;               // sasl.mechanism, upper case
    QString user;
    QString password;
    QString caLocation;   // ssl.ca.location: a PEM file or a directory of them; empty: the system's CAs
    QString certificate;  // ssl.certificate.location (PEM)
    QString key;          // ssl.key.location (PEM)
    QByteArray keyPassword;
    bool verifyPeer = true;      // enable.ssl.certificate.verification
    bool verifyHostname = true;  // ssl.endpoint.identification.algorithm=https (librdkafka 2.0's default)
    QString unsupportedSetting;  // a TLS setting set that this client cannot honour (keystores, PEM strings)

    bool usesTls() const { return protocol == "SSL" || protocol == "SASL_SSL"; }
    bool usesSasl() const { return protocol == "SASL_PLAINTEXT" || protocol == "SASL_SSL"; }

    static WireSecurity fromProperties(const ClientProperties& properties);
};

// Why the wire client cannot connect with these settings, or empty when it can. `purpose` names what
// needed the connection, e.g. "Preferred leader election".
QString unsupportedWireSecurity(const WireSecurity& security, const QString& purpose);

// Kafka's error codes are librdkafka's broker error codes, so its texts name them.
QString kafkaErrorText(qint16 code, const QString& message = {});

// The body of a request (after its header), big-endian, classic encoding.
class RequestWriter {
public:
    RequestWriter();
    RequestWriter& i8(qint8 value);
    RequestWriter& i16(qint16 value);
    RequestWriter& i32(qint32 value);
    RequestWriter& string(const QString& value);
    RequestWriter& bytes(const QByteArray& value);         // classic: int32 length
    RequestWriter& compactBytes(const QByteArray& value);  // flexible: unsigned varint length + 1
    RequestWriter& noTaggedFields();
    const QByteArray& body() const { return body_; }

private:
    QByteArray body_;
    QDataStream stream_;
};

// Reads a response body; any read past the end sets failed() rather than crashing.
class ResponseReader {
public:
    explicit ResponseReader(const QByteArray& body);
    qint8 i8();
    qint16 i16();
    qint32 i32();
    qint64 i64();
    QString string();  // a null string reads as empty
    QByteArray bytes();
    quint32 unsignedVarint();
    QString compactString();  // a null string reads as empty
    QByteArray compactBytes();
    void skipTaggedFields();
    qint64 position() const;
    // An array length that cannot be right for the bytes left is malformed, not a huge allocation.
    qint32 count();
    bool failed() const { return stream_.status() != QDataStream::Ok; }

private:
    QDataStream stream_;
};

struct ApiVersionRange {
    qint16 min = 0;
    qint16 max = -1;
};

class KafkaWireClient {
public:
    // `peer` names the broker in error texts, e.g. "the controller" or "broker 2".
    KafkaWireClient(WireSecurity security, QString peer);
    ~KafkaWireClient();
    KafkaWireClient(const KafkaWireClient&) = delete;
    KafkaWireClient& operator=(const KafkaWireClient&) = delete;

    // Connects and asks which API versions the broker serves. False with *error set on failure.
    bool open(const QString& host, quint16 port, QDeadlineTimer deadline, QString* error);

    // The highest version of `apiKey` both sides speak, given the ones we can write; -1 with *error
    // set (naming `apiName`) when the broker serves none of them.
    qint16 negotiate(qint16 apiKey, qint16 ourMin, qint16 ourMax, const QString& apiName,
                     QString* error) const;

    // Sends one request and returns the response body after the response header; nullopt with
    // *error set. `flexible`: the request and response headers of flexible versions (tagged fields).
    std::optional<QByteArray> call(qint16 apiKey, qint16 version, const RequestWriter& body,
                                   QDeadlineTimer deadline, QString* error, bool flexible = false);

private:
    bool connectSocket(const QString& host, quint16 port, QDeadlineTimer deadline, QString* error);
    bool readApiVersions(QDeadlineTimer deadline, QString* error);
    bool authenticate(QDeadlineTimer deadline, QString* error);
    // One SaslAuthenticate round: our token out, the server's back; nullopt with *error set.
    std::optional<QByteArray> saslRound(qint16 version, const QByteArray& token, QDeadlineTimer deadline,
                                        QString* error);
    std::optional<QByteArray> fail(QString* error) const;

    const WireSecurity security_;
    const QString peer_;
    std::unique_ptr<QTcpSocket> socket_;
    QHash<qint16, ApiVersionRange> versions_;
    qint32 nextCorrelationId_ = 1;
};

}  // namespace tideline::model
