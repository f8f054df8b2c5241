// How a LibrdkafkaSession polls, and the secrets it connects with. Secrets come from the keychain at
// connect time and are handed over separately, so a ConnectionProfile never carries one.
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <chrono>

#include "model/lag/lag_engine.h"

namespace tideline::model {

struct SessionSecrets {
    QString saslPassword;
    QString sslKeyPassword;  // for an encrypted client key (mutual TLS)
    // Extra librdkafka properties that isSecretProperty() keeps out of saved profiles.
    QMap<QString, QString> secretProperties;

    bool operator==(const SessionSecrets&) const = default;
};

struct SessionOptions {
    std::chrono::milliseconds metadataInterval{5000};  // brokers, topics, partitions, groups
    std::chrono::milliseconds offsetsInterval{2000};   // watermarks and committed offsets: lag, rates
    // Bound on every blocking librdkafka call, so an unreachable cluster turns into an error in this
    // time and stopping a session never waits longer.
    std::chrono::milliseconds requestTimeout{5000};
    std::chrono::milliseconds firstRetryDelay{1000};  // doubled after each failure, up to maxRetryDelay
    std::chrono::milliseconds maxRetryDelay{30000};
    int maxGroupOffsetRequestsInFlight = 8;
    // Groups polled even when the cluster refuses to list groups (no DESCRIBE on the cluster).
    QStringList watchedGroups;

    LagEngineSettings lag;
    // Exact time lags need the timestamp of each lagging group's next record. Reading them holds up
    // the session's next poll, so each round reads at most this many, for at most this long.
    int maxRecordTimestampsPerRound = 200;
    std::chrono::milliseconds recordTimestampTimeout{2000};

    // SQLite file the lag history is kept in, under the profile's name, so charts survive a restart:
    // loaded on the session's first start, saved on every stop (and so on destruction). Empty: kept
    // in memory only.
    QString lagHistoryPath;
};

}  // namespace tideline::model
