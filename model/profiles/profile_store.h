// The user's saved connections. Profiles persist in QSettings (group "connections"); their secrets
// (SASL and key passwords, and extra properties such as sasl.oauthbearer.client.secret) go to a
// SecretStore, one entry per profile, and never into the settings file.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

#include "model/connection_profile.h"
#include "model/profiles/profile_exchange.h"
#include "model/profiles/secret_store.h"
#include "model/session_options.h"

class QSettings;

namespace tideline::model {

class ProfileStore {
public:
    using SecretsDone = std::function<void(const QString& error)>;
    using SecretsLoaded = std::function<void(const SessionSecrets& secrets, const QString& error)>;

    // Both must outlive the store, and `secrets` its pending calls. Profiles are read from `settings` now.
    ProfileStore(QSettings& settings, SecretStore& secrets);

    // In the order they were added.
    const QList<ConnectionProfile>& profiles() const { return profiles_; }
    std::optional<ConnectionProfile> profile(const QString& name) const;

    // The calls below return an error, and change nothing, when the profile is invalid, the name is
    // taken or unknown, or the settings cannot be written. Secret extra properties of `profile` are
    // moved into the secrets. `done` reports the keychain's answer later (it is not called when the
    // call itself is refused).
    QString add(ConnectionProfile profile, SessionSecrets secrets, SecretsDone done = {});
    // Secrets are replaced when given; otherwise the stored ones stay, following a rename.
    QString update(const QString& name, ConnectionProfile profile, std::optional<SessionSecrets> secrets,
                   SecretsDone done = {});
    QString remove(const QString& name, SecretsDone done = {});
    // Empty secrets, without error, for a profile that has none stored.
    void loadSecrets(const QString& name, SecretsLoaded loaded) const;

    // The profile opened last, if it still exists.
    QString lastUsed() const;
    QString setLastUsed(const QString& name);

    // Profiles as JSON without any secret; `names` empty exports all of them.
    QByteArray exportJson(const QStringList& names = {}) const;
    // All or nothing: see importProfiles() for the format and how clashing names are resolved.
    ProfileImport importJson(const QByteArray& json);

    // The secret store's key for a profile's secrets.
    static QString secretKey(const QString& profileName);

private:
    qsizetype indexOf(const QString& name) const;
    QString save(const QList<ConnectionProfile>& profiles, const QString& lastUsed);
    void writeSecrets(const QString& name, const SessionSecrets& secrets, SecretsDone done);

    QSettings& settings_;
    SecretStore& secrets_;
    // Keychain answers may come after the store is gone; callbacks that need it check this first.
    std::shared_ptr<char> alive_ = std::make_shared<char>(0);
    QList<ConnectionProfile> profiles_;
    QString lastUsed_;
};

// Secrets as the one text entry the keychain keeps per profile, and back.
QString encodeSecrets(const SessionSecrets& secrets);
SessionSecrets decodeSecrets(const QString& text);

}  // namespace tideline::model
