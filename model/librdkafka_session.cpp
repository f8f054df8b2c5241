#include "model/librdkafka_session.h"

#include <QDateTime>
#include <QFile>
#include <QThread>

#include "model/client_properties.h"
#include "model/operations/operations_worker.h"
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
    if (!options_.lagHistoryPath.isEmpty() && !lagHistoryLoaded_) {
        lagHistoryLoaded_ = true;  // once: later starts continue the history kept in memory
        QString error;
        // No file yet is the first run, not a failure.
        if (QFile::exists(options_.lagHistoryPath) &&
            !lagHistory_.load(options_.lagHistoryPath, profile_.name, QDateTime::currentMSecsSinceEpoch(),
                              &error)) {
            qWarning("Lag history of '%s' not loaded: %s", qPrintable(profile_.name), qPrintable(error));
        }
        lagHistoryError_ = error;
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
    stopping_->store(true);  // the workers check this between blocking calls
    finishing_.removeAll(nullptr);
    for (QThread* thread : {thread_, operationsThread_}) {
        if (thread != nullptr) {
            connect(thread, &QThread::finished, thread, &QObject::deleteLater);
            thread->quit();
            finishing_.append(thread);
        }
    }
    thread_ = nullptr;
    worker_ = nullptr;
    operationsThread_ = nullptr;
    operationsWorker_ = nullptr;
    if (!options_.lagHistoryPath.isEmpty()) {
        QString error;
        if (!lagHistory_.save(options_.lagHistoryPath, profile_.name, &error)) {
            qWarning("Lag history of '%s' not saved: %s", qPrintable(profile_.name), qPrintable(error));
        }
        lagHistoryError_ = error;
    }
    setState({SessionStatus::Stopped, {}, 0});
}

void LibrdkafkaSession::refreshNow() {
    if (worker_ != nullptr) {
        QMetaObject::invokeMethod(worker_, &SessionWorker::refreshNow, Qt::QueuedConnection);
    }
}

QString LibrdkafkaSession::operationRefusal(bool changesCluster) const {
    if (thread_ == nullptr) {
        return QString("The connection '%1' is not open.").arg(profile_.name);
    }
    if (changesCluster && profile_.readOnly) {
        return QString("The connection '%1' is read-only: it does not change the cluster.")
            .arg(profile_.name);
    }
    return {};
}

quint64 LibrdkafkaSession::nextOperationId() { return makeRequestId(run_, ++operationSequence_); }

void LibrdkafkaSession::startOperationsThread() {
    operationsThread_ = new QThread;  // like the polling thread: deleted once finished after a stop
    operationsThread_->setObjectName("session:" + profile_.name + ":ops");
    operationsWorker_ = new OperationsWorker(clientProperties(profile_, secrets_, options_),
                                             options_.requestTimeout, stopping_);
    operationsWorker_->moveToThread(operationsThread_);
    connect(operationsThread_, &QThread::finished, operationsWorker_, &QObject::deleteLater);
    connect(operationsWorker_, &OperationsWorker::configsDescribed, this,
            [this](const ConfigDescription& description) {
                if (acceptsOperationResult(description.requestId)) {
                    emit configsDescribed(description);
                }
            });
    connect(
        operationsWorker_, &OperationsWorker::operationFinished, this, [this](const OperationResult& result) {
            if (!acceptsOperationResult(result.requestId)) {
                return;
            }
            // The polling thread caches min.insync.replicas; a change made here must not wait for its
            // refresh.
            if (result.kind == OperationKind::AlterTopicConfigs && !result.validateOnly &&
                worker_ != nullptr) {
                for (const OperationItem& item : result.items) {
                    QMetaObject::invokeMethod(
                        worker_, [worker = worker_, topic = item.name] { worker->forgetTopicConfig(topic); },
                        Qt::QueuedConnection);
                }
            }
            emit operationFinished(result);
        });
    connect(operationsWorker_, &OperationsWorker::offsetResetFinished, this,
            [this](const OffsetResetResult& result) {
                if (acceptsOperationResult(result.requestId)) {
                    emit offsetResetFinished(result);
                }
            });
    connect(operationsWorker_, &OperationsWorker::recordsBrowsed, this, [this](const BrowseResult& result) {
        if (acceptsOperationResult(result.requestId)) {
            emit recordsBrowsed(result);
        }
    });
    operationsThread_->start();
}

void LibrdkafkaSession::post(std::function<void(OperationsWorker*)> work) {
    if (operationsThread_ == nullptr) {
        startOperationsThread();
    }
    QMetaObject::invokeMethod(
        operationsWorker_, [worker = operationsWorker_, work = std::move(work)] { work(worker); },
        Qt::QueuedConnection);
}

bool LibrdkafkaSession::acceptsOperationResult(quint64 requestId) const {
    return gate_.acceptsState(runOfRequestId(requestId));
}

void LibrdkafkaSession::refuseLater(const OperationResult& result) {
    // Queued, so that a caller always gets its result after the call returned, as when it runs.
    QMetaObject::invokeMethod(
        this, [this, result] { emit operationFinished(result); }, Qt::QueuedConnection);
}

