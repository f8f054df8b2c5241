#include "ui/widgets/favourite_topics.h"

#include <QSettings>
#include <QUrl>
#include <algorithm>

namespace tideline::ui {
namespace {

// Profile names may hold '/' and '\', which QSettings would read as groups.
QString settingsKey(const QString& profile) {
    return "favourites/" + QString::fromLatin1(QUrl::toPercentEncoding(profile));
}

}  // namespace

void FavouriteTopics::setProfile(const QString& profileName) {
    profile_ = profileName;
    topics_.clear();
    if (!profile_.isEmpty()) {
        const QStringList saved = QSettings().value(settingsKey(profile_)).toStringList();
        topics_ = QSet<QString>(saved.begin(), saved.end());
    }
    emit changed();
}

QStringList FavouriteTopics::topics() const {
    QStringList list(topics_.begin(), topics_.end());
    std::sort(list.begin(), list.end());
    return list;
}

void FavouriteTopics::toggle(const QStringList& topics) {
    if (topics.isEmpty()) {
        return;
    }
    const bool star = std::any_of(topics.begin(), topics.end(),
                                  [this](const QString& topic) { return !topics_.contains(topic); });
    for (const QString& topic : topics) {
        if (star) {
            topics_.insert(topic);
        } else {
            topics_.remove(topic);
        }
    }
    save();
    emit changed();
}

void FavouriteTopics::save() const {
    if (!profile_.isEmpty()) {
        QSettings().setValue(settingsKey(profile_), topics());
    }
}

}  // namespace tideline::ui
