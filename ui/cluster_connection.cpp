#include "ui/cluster_connection.h"

#include <QFutureWatcher>
#include <QtConcurrent>

#include "model/librdkafka_session.h"

namespace tideline::ui {

ClusterConnection::ClusterConnection(model::ConnectionProfile profile, model::SessionOptions options,
                                     QObject* parent)
    : QObject(parent),
      profile_(std::move(profile)),
      options_(std::move(options)),
      brokers_(new model::BrokersModel(this)),
      topics_(new model::TopicsModel(this)),
      groups_(new model::ConsumerGroupsModel(this)),
      preparing_(new QFutureWatcher<PreparedRows>(this)) {
    model::registerSessionMetaTypes();
    connect(preparing_, &QFutureWatcher<PreparedRows>::finished, this, &ClusterConnection::applyPrepared);
}

ClusterConnection::~ClusterConnection() {
    // The preparation reads only its own copies, but its result must not arrive at a dead object.
    preparing_->waitForFinished();
}

const model::LagHistory* ClusterConnection::lagHistory() const {
    return session_ != nullptr ? &session_->lagHistory() : nullptr;
}

void ClusterConnection::setChartedGroup(const QString& group) {
    if (session_ != nullptr && !chartedGroup_.isEmpty()) {
        session_->followLagPartitions(chartedGroup_, false);
    }
    chartedGroup_ = group;
    if (session_ != nullptr && !chartedGroup_.isEmpty()) {
        session_->followLagPartitions(chartedGroup_, true);
    }
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
    if (!chartedGroup_.isEmpty()) {
        session_->followLagPartitions(chartedGroup_, true);
    }
    connect(session_, &model::ClusterSession::snapshotReady, this, &ClusterConnection::takeSnapshot);
    connect(session_, &model::ClusterSession::stateChanged, this, &ClusterConnection::takeState);
    connect(session_, &model::ClusterSession::lagReportReady, this, [this](const model::LagReport& report) {
        lagReport_ = report;
        groups_->applyLagReport(report);
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
    pending_ = snapshot;
    if (!preparing_->isRunning()) {
        prepareNext();
    }
}

void ClusterConnection::prepareNext() {
    if (!pending_) {
        return;
    }
    // Building and diffing rows is linear in partitions: 100,000 of them would stall the GUI thread,
    // so it runs on the pool with copies (QLists share their data) and only the diff is applied here.
    model::ClusterSnapshot next = *std::exchange(pending_, std::nullopt);
    std::optional<model::ClusterSnapshot> previous = snapshot_;
    auto brokers = brokers_->rows();
    auto topics = topics_->rows();
    auto groups = groups_->rows();
    const quint64 brokersRevision = brokers_->revision();
    const quint64 topicsRevision = topics_->revision();
    const quint64 groupsRevision = groups_->revision();
    preparing_->setFuture(QtConcurrent::run([=, next = std::move(next)] {
        const model::ClusterSnapshot* before = previous ? &*previous : nullptr;
        PreparedRows prepared;
        prepared.brokers =
            model::prepareRowsUpdate(brokers, brokersRevision, model::BrokersModel::rowsFrom(next));
        prepared.topics =
            model::prepareRowsUpdate(topics, topicsRevision, model::TopicsModel::rowsFrom(next, before));
        prepared.groups = model::prepareRowsUpdate(groups, groupsRevision,
                                                   model::ConsumerGroupsModel::rowsFrom(next, before));
        prepared.snapshot = next;
        return prepared;
    }));
}

void ClusterConnection::applyPrepared() {
    PreparedRows prepared = preparing_->result();
    // Updates prepared against rows that changed meanwhile are diffed again by applyUpdate itself.
    brokers_->applyUpdate(std::move(prepared.brokers));
    topics_->applyUpdate(std::move(prepared.topics));
    groups_->applyUpdate(std::move(prepared.groups));
    snapshot_ = std::move(prepared.snapshot);
    lastRefresh_ = QDateTime::currentDateTime();
    emit snapshotChanged();
    prepareNext();
}

void ClusterConnection::takeState(const model::SessionState& state) {
    state_ = state;
    emit stateChanged(state_);
}

}  // namespace tideline::ui
