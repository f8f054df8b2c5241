// A live connection to one cluster, as the GUI sees it: start it, and it keeps delivering snapshots
// and reports whether the cluster can be reached. Implementations do their I/O off the GUI thread.
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

#include "model/lag/lag_report.h"
#include "model/operations/operation_types.h"
#include "model/snapshot.h"

namespace tideline::model {

enum class SessionStatus {
    Stopped,     // not started, or stopped by the user
    Connecting,  // started, no answer from the cluster yet
    Connected,   // the last metadata poll succeeded
    Error,       // the last attempt failed; `retryInMs` says whether and when it tries again
};

struct SessionState {
    SessionStatus status = SessionStatus::Stopped;
    QString message;    // for Error: what failed, phrased for the user
    int retryInMs = 0;  // for Error: delay before the next attempt; 0 when it will not retry

    bool operator==(const SessionState&) const = default;
};

QString sessionStatusName(SessionStatus status);

class ClusterSession : public QObject {
    Q_OBJECT

public:
    explicit ClusterSession(QObject* parent = nullptr);
    ~ClusterSession() override;

    virtual SessionState state() const = 0;
    // Profiles marked read-only refuse every operation that changes the cluster.
    virtual bool readOnly() const = 0;

    // Operations. Each returns at once with a request id, and later emits exactly one result carrying
    // that id, with the cluster's error text when it failed. They need a started session; results of
    // operations still running when the session stops are dropped. Those that change the cluster
    // fail without sending anything on a read-only profile (validate-only previews and dry runs
    // change nothing and are allowed).
    virtual quint64 describeConfigs(const ConfigResource& resource) = 0;           // -> configsDescribed
    virtual quint64 createTopic(const NewTopicSpec& spec, bool validateOnly) = 0;  // -> operationFinished
    virtual quint64 deleteTopics(const QStringList& topics) = 0;
    virtual quint64 createPartitions(const QString& topic, int totalPartitions, bool validateOnly) = 0;
    virtual quint64 alterTopicConfigs(const QString& topic, const QList<ConfigChange>& changes,
                                      bool validateOnly) = 0;
    // Offset -1 deletes all records of the partition (up to its high watermark).
    virtual quint64 deleteRecords(const QList<PartitionOffset>& before) = 0;
    virtual quint64 deleteGroup(const QString& group) = 0;
    // Moves each partition's leadership back to its preferred replica (empty: every partition);
    // -> operationFinished, one item per partition.
    virtual quint64 electPreferredLeaders(const QList<TopicPartition>& partitions) = 0;
    // `apply` false: a dry run showing old and new offsets. Applying is refused while the group has members.
    virtual quint64 resetGroupOffsets(const OffsetResetSpec& spec, bool apply) = 0;  // -> offsetResetFinished
    virtual quint64 produceRecord(const ProduceSpec& spec) = 0;                      // -> operationFinished
    virtual quint64 browseRecords(const BrowseSpec& spec) = 0;                       // -> recordsBrowsed

public slots:
    // Returns at once; the first snapshot or error arrives through the signals.
    virtual void start() = 0;
    // Returns at once; nothing from before the stop is delivered afterwards.
    virtual void stop() = 0;
    // Polls everything now instead of waiting for the next interval, and retries at once after an error.
    virtual void refreshNow() = 0;

signals:
    void snapshotReady(const tideline::model::ClusterSnapshot& snapshot);
    void stateChanged(const tideline::model::SessionState& state);
    // Consumer lag computed from a snapshot already delivered through snapshotReady: it comes
    // afterwards, once the timestamps of the records waiting behind the groups have been read.
    void lagReportReady(const tideline::model::LagReport& report);

    void configsDescribed(const tideline::model::ConfigDescription& description);
    void operationFinished(const tideline::model::OperationResult& result);
    void offsetResetFinished(const tideline::model::OffsetResetResult& result);
    void recordsBrowsed(const tideline::model::BrowseResult& result);
};

// Makes SessionState, the snapshot, lag and operation types usable in queued signals; safe to call
// repeatedly.
void registerSessionMetaTypes();

}  // namespace tideline::model

Q_DECLARE_METATYPE(tideline::model::SessionState)
