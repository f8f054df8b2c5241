// The client side of SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677), as Kafka's SASL/SCRAM
// uses it: no channel binding ("n,,"), no authorization id. Pure: it turns the server's messages into
// ours and checks the server's signature; sending them is the wire client's business.
// Passwords are used as UTF-8 without SASLprep, as Kafka's own clients do.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>
#include <optional>

namespace tideline::model {

class ScramClient {
public:
    // `mechanism` is SCRAM-SHA-256 or SCRAM-SHA-512; see supports(). `nonce` is for tests only:
    // empty draws a fresh random one.
    ScramClient(const QString& mechanism, const QString& user, const QString& password,
                QByteArray nonce = {});

    static bool supports(const QString& mechanism);

    QByteArray clientFirstMessage() const;
    // The client-final-message for the server-first-message, or nullopt with *error set when the
    // server's message is malformed or does not extend our nonce.
    std::optional<QByteArray> clientFinalMessage(const QByteArray& serverFirst, QString* error);
    // True when the server-final-message proves the server knows the password; *error says why not.
    bool verifyServerFinal(const QByteArray& serverFinal, QString* error) const;

private:
    QByteArray hmac(const QByteArray& key, const QByteArray& message) const;

    QCryptographicHash::Algorithm algorithm_;
    QByteArray user_;  // escaped as RFC 5802 saslname
    QByteArray password_;
    QByteArray nonce_;
    QByteArray authMessage_;
    QByteArray serverSignature_;
};

}  // namespace tideline::model
