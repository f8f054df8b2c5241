#include "model/operations/scram.h"

#include <QList>
#include <QMessageAuthenticationCode>
#include <QPasswordDigestor>
#include <QRandomGenerator>

namespace tideline::model {
namespace {

// RFC 5802 5.1: a server that asks for fewer rounds than this is weak or an attacker; Kafka's minimum.
constexpr int kMinIterations = 4096;
constexpr int kMaxIterations = 1'000'000;

// The "attr=value" pairs of a SCRAM message, by attribute letter.
std::optional<QByteArray> attribute(const QByteArray& message, char name) {
    for (const QByteArray& part : message.split(',')) {
        if (part.size() >= 2 && part[0] == name && part[1] == '=') {
            return part.mid(2);
        }
    }
    return std::nullopt;
}

}  // namespace

ScramClient::ScramClient(const QString& mechanism, const QString& user, const QString& password,
                         QByteArray nonce)
    : algorithm_(mechanism.toUpper() == "SCRAM-SHA-512" ? QCryptographicHash::Sha512
                                                        : QCryptographicHash::Sha256),
      password_(password.toUtf8()),
      nonce_(std::move(nonce)) {
    // saslname: "=" and "," must be escaped in the user name.
    user_ = user.toUtf8().replace("=", "=3D").replace(",", "=2C");
    if (nonce_.isEmpty()) {
        QByteArray random(24, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(random.data()), random.size() / 4);
        nonce_ = random.toBase64();  // printable and without ",", as the nonce must be
    }
}

bool ScramClient::supports(const QString& mechanism) {
    const QString upper = mechanism.toUpper();
    return upper == "SCRAM-SHA-256" || upper == "SCRAM-SHA-512";
}

QByteArray ScramClient::clientFirstMessage() const { return "n,,n=" + user_ + ",r=" + nonce_; }

QByteArray ScramClient::hmac(const QByteArray& key, const QByteArray& message) const {
    return QMessageAuthenticationCode::hash(message, key, algorithm_);
}

std::optional<QByteArray> ScramClient::clientFinalMessage(const QByteArray& serverFirst, QString* error) {
    if (const auto failure = attribute(serverFirst, 'e')) {
        *error = QString("The server refused SCRAM: %1").arg(QString::fromUtf8(*failure));
        return std::nullopt;
    }
    const auto nonce = attribute(serverFirst, 'r');
    const auto salt = attribute(serverFirst, 's');
    const auto rounds = attribute(serverFirst, 'i');
    bool numeric = false;
    const int iterations = rounds ? rounds->toInt(&numeric) : 0;
    if (!nonce || !salt || !numeric) {
        *error = "The server sent a malformed SCRAM server-first-message";
        return std::nullopt;
    }
    if (!nonce->startsWith(nonce_) || nonce->size() == nonce_.size()) {
        *error = "The server's SCRAM nonce does not extend ours";
        return std::nullopt;
    }
    if (iterations < kMinIterations || iterations > kMaxIterations) {
        *error = QString("The server asked for %1 SCRAM iterations (allowed: %2 to %3)")
                     .arg(iterations)
                     .arg(kMinIterations)
                     .arg(kMaxIterations);
        return std::nullopt;
    }
    const QByteArray saltBytes = QByteArray::fromBase64(*salt);
    const int hashLength = QCryptographicHash::hashLength(algorithm_);
    // Hi() of RFC 5802 is PBKDF2 with HMAC of the mechanism's hash, one block long.
    const QByteArray saltedPassword =
        QPasswordDigestor::deriveKeyPbkdf2(algorithm_, password_, saltBytes, iterations, quint64(hashLength));
    const QByteArray clientKey = hmac(saltedPassword, "Client Key");
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, algorithm_);
    const QByteArray finalWithoutProof = "c=" + QByteArray("n,,").toBase64() + ",r=" + *nonce;
    authMessage_ = clientFirstMessage().mid(3) + ',' + serverFirst + ',' + finalWithoutProof;
    const QByteArray clientSignature = hmac(storedKey, authMessage_);
    QByteArray proof = clientKey;
    for (int i = 0; i < proof.size(); ++i) {
        proof[i] = char(proof[i] ^ clientSignature[i]);
    }
    serverSignature_ = hmac(hmac(saltedPassword, "Server Key"), authMessage_);
    return finalWithoutProof + ",p=" + proof.toBase64();
}

bool ScramClient::verifyServerFinal(const QByteArray& serverFinal, QString* error) const {
    if (const auto failure = attribute(serverFinal, 'e')) {
        *error = QString("The server refused the SCRAM proof: %1").arg(QString::fromUtf8(*failure));
        return false;
    }
    const auto verifier = attribute(serverFinal, 'v');
    if (!verifier || serverSignature_.isEmpty() || QByteArray::fromBase64(*verifier) != serverSignature_) {
        *error = "The server's SCRAM signature is wrong: it does not know the password";
        return false;
    }
    return true;
}

}  // namespace tideline::model
