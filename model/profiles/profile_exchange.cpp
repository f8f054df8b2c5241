#include "model/profiles/profile_exchange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace tideline::model {
namespace {

const QString kFormat = QStringLiteral("tideline-connections");
constexpr int kVersion = 1;

QString freeName(const QString& wanted, const QSet<QString>& taken) {
    if (!taken.contains(wanted)) {
        return wanted;
    }
    for (int suffix = 2;; ++suffix) {
        const QString candidate = QString("%1 (%2)").arg(wanted).arg(suffix);
        if (!taken.contains(candidate)) {
            return candidate;
        }
    }
}

ProfileImport refused(const QString& error) {
    ProfileImport result;
    result.error = error;
    return result;
}

}  // namespace

QByteArray exportProfiles(const QList<ConnectionProfile>& profiles) {
    QJsonArray list;
    for (const ConnectionProfile& profile : profiles) {
        list.append(toJson(profile));  // toJson leaves secret properties out
    }
    const QJsonObject root{{"format", kFormat}, {"version", kVersion}, {"profiles", list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

ProfileImport importProfiles(const QByteArray& json, const QStringList& existingNames) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return refused(QString("The file is not valid JSON: %1 at character %2.")
                           .arg(parseError.errorString())
                           .arg(parseError.offset));
    }
    QJsonArray list;
    if (document.isArray()) {
        list = document.array();
    } else {
        const QJsonObject root = document.object();
        if (root.contains("format") && root.value("format").toString() != kFormat) {
            return refused(QString("The file is not a Tideline connections file (format '%1').")
                               .arg(root.value("format").toString()));
        }
        if (root.value("version").toInt(kVersion) > kVersion) {
            return refused(QString("The file was written by a newer Tideline (version %1); this one reads "
                                   "version %2.")
                               .arg(root.value("version").toInt())
                               .arg(kVersion));
        }
        if (!root.value("profiles").isArray()) {
            return refused("The file has no 'profiles' list.");
        }
        list = root.value("profiles").toArray();
    }

    ProfileImport result;
    QSet<QString> taken(existingNames.cbegin(), existingNames.cend());
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString where = QString("Profile %1").arg(i + 1);
        if (!list.at(i).isObject()) {
            return refused(where + " is not a JSON object.");
        }
        QString error;
        std::optional<ConnectionProfile> profile = connectionProfileFromJson(list.at(i).toObject(), &error);
        if (!profile) {
            return refused(QString("%1: %2").arg(where, error));
        }
        if (const QString problem = validateConnectionProfile(*profile); !problem.isEmpty()) {
            return refused(QString("%1 ('%2'): %3").arg(where, profile->name, problem));
        }
        // A shared file carries no secrets; any that slipped in are dropped, never stored in settings.
        for (auto it = profile->extraProperties.begin(); it != profile->extraProperties.end();) {
            it = isSecretProperty(it.key()) ? profile->extraProperties.erase(it) : std::next(it);
        }
        const QString name = freeName(profile->name, taken);
        if (name != profile->name) {
            result.renamed.append({profile->name, name});
            profile->name = name;
        }
        taken.insert(name);
        result.profiles.append(*profile);
    }
    return result;
}

}  // namespace tideline::model
