#include "model/profiles/profile_store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

namespace tideline::model {
namespace {

const QString kGroup = QStringLiteral("connections");
const QString kArray = QStringLiteral("profiles");
const QString kProfileKey = QStringLiteral("profile");
const QString kLastUsedKey = QStringLiteral("lastUsed");

// Secret extra properties leave the profile for the keychain.
void moveSecretProperties(ConnectionProfile& profile, SessionSecrets& secrets) {
    for (auto it = profile.extraProperties.begin(); it != profile.extraProperties.end();) {
        if (isSecretProperty(it.key())) {
            secrets.secretProperties.insert(it.key(), it.value());
            it = profile.extraProperties.erase(it);
        } else {
            ++it;
        }
    }
}

void report(const ProfileStore::SecretsDone& done, const QString& error) {
    if (done) {
        done(error);
    }
}

}  // namespace

QString encodeSecrets(const SessionSecrets& secrets) {
    QJsonObject properties;
    for (auto it = secrets.secretProperties.cbegin(); it != secrets.secretProperties.cend(); ++it) {
        properties.insert(it.key(), it.value());
    }
    const QJsonObject json{{"saslPassword", secrets.saslPassword},
                           {"sslKeyPassword", secrets.sslKeyPassword},
                           {"properties", properties}};
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

SessionSecrets decodeSecrets(const QString& text) {
    const QJsonObject json = QJsonDocument::fromJson(text.toUtf8()).object();
    SessionSecrets secrets;
    secrets.saslPassword = json.value("saslPassword").toString();
    secrets.sslKeyPassword = json.value("sslKeyPassword").toString();
    const QJsonObject properties = json.value("properties").toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        secrets.secretProperties.insert(it.key(), it.value().toString());
    }
    return secrets;
}

ProfileStore::ProfileStore(QSettings& settings, SecretStore& secrets)
    : settings_(settings), secrets_(secrets) {
    settings_.beginGroup(kGroup);
    const int count = settings_.beginReadArray(kArray);
    for (int i = 0; i < count; ++i) {
        settings_.setArrayIndex(i);
        const QJsonObject json =
            QJsonDocument::fromJson(settings_.value(kProfileKey).toString().toUtf8()).object();
        // A hand-edited entry that no longer reads is skipped rather than failing every profile.
        if (std::optional<ConnectionProfile> profile = connectionProfileFromJson(json)) {
            if (!profile->name.isEmpty() && indexOf(profile->name) < 0) {
                profiles_.append(*profile);
            }
        }
    }
    settings_.endArray();
    lastUsed_ = settings_.value(kLastUsedKey).toString();
    settings_.endGroup();
}

QString ProfileStore::secretKey(const QString& profileName) { return "profile:" + profileName; }

qsizetype ProfileStore::indexOf(const QString& name) const {
    for (qsizetype i = 0; i < profiles_.size(); ++i) {
        if (profiles_[i].name == name) {
            return i;
        }
    }
    return -1;
}

std::optional<ConnectionProfile> ProfileStore::profile(const QString& name) const {
    const qsizetype index = indexOf(name);
    return index < 0 ? std::nullopt : std::optional<ConnectionProfile>(profiles_[index]);
}

QString ProfileStore::save(const QList<ConnectionProfile>& profiles, const QString& lastUsed) {
    settings_.beginGroup(kGroup);
    settings_.remove(kArray);
    settings_.beginWriteArray(kArray, static_cast<int>(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        settings_.setArrayIndex(i);
        settings_.setValue(
            kProfileKey,
            QString::fromUtf8(QJsonDocument(toJson(profiles[i])).toJson(QJsonDocument::Compact)));
    }
    settings_.endArray();
    if (lastUsed.isEmpty()) {
        settings_.remove(kLastUsedKey);
    } else {
        settings_.setValue(kLastUsedKey, lastUsed);
    }
    settings_.endGroup();
    settings_.sync();
    if (settings_.status() != QSettings::NoError) {
        return QString("The connection list could not be saved to %1.").arg(settings_.fileName());
    }
    profiles_ = profiles;
    lastUsed_ = lastUsed;
    return {};
}

void ProfileStore::writeSecrets(const QString& name, const SessionSecrets& secrets, SecretsDone done) {
    if (secrets == SessionSecrets{}) {
        secrets_.remove(secretKey(name), [done](const QString& error) { report(done, error); });
        return;
    }
    secrets_.write(secretKey(name), encodeSecrets(secrets),
                   [done](const QString& error) { report(done, error); });
}

QString ProfileStore::add(ConnectionProfile profile, SessionSecrets secrets, SecretsDone done) {
    moveSecretProperties(profile, secrets);
    if (const QString problem = validateConnectionProfile(profile); !problem.isEmpty()) {
        return problem;
    }
    if (indexOf(profile.name) >= 0) {
        return QString("A connection named '%1' already exists.").arg(profile.name);
    }
    QList<ConnectionProfile> next = profiles_;
    next.append(profile);
    if (const QString error = save(next, lastUsed_); !error.isEmpty()) {
        return error;
    }
    writeSecrets(profile.name, secrets, std::move(done));
    return {};
}

QString ProfileStore::update(const QString& name, ConnectionProfile profile,
                             std::optional<SessionSecrets> secrets, SecretsDone done) {
    const qsizetype index = indexOf(name);
    if (index < 0) {
        return QString("There is no connection named '%1'.").arg(name);
    }
    SessionSecrets moved = secrets.value_or(SessionSecrets{});
    moveSecretProperties(profile, moved);
    if (const QString problem = validateConnectionProfile(profile); !problem.isEmpty()) {
        return problem;
    }
    if (profile.name != name && indexOf(profile.name) >= 0) {
        return QString("A connection named '%1' already exists.").arg(profile.name);
    }
    QList<ConnectionProfile> next = profiles_;
    next[index] = profile;
    if (const QString error = save(next, lastUsed_ == name ? profile.name : lastUsed_); !error.isEmpty()) {
        return error;
    }
    const QString newName = profile.name;
    // Once the secrets sit under the new name, the entry under the old one goes.
    auto dropOldEntry = [this, alive = std::weak_ptr<char>(alive_), name, newName,
                         done](const QString& error) {
        if (!error.isEmpty() || name == newName || alive.expired()) {
            report(done, error);
            return;
        }
        secrets_.remove(secretKey(name), [done](const QString& removed) { report(done, removed); });
    };
    if (secrets) {
        writeSecrets(newName, moved, dropOldEntry);
        return {};
    }
    if (moved.secretProperties.isEmpty() && name == newName) {
        report(done, {});
        return {};
    }
    // The stored passwords stay, joined by any secret properties the new profile brought, and follow
    // a rename.
    loadSecrets(name, [this, alive = std::weak_ptr<char>(alive_), newName, moved, dropOldEntry, done](
                          SessionSecrets stored, const QString& error) {
        if (alive.expired()) {
            return;
        }
        if (!error.isEmpty()) {
            report(done, error);
            return;
        }
        stored.secretProperties.insert(moved.secretProperties);
        writeSecrets(newName, stored, dropOldEntry);
    });
    return {};
}

QString ProfileStore::remove(const QString& name, SecretsDone done) {
    const qsizetype index = indexOf(name);
    if (index < 0) {
        return QString("There is no connection named '%1'.").arg(name);
    }
    QList<ConnectionProfile> next = profiles_;
    next.removeAt(index);
    if (const QString error = save(next, lastUsed_ == name ? QString() : lastUsed_); !error.isEmpty()) {
        return error;
    }
    secrets_.remove(secretKey(name), [done](const QString& error) { report(done, error); });
    return {};
}

void ProfileStore::loadSecrets(const QString& name, SecretsLoaded loaded) const {
    secrets_.read(secretKey(name),
                  [loaded = std::move(loaded)](const std::optional<QString>& stored, const QString& error) {
                      loaded(stored ? decodeSecrets(*stored) : SessionSecrets{}, error);
                  });
}

QString ProfileStore::lastUsed() const { return indexOf(lastUsed_) >= 0 ? lastUsed_ : QString(); }

QString ProfileStore::setLastUsed(const QString& name) {
    if (indexOf(name) < 0) {
        return QString("There is no connection named '%1'.").arg(name);
    }
    return save(profiles_, name);
}

QByteArray ProfileStore::exportJson(const QStringList& names) const {
    QList<ConnectionProfile> chosen;
    for (const ConnectionProfile& profile : profiles_) {
        if (names.isEmpty() || names.contains(profile.name)) {
            chosen.append(profile);
        }
    }
    return exportProfiles(chosen);
}

ProfileImport ProfileStore::importJson(const QByteArray& json) {
    QStringList existing;
    for (const ConnectionProfile& profile : std::as_const(profiles_)) {
        existing.append(profile.name);
    }
    ProfileImport result = importProfiles(json, existing);
    if (!result.error.isEmpty()) {
        return result;
    }
    if (const QString error = save(profiles_ + result.profiles, lastUsed_); !error.isEmpty()) {
        result.error = error;
        result.profiles.clear();
        result.renamed.clear();
    }
    return result;
}

}  // namespace tideline::model
