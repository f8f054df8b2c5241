#include "model/librdkafka_session.h"

#include <QThread>

#include "model/session_worker.h"

namespace tideline::model {
namespace {

LagHistorySettings lagHistorySettingsFor(const SessionOptions& options) {
    LagHistorySettings settings;
    settings.resolution = options.offsetsInterval;  // one lag report per offsets poll
    return settings;
}

}  // namespace

void ResultGate::beginRun(quint32 run) {
    open_ = true;
    run_ = run;
    lastSnapshotId_ = 0;
    lastLagReportId_ = 0;
}

bool ResultGate::acceptNewer(quint64 requestId, quint64& lastTaken) {
    if (!open_ || runOfRequestId(requestId) != run_ || requestId <= lastTaken) {
        return false;
    }
    lastTaken = requestId;
    return true;
}

LibrdkafkaSession::LibrdkafkaSession(ConnectionProfile profile, SessionSecrets secrets,
                                     SessionOptions options, QObject* parent)
    : ClusterSession(parent),
      profile_(std::move(profile)),
      secrets_(std::move(secrets)),
      options_(std::move(options)),
      lagHistory_(lagHistorySettingsFor(options_)) {}

LibrdkafkaSession::~LibrdkafkaSession() {
    stop();
    for (const QPointer<QThread>& thread : std::as_const(finishing_)) {
        if (thread) {
            thread->wait();
            delete thread.data();
        }
    }
}

void LibrdkafkaSession::start() {
    if (thread_ != nullptr) {
        return;
    }
    ++run_;
    gate_.beginRun(run_);
    stopping_ = std::make_shared<std::atomic_bool>(false);

    thread_ = new QThread;  // no parent: it may outlive a stop(), and is deleted once finished
    thread_->setObjectName("session:" + profile_.name);
    worker_ = new SessionWorker(profile_, secrets_, options_, run_, stopping_);
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::started, worker_, &SessionWorker::start);
    // Deleted on its own thread, which is where its client must be destroyed.
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &SessionWorker::snapshotTaken, this, &LibrdkafkaSession::takeSnapshot);
    connect(worker_, &SessionWorker::stateReported, this, &LibrdkafkaSession::takeState);
    connect(worker_, &SessionWorker::lagReportTaken, this, &LibrdkafkaSession::takeLagReport);

    setState({SessionStatus::Connecting, {}, 0});
    thread_->start();
}

void LibrdkafkaSession::stop() {
    if (thread_ == nullptr) {
        return;
    }
    gate_.endRun();
    stopping_->store(true);  // the worker checks this between blocking calls
    connect(thread_, &QThread::finished, thread_, &QObject::deleteLater);
    thread_->quit();
    finishing_.removeAll(nullptr);
    finishing_.append(thread_);
    thread_ = nullptr;
    worker_ = nullptr;
    setState({SessionStatus::Stopped, {}, 0});
}

void LibrdkafkaSession::refreshNow() {
    if (worker_ != nullptr) {
        QMetaObject::invokeMethod(worker_, &SessionWorker::refreshNow, Qt::QueuedConnection);
    }
}

void LibrdkafkaSession::takeSnapshot(const ClusterSnapshot& snapshot) {
    if (gate_.acceptSnapshot(snapshot.requestId)) {
        emit snapshotReady(snapshot);
    }
}

void LibrdkafkaSession::takeState(quint32 run, const SessionState& state) {
    if (gate_.acceptsState(run)) {
        setState(state);
    }
}

void LibrdkafkaSession::takeLagReport(const LagReport& report) {
    if (gate_.acceptLagReport(report.requestId)) {
        lagHistory_.record(report);
        emit lagReportReady(report);
    }
}

void LibrdkafkaSession::setState(const SessionState& state) {
    if (state == state_) {
        return;
    }
    state_ = state;
    emit stateChanged(state_);
}

}  // namespace tideline::model
