// A ClusterSession backed by librdkafka. Its worker lives on a QThread of its own, named
// "session:<profile name>", and owns the client; this object stays on the GUI thread, only passes
// requests on and filters what comes back, so none of its methods block.
#pragma once

#include <QList>
#include <QPointer>
#include <atomic>
#include <functional>
#include <memory>

#include "model/cluster_session.h"
#include "model/connection_profile.h"
#include "model/lag/history.h"
#include "model/session_options.h"

class QThread;

namespace tideline::model {

class SessionWorker;
class OperationsWorker;

// Decides which results of a session's worker are still wanted: only those of the current run, and
// within it only ids newer than the last one taken.
class ResultGate {
public:
    void beginRun(quint32 run);
    void endRun() { open_ = false; }
    bool acceptsState(quint32 run) const { return open_ && run == run_; }
    bool acceptSnapshot(quint64 requestId) { return acceptNewer(requestId, lastSnapshotId_); }
    // Lag reports follow their snapshots on a sequence of their own.
    bool acceptLagReport(quint64 requestId) { return acceptNewer(requestId, lastLagReportId_); }

private:
    bool acceptNewer(quint64 requestId, quint64& lastTaken);

    bool open_ = false;
    quint32 run_ = 0;
    quint64 lastSnapshotId_ = 0;
    quint64 lastLagReportId_ = 0;
};

class LibrdkafkaSession : public ClusterSession {
    Q_OBJECT

public:
    LibrdkafkaSession(ConnectionProfile profile, SessionSecrets secrets, SessionOptions options = {},
                      QObject* parent = nullptr);
    // Waits for the session threads to finish, which takes at most one request timeout.
    ~LibrdkafkaSession() override;

    SessionState state() const override { return state_; }
    bool readOnly() const override { return profile_.readOnly; }
    // The thread of the running worker, for diagnostics and tests; null when stopped.
    const QThread* workerThread() const { return thread_; }
    // Every lag report delivered so far, across stops and starts, for charts. A report is recorded
    // before lagReportReady is emitted, so slots of that signal find it here.
    const LagHistory& lagHistory() const { return lagHistory_; }
    // A group whose per-partition lag the history records whatever the cluster's size: the one a chart
    // shows (LagHistory::followPartitions).
    void followLagPartitions(const QString& group, bool follow) {
        follow ? lagHistory_.followPartitions(group) : lagHistory_.unfollowPartitions(group);
    }
    // Why loading or saving the lag history (SessionOptions::lagHistoryPath) last failed; empty if it did
    // not.
    QString lagHistoryError() const { return lagHistoryError_; }

    quint64 describeConfigs(const ConfigResource& resource) override;
    quint64 createTopic(const NewTopicSpec& spec, bool validateOnly) override;
    quint64 deleteTopics(const QStringList& topics) override;
    quint64 createPartitions(const QString& topic, int totalPartitions, bool validateOnly) override;
    quint64 alterTopicConfigs(const QString& topic, const QList<ConfigChange>& changes,
                              bool validateOnly) override;
    quint64 deleteRecords(const QList<PartitionOffset>& before) override;
    quint64 deleteGroup(const QString& group) override;
    quint64 electPreferredLeaders(const QList<TopicPartition>& partitions) override;
    quint64 resetGroupOffsets(const OffsetResetSpec& spec, bool apply) override;
    quint64 produceRecord(const ProduceSpec& spec) override;
    quint64 browseRecords(const BrowseSpec& spec) override;

public slots:
    void start() override;
    void stop() override;
    void refreshNow() override;

private:
    // Why an operation cannot run now (not started, or it would change a read-only cluster); empty if it can.
    QString operationRefusal(bool changesCluster) const;
    quint64 nextOperationId();
    // Runs `work` on the operations thread, which is started on first need.
    void post(std::function<void(OperationsWorker*)> work);
    quint64 runOperation(OperationKind kind, bool changesCluster, bool validateOnly,
                         std::function<void(OperationsWorker*, quint64)> work);
    void refuseLater(const OperationResult& result);
    bool acceptsOperationResult(quint64 requestId) const;
    void startOperationsThread();

    void takeSnapshot(const ClusterSnapshot& snapshot);
    void takeState(quint32 run, const SessionState& state);
    void takeLagReport(const LagReport& report);
    void setState(const SessionState& state);

    const ConnectionProfile profile_;
    const SessionSecrets secrets_;
    const SessionOptions options_;

    QThread* thread_ = nullptr;
    SessionWorker* worker_ = nullptr;
    QThread* operationsThread_ = nullptr;
    OperationsWorker* operationsWorker_ = nullptr;
    quint32 operationSequence_ = 0;
    std::shared_ptr<std::atomic_bool> stopping_;
    // Threads of stopped runs that may still be inside a blocking call; waited for on destruction.
    QList<QPointer<QThread>> finishing_;
    quint32 run_ = 0;
    ResultGate gate_;
    SessionState state_;
    LagHistory lagHistory_;
    bool lagHistoryLoaded_ = false;
    QString lagHistoryError_;
};

}  // namespace tideline::model
