#include "ui/cluster_connection.h"

#include "model/librdkafka_session.h"
#include "model/models/brokers_model.h"
#include "model/models/consumer_groups_model.h"
#include "model/models/topics_model.h"

namespace tideline::ui {

ClusterConnection::ClusterConnection(model::ConnectionProfile profile, model::SessionOptions options,
                                     QObject* parent)
    : QObject(parent),
      profile_(std::move(profile)),
      options_(std::move(options)),
      brokers_(new model::BrokersModel(this)),
      topics_(new model::TopicsModel(this)),
      groups_(new model::ConsumerGroupsModel(this)) {
    model::registerSessionMetaTypes();
}

ClusterConnection::~ClusterConnection() = default;

const model::LagHistory* ClusterConnection::lagHistory() const {
    return session_ != nullptr ? &session_->lagHistory() : nullptr;
}

model::ClusterSession* ClusterConnection::session() const { return session_; }

void ClusterConnection::setSecrets(const model::SessionSecrets& secrets) {
    if (secrets == secrets_) {
        return;
    }
    secrets_ = secrets;
    if (session_ != nullptr && isActive()) {
        const QString servers = servers_;
        servers_.clear();  // so that connectTo replaces the session instead of keeping it
        connectTo(servers);
    }
}

void ClusterConnection::start() { connectTo(profile_.bootstrapServers); }

void ClusterConnection::connectTo(const QString& bootstrapServers) {
    if (session_ != nullptr && bootstrapServers == servers_) {
        if (state_.status == model::SessionStatus::Stopped) {
            session_->start();
        }
        return;
    }
    if (session_ != nullptr) {
        // Deleting a session waits for its thread, bounded by the request timeout; stopping first
        // means the thread is already leaving its blocking call when the delete comes.
        disconnect(session_, nullptr, this, nullptr);
        session_->stop();
        session_->deleteLater();
    }
    servers_ = bootstrapServers;
    model::ConnectionProfile profile = profile_;
    profile.bootstrapServers = bootstrapServers;
    session_ = new model::LibrdkafkaSession(profile, secrets_, options_, this);
    connect(session_, &model::ClusterSession::snapshotReady, this, &ClusterConnection::takeSnapshot);
    connect(session_, &model::ClusterSession::stateChanged, this, &ClusterConnection::takeState);
    connect(session_, &model::ClusterSession::lagReportReady, this, [this](const model::LagReport& report) {
        lagReport_ = report;
        emit lagReportChanged();
    });
    session_->start();
}

void ClusterConnection::stop() {
    if (session_ != nullptr) {
        session_->stop();
    }
}

void ClusterConnection::refreshNow() {
    if (session_ != nullptr) {
        session_->refreshNow();
    }
}

void ClusterConnection::takeSnapshot(const model::ClusterSnapshot& snapshot) {
    snapshot_ = snapshot;
    lastRefresh_ = QDateTime::currentDateTime();
    brokers_->applySnapshot(snapshot);
    topics_->applySnapshot(snapshot);
    groups_->applySnapshot(snapshot);
    emit snapshotChanged();
}

void ClusterConnection::takeState(const model::SessionState& state) {
    state_ = state;
    emit stateChanged(state_);
}

}  // namespace tideline::ui