quint64 LibrdkafkaSession::runOperation(OperationKind kind, bool changesCluster, bool validateOnly,
                                        std::function<void(OperationsWorker*, quint64)> work) {
    const quint64 id = nextOperationId();
    if (const QString refusal = operationRefusal(changesCluster && !validateOnly); !refusal.isEmpty()) {
        OperationResult result;
        result.requestId = id;
        result.kind = kind;
        result.validateOnly = validateOnly;
        result.error = refusal;
        refuseLater(result);
        return id;
    }
    post([id, work = std::move(work)](OperationsWorker* worker) { work(worker, id); });
    return id;
}

quint64 LibrdkafkaSession::describeConfigs(const ConfigResource& resource) {
    const quint64 id = nextOperationId();
    if (const QString refusal = operationRefusal(false); !refusal.isEmpty()) {
        ConfigDescription description;
        description.requestId = id;
        description.resource = resource;
        description.error = refusal;
        QMetaObject::invokeMethod(
            this, [this, description] { emit configsDescribed(description); }, Qt::QueuedConnection);
        return id;
    }
    post([id, resource](OperationsWorker* worker) { worker->describeConfigs(id, resource); });
    return id;
}

quint64 LibrdkafkaSession::createTopic(const NewTopicSpec& spec, bool validateOnly) {
    return runOperation(OperationKind::CreateTopic, true, validateOnly,
                        [spec, validateOnly](OperationsWorker* worker, quint64 id) {
                            worker->createTopic(id, spec, validateOnly);
                        });
}

quint64 LibrdkafkaSession::deleteTopics(const QStringList& topics) {
    return runOperation(OperationKind::DeleteTopics, true, false,
                        [topics](OperationsWorker* worker, quint64 id) { worker->deleteTopics(id, topics); });
}

quint64 LibrdkafkaSession::createPartitions(const QString& topic, int totalPartitions, bool validateOnly) {
    return runOperation(OperationKind::CreatePartitions, true, validateOnly,
                        [topic, totalPartitions, validateOnly](OperationsWorker* worker, quint64 id) {
                            worker->createPartitions(id, topic, totalPartitions, validateOnly);
                        });
}

quint64 LibrdkafkaSession::alterTopicConfigs(const QString& topic, const QList<ConfigChange>& changes,
                                             bool validateOnly) {
    return runOperation(OperationKind::AlterTopicConfigs, true, validateOnly,
                        [topic, changes, validateOnly](OperationsWorker* worker, quint64 id) {
                            worker->alterTopicConfigs(id, topic, changes, validateOnly);
                        });
}

quint64 LibrdkafkaSession::deleteRecords(const QList<PartitionOffset>& before) {
    return runOperation(
        OperationKind::DeleteRecords, true, false,
        [before](OperationsWorker* worker, quint64 id) { worker->deleteRecords(id, before); });
}

quint64 LibrdkafkaSession::deleteGroup(const QString& group) {
    return runOperation(OperationKind::DeleteGroup, true, false,
                        [group](OperationsWorker* worker, quint64 id) { worker->deleteGroup(id, group); });
}

quint64 LibrdkafkaSession::electPreferredLeaders(const QList<TopicPartition>& partitions) {
    return runOperation(OperationKind::ElectLeaders, true, false,
                        [partitions](OperationsWorker* worker, quint64 id) {
                            worker->electPreferredLeaders(id, partitions);
                        });
}

quint64 LibrdkafkaSession::resetGroupOffsets(const OffsetResetSpec& spec, bool apply) {
    const quint64 id = nextOperationId();
    if (const QString refusal = operationRefusal(apply); !refusal.isEmpty()) {
        OffsetResetResult result;
        result.requestId = id;
        result.group = spec.group;
        result.error = refusal;
        QMetaObject::invokeMethod(
            this, [this, result] { emit offsetResetFinished(result); }, Qt::QueuedConnection);
        return id;
    }
    post([id, spec, apply](OperationsWorker* worker) { worker->resetGroupOffsets(id, spec, apply); });
    return id;
}

quint64 LibrdkafkaSession::produceRecord(const ProduceSpec& spec) {
    return runOperation(OperationKind::ProduceRecord, true, false,
                        [spec](OperationsWorker* worker, quint64 id) { worker->produceRecord(id, spec); });
}

quint64 LibrdkafkaSession::browseRecords(const BrowseSpec& spec) {
    const quint64 id = nextOperationId();
    if (const QString refusal = operationRefusal(false); !refusal.isEmpty()) {
        BrowseResult result;
        result.requestId = id;
        result.topic = spec.topic;
        result.error = refusal;
        QMetaObject::invokeMethod(
            this, [this, result] { emit recordsBrowsed(result); }, Qt::QueuedConnection);
        return id;
    }
    post([id, spec](OperationsWorker* worker) { worker->browseRecords(id, spec); });
    return id;
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
