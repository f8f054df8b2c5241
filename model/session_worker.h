// The part of a LibrdkafkaSession that lives on the session's own thread: it owns the librdkafka
// client, polls the cluster on its intervals and hands out snapshots, then the lag computed from
// each of them. Internal to the model library.
#pragma once

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "model/cluster_fetch.h"
#include "model/cluster_session.h"
#include "model/connection_profile.h"
#include "model/group_fetch.h"
#include "model/lag/lag_engine.h"
#include "model/lag/record_timestamp_reader.h"
#include "model/rdkafka_handles.h"
#include "model/session_options.h"

class QThreadPool;
class QTimer;

namespace tideline::model {

// A snapshot's request id: the session's run in the high half, a sequence number in the low one, so
// ids only grow within a run, and results of an earlier run are told apart by their high half.
inline quint64 makeRequestId(quint32 run, quint32 sequence) { return (quint64{run} << 32) | sequence; }
inline quint32 runOfRequestId(quint64 requestId) { return static_cast<quint32>(requestId >> 32); }

class SessionWorker : public QObject {
    Q_OBJECT

public:
    SessionWorker(ConnectionProfile profile, SessionSecrets secrets, SessionOptions options, quint32 run,
                  std::shared_ptr<const std::atomic_bool> stopping);
    ~SessionWorker() override;

    // Makes the next metadata refresh read the topic's min.insync.replicas again (after it was altered).
    void forgetTopicConfig(const QString& topic);

public slots:
    void start();
    void refreshNow();

signals:
    void snapshotTaken(const tideline::model::ClusterSnapshot& snapshot);
    void stateReported(quint32 run, const tideline::model::SessionState& state);
    // Carries the request id of the snapshot it was computed from.
    void lagReportTaken(const tideline::model::LagReport& report);

private:
    using Clock = std::chrono::steady_clock;

    // What the groups side of one poll read, on a thread of its own while the metadata and watermarks
    // are read on this one: the listing when it was due, then every group's committed offsets.
    struct GroupsRead {
        std::optional<GroupListing> listing;
        QList<ConsumerGroupInfo> groups;  // with their committed offsets
        QStringList offsetWarnings;
    };

    bool createClient(QString* error);
    void runCycle();
    bool refreshMetadata();
    void refreshMinInsyncReplicas();
    void refreshTopicSizes();
    GroupsRead readGroups(bool listAgain, const std::function<QList<TopicInfo>()>& topics,
                          const std::function<bool()>& cancelled);
    ClusterSnapshot metadataOnlySnapshot();
    ClusterSnapshot takeSnapshot(QFuture<GroupsRead>& groupsRead);
    QList<TopicInfo> topicsWithConfigs() const;
    QList<BrokerInfo> brokersWithReachability(const QSet<qint32>& answeredLeaders) const;
    std::optional<LagReport> evaluateLag(const ClusterSnapshot& snapshot);
    QList<RecordTimestamp> readRecordTimestamps(const QList<RecordTimestampRequest>& requests);
    void scheduleNextCycle();
    void failAndRetry(const QString& message);
    void report(const SessionState& state);
    bool stopping() const { return stopping_->load(); }
    // Runs librdkafka's error and statistics callbacks, which it queues for this thread.
    void serveClientCallbacks();

    static void onClientError(rd_kafka_t* client, int error, const char* reason, void* opaque);
    static int onStatistics(rd_kafka_t* client, char* json, size_t length, void* opaque);
    static void onClientLog(const rd_kafka_t* client, int level, const char* facility, const char* message);

    const ConnectionProfile profile_;
    const SessionSecrets secrets_;
    const SessionOptions options_;
    const quint32 run_;
    const std::shared_ptr<const std::atomic_bool> stopping_;

    ClientHandle client_;
    std::unique_ptr<GroupOffsetsFetcher> groupOffsets_;  // declared after client_: freed before it
    std::unique_ptr<QThreadPool> watermarkPool_;         // blocking per-leader offset queries run in parallel
    std::unique_ptr<QThreadPool> groupsPool_;            // one thread: the groups side of a poll
    QTimer* timer_;
    LagEngine lagEngine_;
    // A second client, created when a group first lags: reading records needs a consumer that
    // starts partitions at given offsets, which the polling client must not be disturbed by.
    std::unique_ptr<RecordTimestampReader> timestampReader_;
    bool timestampReaderRefused_ = false;  // its settings stay refused: time lags stay interpolated

    std::optional<ClusterMetadata> metadata_;
    // min.insync.replicas per topic, read with DescribeConfigs for topics not asked yet; all of it is
    // read again every kConfigRefreshInterval. Topics that did not answer stay out (facts assume 1).
    QHash<QString, int> minInsyncReplicas_;
    QSet<QString> minInsyncReplicasAsked_;
    Clock::time_point configsDue_;
    // Bytes on disk per topic (DescribeLogDirs), read at the config refresh cadence, on refreshNow(),
    // and when topics appear that the last read did not cover. Unknown topics stay out.
    QHash<QString, TopicSize> topicSizes_;
    QSet<QString> topicSizesCovered_;
    Clock::time_point sizesDue_;
    GroupListing groupListing_;
    QHash<qint32, BrokerReachability> reachability_;
    QString lastClientError_;
    SessionState lastReported_;
    quint32 sequence_ = 0;
    bool fullSnapshotTaken_ = false;  // until then, each metadata refresh is sent on at once
    Clock::time_point metadataDue_;
    Clock::time_point offsetsDue_;
    std::chrono::milliseconds retryDelay_;
};

}  // namespace tideline::model
