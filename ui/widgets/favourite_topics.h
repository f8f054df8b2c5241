// The topics a user starred, per connection profile, kept in QSettings (group "favourites", one list
// per profile name) so that they are there again after a restart.
#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

namespace tideline::ui {

class FavouriteTopics : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

    // Loads the favourites of this profile (empty name: none, nothing saved).
    void setProfile(const QString& profileName);
    QString profile() const { return profile_; }
    bool contains(const QString& topic) const { return topics_.contains(topic); }
    QStringList topics() const;
    // Stars every topic given when any of them is not starred yet, otherwise unstars them all; saves.
    void toggle(const QStringList& topics);

signals:
    void changed();

private:
    void save() const;

    QString profile_;
    QSet<QString> topics_;
};

}  // namespace tideline::ui
