// LagHistory's persistence: one SQLite table, rows per point, unknown figures as NULL. The schema
// version lives in SQLite's user_version, so a file written by a newer Tideline is refused rather
// than misread.
#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "model/lag/history.h"

namespace tideline::model {
namespace {

const char* const kCreateTable = R"(
    CREATE TABLE lag_history (
        profile TEXT NOT NULL,
        consumer_group TEXT NOT NULL,
        topic TEXT NOT NULL,
        partition INTEGER NOT NULL,
        downsampled INTEGER NOT NULL,
        time_ms INTEGER NOT NULL,
        offset_lag INTEGER,
        offset_lag_max INTEGER,
        time_lag REAL,
        time_lag_max REAL,
        produce_rate REAL,
        consume_rate REAL,
        samples INTEGER NOT NULL,
        PRIMARY KEY (profile, consumer_group, topic, partition, downsampled, time_ms)
    ) WITHOUT ROWID)";

QVariant lagValue(qint64 value) {
    return value >= 0 ? QVariant(value) : QVariant(QMetaType::fromType<qint64>());
}

QVariant figureValue(float value) {
    return std::isnan(value) ? QVariant(QMetaType::fromType<double>()) : QVariant(double(value));
}

// A null QString binds as SQL NULL; the group-wide key's empty topic must be stored as ''.
QString notNull(const QString& text) { return text.isNull() ? QStringLiteral("") : text; }

qint64 lagFrom(const QVariant& value) { return value.isNull() ? -1 : value.toLongLong(); }

float figureFrom(const QVariant& value) { return value.isNull() ? kUnknownFigure : float(value.toDouble()); }

bool failed(const QString& what, const QSqlError& sqlError, QString* error) {
    *error = QString("%1: %2").arg(what, sqlError.text());
    return false;
}

bool prepareSchema(QSqlDatabase& db, QString* error) {
    QSqlQuery query(db);
    if (!query.exec("PRAGMA user_version") || !query.next()) {
        return failed("Reading the lag history's schema version failed", query.lastError(), error);
    }
    const int version = query.value(0).toInt();
    if (version == LagHistory::kSchemaVersion) {
        return true;
    }
    if (version > LagHistory::kSchemaVersion) {
        *error = QString("The lag history was written by a newer Tideline (schema %1, this one reads %2).")
                     .arg(version)
                     .arg(LagHistory::kSchemaVersion);
        return false;
    }
    // Version 0 is a new, empty file; later versions will migrate from here.
    if (!query.exec(kCreateTable) ||
        !query.exec(QString("PRAGMA user_version = %1").arg(LagHistory::kSchemaVersion))) {
        return failed("Creating the lag history table failed", query.lastError(), error);
    }
    return true;
}

// Runs `work` on a database connection of its own, named uniquely so that saves from several threads
// or histories never share one.
template <typename Work>
bool withDatabase(const QString& path, QString* error, Work work) {
    static QAtomicInteger<quint64> connections;
    const QString name = QString("tideline-lag-history-%1").arg(connections.fetchAndAddRelaxed(1));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
        db.setDatabaseName(path);
        if (!db.open()) {
            ok = failed(QString("Opening %1 failed").arg(path), db.lastError(), error);
        } else {
            ok = prepareSchema(db, error) && work(db);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

}  // namespace

bool LagHistory::save(const QString& path, const QString& profile, QString* error) const {
    return withDatabase(path, error, [&](QSqlDatabase& db) {
        if (!db.transaction()) {
            return failed("Starting to save the lag history failed", db.lastError(), error);
        }
        QSqlQuery query(db);
        query.prepare("DELETE FROM lag_history WHERE profile = ?");
        query.addBindValue(profile);
        if (!query.exec()) {
            db.rollback();
            return failed("Clearing the saved lag history failed", query.lastError(), error);
        }
        query.prepare(
            "INSERT INTO lag_history VALUES (:profile, :group, :topic, :partition, :downsampled, :time, "
            ":lag, :lag_max, :time_lag, :time_lag_max, :produce, :consume, :samples)");
        for (const LagHistoryKey& key : keys()) {
            for (const LagHistoryPoint& point : series(key)) {
                query.bindValue(":profile", profile);
                query.bindValue(":group", notNull(key.group));
                query.bindValue(":topic", notNull(key.topic));
                query.bindValue(":partition", key.partition);
                query.bindValue(":downsampled", point.downsampled ? 1 : 0);
                query.bindValue(":time", point.timeMs);
                query.bindValue(":lag", lagValue(point.offsetLag));
                query.bindValue(":lag_max", lagValue(point.offsetLagMax));
                query.bindValue(":time_lag", figureValue(point.timeLagSeconds));
                query.bindValue(":time_lag_max", figureValue(point.timeLagSecondsMax));
                query.bindValue(":produce", figureValue(point.produceRate));
                query.bindValue(":consume", figureValue(point.consumeRate));
                query.bindValue(":samples", point.samples);
                if (!query.exec()) {
                    db.rollback();
                    return failed("Saving the lag history failed", query.lastError(), error);
                }
            }
        }
        return db.commit() || failed("Saving the lag history failed", db.lastError(), error);
    });
}

bool LagHistory::load(const QString& path, const QString& profile, qint64 nowMs, QString* error) {
    std::map<LagHistoryKey, KeyHistory> loaded;
    std::swap(loaded, histories_);  // the file's content replaces, never mixes with, what was here
    const bool ok = withDatabase(path, error, [&](QSqlDatabase& db) {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        // Per key, minutes before samples, each in time order: the order record() and pushMinute() need.
        query.prepare(
            "SELECT consumer_group, topic, partition, downsampled, time_ms, offset_lag, offset_lag_max, "
            "time_lag, time_lag_max, produce_rate, consume_rate, samples FROM lag_history "
            "WHERE profile = ? AND time_ms >= ? "
            "ORDER BY consumer_group, topic, partition, downsampled DESC, time_ms");
        query.addBindValue(profile);
        query.addBindValue(minuteOf(nowMs - std::chrono::milliseconds(settings_.span).count()));
        if (!query.exec()) {
            return failed("Reading the lag history failed", query.lastError(), error);
        }
        while (query.next()) {
            const LagHistoryKey key{query.value(0).toString(), query.value(1).toString(),
                                    query.value(2).toInt()};
            if (query.value(3).toInt() != 0) {
                LagMinute minute{query.value(4).toLongLong(), lagFrom(query.value(5)),
                                 lagFrom(query.value(6)),     figureFrom(query.value(7)),
                                 figureFrom(query.value(8)),  figureFrom(query.value(9)),
                                 figureFrom(query.value(10)), query.value(11).toInt()};
                pushMinute(historyOf(key), minute);
            } else {
                record(key, LagSample{query.value(4).toLongLong(), lagFrom(query.value(5)),
                                      figureFrom(query.value(7)), figureFrom(query.value(9)),
                                      figureFrom(query.value(10))});
            }
        }
        return true;
    });
    if (!ok) {
        std::swap(loaded, histories_);
        return false;
    }
    for (auto& entry : histories_) {
        trim(entry.second, nowMs);
    }
    return true;
}

}  // namespace tideline::model
