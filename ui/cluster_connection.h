// One cluster as the window shows it: its session, the table models fed by its snapshots, and the
// latest snapshot for pages that read facts directly. A connection outlives switching to another
// sidebar entry (its session is only stopped), so coming back is instant and the lag history stays.
#pragma once

#include <QDateTime>
#include <QObject>
#include <optional>

#include "model/models/brokers_model.h"
#include "model/models/consumer_groups_model.h"
#include "model/models/topics_model.h"

#include "model/cluster_session.h"
#include "model/connection_profile.h"
#include "model/session_options.h"
#include "model/snapshot.h"

template <typename T>
class QFutureWatcher;

namespace tideline::model {
class LagHistory;
class LibrdkafkaSession;
}  // namespace tideline::model

namespace tideline::ui {

class ClusterConnection : public QObject {
    Q_OBJECT

public:
    ClusterConnection(model::ConnectionProfile profile, model::SessionOptions options,
                      QObject* parent = nullptr);
    ~ClusterConnection() override;

    const model::ConnectionProfile& profile() const { return profile_; }
    // The profile's passwords (they come from the keychain later than the profile); a running session
    // with other secrets is replaced.
    void setSecrets(const model::SessionSecrets& secrets);
    // Applies to sessions created from now on.
    void setOptions(const model::SessionOptions& options) { options_ = options; }
    // Starts a session on these servers; another list replaces the session (same list: no change).
    void connectTo(const QString& bootstrapServers);
    void start();  // with the profile's own servers
    void stop();
    void refreshNow();

    bool isActive() const { return session_ != nullptr && state_.status != model::SessionStatus::Stopped; }
    model::SessionState state() const { return state_; }
    // The latest snapshot; empty until the first one arrived.
    const std::optional<model::ClusterSnapshot>& snapshot() const { return snapshot_; }
    QDateTime lastRefresh() const { return lastRefresh_; }
    // Null until a session exists.
    const model::LagHistory* lagHistory() const;
    // The group a lag chart shows: its per-partition history is recorded from now on, on this session
    // and the ones that replace it, even on a cluster too large to keep every group's partitions.
    void setChartedGroup(const QString& group);
    const std::optional<model::LagReport>& lagReport() const { return lagReport_; }

    // Runs the operations (create topic, browse, ...); null until a session exists.
    model::ClusterSession* session() const;
    bool readOnly() const { return profile_.readOnly; }

    model::BrokersModel* brokers() const { return brokers_; }
    model::TopicsModel* topics() const { return topics_; }
    model::ConsumerGroupsModel* groups() const { return groups_; }

signals:
    void snapshotChanged();
    void stateChanged(const tideline::model::SessionState& state);
    void lagReportChanged();

public:
    // New rows for the three tables, computed and diffed off the GUI thread.
    struct PreparedRows {
        model::ClusterSnapshot snapshot;
        model::RowsUpdate<model::BrokerRow> brokers;
        model::RowsUpdate<model::TopicRow> topics;
        model::RowsUpdate<model::ConsumerGroupRow> groups;
    };

private:
    void takeSnapshot(const model::ClusterSnapshot& snapshot);
    void prepareNext();
    void applyPrepared();
    void takeState(const model::SessionState& state);

    model::ConnectionProfile profile_;
    model::SessionOptions options_;
    model::SessionSecrets secrets_;
    QString servers_;
    model::LibrdkafkaSession* session_ = nullptr;
    model::SessionState state_;
    std::optional<model::ClusterSnapshot> snapshot_;
    // The newest snapshot not yet prepared; older ones waiting behind a preparation are skipped.
    std::optional<model::ClusterSnapshot> pending_;
    std::optional<model::LagReport> lagReport_;
    QString chartedGroup_;
    QDateTime lastRefresh_;
    model::BrokersModel* brokers_;
    model::TopicsModel* topics_;
    model::ConsumerGroupsModel* groups_;
    QFutureWatcher<PreparedRows>* preparing_;
};

}  // namespace tideline::ui
