// Profiles as a JSON file to share with colleagues: never with secrets.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <utility>

#include "model/connection_profile.h"

namespace tideline::model {

// {"format": "tideline-connections", "version": 1, "profiles": [ <toJson(profile)>, ... ]}
QByteArray exportProfiles(const QList<ConnectionProfile>& profiles);

struct ProfileImport {
    QString error;  // empty on success; then nothing else went wrong
    QList<ConnectionProfile> profiles;
    // (name in the file, name given) for each profile that was renamed to avoid a clash.
    QList<std::pair<QString, QString>> renamed;
};

// All or nothing: malformed JSON, a wrong shape or any invalid profile refuses the whole file, with
// the profile's position and name in the message. Also takes a bare array of profiles. A name that
// clashes with `existingNames` or with an earlier profile of the file never replaces anything: the
// profile gets the first free name of "<name> (2)", "<name> (3)", ..., and is listed in `renamed`.
ProfileImport importProfiles(const QByteArray& json, const QStringList& existingNames);

}  // namespace tideline::model
