// Where profile passwords live. The interface is asynchronous because the OS keychain is: callbacks
// may run later on the calling thread's event loop (QtKeychain) or at once (the in-memory store).
#pragma once

#include <QHash>
#include <QString>
#include <functional>
#include <optional>

namespace tideline::model {

class SecretStore {
public:
    // An empty error means success.
    using WriteDone = std::function<void(const QString& error)>;
    // No secret and no error: nothing is stored under that key.
    using ReadDone = std::function<void(const std::optional<QString>& secret, const QString& error)>;

    virtual ~SecretStore() = default;
    virtual void write(const QString& key, const QString& secret, WriteDone done) = 0;
    virtual void read(const QString& key, ReadDone done) = 0;
    // Removing a key that holds nothing succeeds.
    virtual void remove(const QString& key, WriteDone done) = 0;
};

// Keeps secrets in this process only; for tests, and for sessions that must not touch the keychain.
// Callbacks run before the call returns.
class InMemorySecretStore : public SecretStore {
public:
    void write(const QString& key, const QString& secret, WriteDone done) override;
    void read(const QString& key, ReadDone done) override;
    void remove(const QString& key, WriteDone done) override;

    const QHash<QString, QString>& entries() const { return entries_; }
    // Makes every later call fail with `error` (empty: work again), to test how failures surface.
    void failWith(const QString& error) { failure_ = error; }

private:
    QHash<QString, QString> entries_;
    QString failure_;
};

// The OS keychain (Secret Service, KWallet, macOS Keychain, Windows Credential Manager) through
// QtKeychain, under one service name. The insecure plain-file fallback stays off: without a keychain,
// calls fail with QtKeychain's message rather than write a password to disk.
class KeychainSecretStore : public SecretStore {
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("Tideline"));

    void write(const QString& key, const QString& secret, WriteDone done) override;
    void read(const QString& key, ReadDone done) override;
    void remove(const QString& key, WriteDone done) override;

private:
    QString service_;
};

}  // namespace tideline::model
