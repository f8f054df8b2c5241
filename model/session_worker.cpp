#include "model/session_worker.h"

#include <QLoggingCategory>
#include <QSet>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent>
#include <algorithm>
#include <future>

#include "model/client_properties.h"
#include "model/operations/admin_operations.h"
#include "model/topic_sizes.h"

namespace tideline::model {
namespace {

Q_LOGGING_CATEGORY(lcLibrdkafka, "tideline.librdkafka", QtWarningMsg)
Q_LOGGING_CATEGORY(lcLag, "tideline.lag", QtWarningMsg)
// How long each part of a poll takes: QT_LOGGING_RULES="tideline.timing.debug=true".
Q_LOGGING_CATEGORY(lcTiming, "tideline.timing", QtWarningMsg)

qint64 msSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
        .count();
}

// Each query mostly waits on the network, so a few more than the cores is fine; beyond this,
// larger clusters queue their leaders rather than open a thread per broker.
constexpr int kMaxParallelWatermarkQueries = 8;

// Topic configs change rarely, and reading them for 10,000 topics is not free.
constexpr std::chrono::minutes kConfigRefreshInterval{5};
// Topics described per metadata refresh, so a large cluster fills in over a few cycles.
constexpr int kTopicsDescribedPerCycle = 1000;
// A cluster answers this in milliseconds; one that cannot (librdkafka waits for a controller that
// never comes) is asked again at the next config refresh instead of holding the polls up longer.
constexpr std::chrono::milliseconds kConfigReadTimeout{2000};

}  // namespace

SessionWorker::SessionWorker(ConnectionProfile profile, SessionSecrets secrets, SessionOptions options,
                             quint32 run, std::shared_ptr<const std::atomic_bool> stopping)
    : profile_(std::move(profile)),
      secrets_(std::move(secrets)),
      options_(std::move(options)),
      run_(run),
      stopping_(std::move(stopping)),
      timer_(new QTimer(this)),
      lagEngine_(options_.lag),
      lastReported_{SessionStatus::Connecting, {}, 0},
      retryDelay_(options_.firstRetryDelay) {
    timer_->setSingleShot(true);
    connect(timer_, &QTimer::timeout, this, &SessionWorker::runCycle);
}

SessionWorker::~SessionWorker() = default;

void SessionWorker::start() {
    QString error;
    if (!createClient(&error)) {
        // Settings the client refuses stay refused, so there is nothing to retry until they change.
        report({SessionStatus::Error, error, 0});
        return;
    }
    groupOffsets_ = std::make_unique<GroupOffsetsFetcher>(client_.get());
    watermarkPool_ = std::make_unique<QThreadPool>();
    watermarkPool_->setMaxThreadCount(kMaxParallelWatermarkQueries);
    watermarkPool_->setObjectName(QThread::currentThread()->objectName() + ":watermarks");
    groupsPool_ = std::make_unique<QThreadPool>();
    groupsPool_->setMaxThreadCount(1);
    groupsPool_->setObjectName(QThread::currentThread()->objectName() + ":groups");
    metadataDue_ = offsetsDue_ = Clock::now();
    runCycle();
}

void SessionWorker::refreshNow() {
    if (!client_ || stopping()) {
        return;
    }
    metadataDue_ = offsetsDue_ = sizesDue_ = Clock::now();
    retryDelay_ = options_.firstRetryDelay;
    runCycle();
}

bool SessionWorker::createClient(QString* error) {
    ConfHandle conf(rd_kafka_conf_new());
    char errorText[512];
    // The group only keeps librdkafka from crashing on committed offsets; see withOffsetFetchGroup().
    for (const auto& [key, value] : withOffsetFetchGroup(clientProperties(profile_, secrets_, options_))) {
        if (rd_kafka_conf_set(conf.get(), key.constData(), value.constData(), errorText, sizeof errorText) !=
            RD_KAFKA_CONF_OK) {
            *error = QString("The setting %1 was refused: %2").arg(QString::fromUtf8(key), errorText);
            return false;
        }
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_error_cb(conf.get(), &SessionWorker::onClientError);
    rd_kafka_conf_set_stats_cb(conf.get(), &SessionWorker::onStatistics);
    rd_kafka_conf_set_log_cb(conf.get(), &SessionWorker::onClientLog);

    // A consumer that never subscribes: it may read offsets with the isolation level set above, and
    // never joins its group or commits.
    rd_kafka_t* client = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errorText, sizeof errorText);
    if (client == nullptr) {
        *error = QString("The Kafka client could not be created: %1").arg(errorText);
        return false;
    }
    conf.release();  // now owned by the client
    client_.reset(client);
    return true;
}

void SessionWorker::runCycle() {
    timer_->stop();
    if (!client_ || stopping()) {
        return;
    }
    serveClientCallbacks();
    const bool metadataWanted = !metadata_ || Clock::now() >= metadataDue_;
    if (!metadataWanted && Clock::now() < offsetsDue_) {
        scheduleNextCycle();
        return;
    }
    // Groups need no metadata: they are listed and their offsets read on a thread of their own while
    // the metadata, then the watermarks, are read here. Only the offsets' fallback for groups without
    // commits needs the topics, and waits for this round's metadata when it does.
    std::promise<void> metadataSettled;
    const std::shared_future<void> metadataKnown = metadataSettled.get_future().share();
    std::atomic_bool abandoned = false;
    const std::function<bool()> cancelled = [this, &abandoned] { return stopping() || abandoned.load(); };
    const std::function<QList<TopicInfo>()> topics = [this, metadataKnown] {
        metadataKnown.wait();  // metadata_ is not written again until this round's end
        return metadata_ ? metadata_->topics : QList<TopicInfo>{};
    };
    QFuture<GroupsRead> groupsRead = QtConcurrent::run(
        groupsPool_.get(), [&, metadataWanted] { return readGroups(metadataWanted, topics, cancelled); });
    auto giveUp = [&] {
        abandoned = true;
        groupsRead.waitForFinished();  // it uses this round's locals
    };

    bool metadataRefreshed = false;
    if (metadataWanted) {
        metadataRefreshed = refreshMetadata();
        metadataSettled.set_value();
        if (!metadataRefreshed) {
            giveUp();  // the retry is scheduled
            return;
        }
        metadataDue_ = Clock::now() + options_.metadataInterval;
        // Until the first full snapshot, the tables need not wait for the offsets to fill.
        if (!fullSnapshotTaken_ && !stopping()) {
            emit snapshotTaken(metadataOnlySnapshot());
        }
    } else {
        metadataSettled.set_value();
    }
    if (stopping()) {
        giveUp();
        return;
    }
    const ClusterSnapshot snapshot = takeSnapshot(groupsRead);
    offsetsDue_ = Clock::now() + options_.offsetsInterval;
    if (stopping()) {
        return;
    }
    emit snapshotTaken(snapshot);
    fullSnapshotTaken_ = true;
    // Emitted separately, after the snapshot, so the tables need not wait for record reads.
    const std::optional<LagReport> lag = evaluateLag(snapshot);
    if (stopping()) {
        return;
    }
    if (lag) {
        emit lagReportTaken(*lag);
    }
    // After the snapshot went out: a cluster slow to answer DescribeConfigs must not hold it up.
    // The values reach the next snapshot.
    if (metadataRefreshed && !stopping()) {
        refreshMinInsyncReplicas();
        refreshTopicSizes();
    }
    scheduleNextCycle();
}

bool SessionWorker::refreshMetadata() {
    QString error;
    const auto started = Clock::now();
    std::optional<ClusterMetadata> metadata = fetchMetadata(client_.get(), options_.requestTimeout, &error);
    qCDebug(lcTiming, "metadata: %lld ms", static_cast<long long>(msSince(started)));
    if (!metadata) {
        serveClientCallbacks();  // picks up the connection error behind the failure, if any
        QString message =
            QString("Cannot reach the cluster at %1: %2.").arg(profile_.bootstrapServers, error);
        if (!lastClientError_.isEmpty()) {
            message += ' ' + lastClientError_;
        }
        failAndRetry(message);
        return false;
    }
    metadata_ = std::move(metadata);
    retryDelay_ = options_.firstRetryDelay;
    lastClientError_.clear();
    report({SessionStatus::Connected, {}, 0});
    return true;
}

// Runs on the groups pool. Reads groupListing_ and groupOffsets_, which the session thread leaves
// alone until this has finished.
SessionWorker::GroupsRead SessionWorker::readGroups(bool listAgain,
                                                    const std::function<QList<TopicInfo>()>& topics,
                                                    const std::function<bool()>& cancelled) {
    GroupsRead read;
    const auto started = Clock::now();
    if (listAgain) {
        read.listing = fetchGroups(client_.get(), options_.watchedGroups, options_.requestTimeout, cancelled);
        qCDebug(lcTiming, "groups listed and described: %lld ms", static_cast<long long>(msSince(started)));
    }
    read.groups = (read.listing ? *read.listing : groupListing_).groups;
    if (cancelled()) {
        return read;
    }
    const GroupOffsetsLimits limits{options_.maxGroupOffsetRequestsInFlight, options_.requestTimeout};
    read.offsetWarnings = groupOffsets_->fetch(read.groups, topics, limits, cancelled);
    qCDebug(lcTiming, "committed offsets of %lld groups: %lld ms (from the poll's start)",
            static_cast<long long>(read.groups.size()), static_cast<long long>(msSince(started)));
    return read;
}

QList<TopicInfo> SessionWorker::topicsWithConfigs() const {
    QList<TopicInfo> topics = metadata_->topics;
    if (minInsyncReplicas_.isEmpty()) {
        return topics;  // still shared with metadata_
    }
    for (TopicInfo& topic : topics) {
        if (const auto found = minInsyncReplicas_.constFind(topic.name); found != minInsyncReplicas_.cend()) {
            topic.minInsyncReplicas = *found;
        }
        if (const auto size = topicSizes_.constFind(topic.name); size != topicSizes_.cend()) {
            topic.size = *size;
        }
    }
    return topics;
}

QList<BrokerInfo> SessionWorker::brokersWithReachability(const QSet<qint32>& answeredLeaders) const {
    QList<BrokerInfo> brokers = metadata_->brokers;
    for (BrokerInfo& broker : brokers) {
        broker.reachability = answeredLeaders.contains(broker.id)
                                  ? BrokerReachability::Reachable
                                  : reachability_.value(broker.id, BrokerReachability::Unknown);
    }
    return brokers;
}

ClusterSnapshot SessionWorker::metadataOnlySnapshot() {
    ClusterSnapshot snapshot;
    snapshot.requestId = makeRequestId(run_, ++sequence_);
    snapshot.metadataOnly = true;
    snapshot.clusterId = metadata_->clusterId;
    snapshot.controllerId = metadata_->controllerId;
    snapshot.topics = topicsWithConfigs();
    serveClientCallbacks();
    snapshot.brokers = brokersWithReachability({});
    return snapshot;
}

ClusterSnapshot SessionWorker::takeSnapshot(QFuture<GroupsRead>& groupsRead) {
    ClusterSnapshot snapshot;
    snapshot.requestId = makeRequestId(run_, ++sequence_);
    snapshot.clusterId = metadata_->clusterId;
    snapshot.controllerId = metadata_->controllerId;
    snapshot.topics = topicsWithConfigs();
    // The groups side reads metadata_'s topics, never snapshot.topics, which this detaches on writing.
    const auto started = Clock::now();
    const QStringList watermarkWarnings =
        fetchWatermarks(client_.get(), snapshot.topics, options_.requestTimeout, watermarkPool_.get());
    qCDebug(lcTiming, "watermarks: %lld ms", static_cast<long long>(msSince(started)));
    GroupsRead groups = groupsRead.result();
    qCDebug(lcTiming, "groups waited for: %lld ms", static_cast<long long>(msSince(started)));
    if (groups.listing) {
        groupListing_ = std::move(*groups.listing);
    }
    snapshot.warnings = groupListing_.warnings + watermarkWarnings + groups.offsetWarnings;
    snapshot.takenAt = QDateTime::currentDateTimeUtc();
    snapshot.groups = std::move(groups.groups);

    serveClientCallbacks();  // the latest statistics say which connections are up
    // A leader that just answered for its watermarks is reachable now, whatever older statistics say;
    // this also covers the first snapshot, taken before any statistics arrive.
    QSet<qint32> answeredLeaders;
    for (const TopicInfo& topic : std::as_const(snapshot.topics)) {
        for (const PartitionInfo& partition : topic.partitions) {
            if (partition.highWatermark && partition.lowWatermark) {
                answeredLeaders.insert(partition.leader);
            }
        }
    }
    snapshot.brokers = brokersWithReachability(answeredLeaders);
    return snapshot;
}

std::optional<LagReport> SessionWorker::evaluateLag(const ClusterSnapshot& snapshot) {
    auto started = Clock::now();
    if (!lagEngine_.observe(snapshot)) {
        return std::nullopt;
    }
    qCDebug(lcTiming, "lag observed: %lld ms", static_cast<long long>(msSince(started)));
    const QList<RecordTimestampRequest> wanted =
        lagEngine_.recordTimestampsWanted(options_.maxRecordTimestampsPerRound);
    if (!wanted.isEmpty()) {
        started = Clock::now();
        lagEngine_.acceptRecordTimestamps(wanted, readRecordTimestamps(wanted));
        qCDebug(lcTiming, "%lld record timestamps: %lld ms", static_cast<long long>(wanted.size()),
                static_cast<long long>(msSince(started)));
    }
    started = Clock::now();
    std::optional<LagReport> report = lagEngine_.evaluate();
    qCDebug(lcTiming, "lag evaluated: %lld ms", static_cast<long long>(msSince(started)));
    return report;
}

QList<RecordTimestamp> SessionWorker::readRecordTimestamps(const QList<RecordTimestampRequest>& requests) {
    if (!timestampReader_ && !timestampReaderRefused_) {
        QString error;
        timestampReader_ =
            RecordTimestampReader::create(clientProperties(profile_, secrets_, options_), &error);
        if (!timestampReader_) {
            timestampReaderRefused_ = true;
            qCWarning(lcLag, "Time lags stay estimates: %s", qPrintable(error));
        }
    }
    if (!timestampReader_ || stopping()) {
        return {};
    }
    return timestampReader_->read(requests, options_.recordTimestampTimeout, stopping_.get());
}

void SessionWorker::forgetTopicConfig(const QString& topic) {
    minInsyncReplicasAsked_.remove(topic);
    minInsyncReplicas_.remove(topic);
}

void SessionWorker::refreshMinInsyncReplicas() {
    if (Clock::now() >= configsDue_) {
        minInsyncReplicasAsked_.clear();  // the values stay until answers replace them
        configsDue_ = Clock::now() + kConfigRefreshInterval;
    }
    // A deleted topic's values must not pass to a new topic of the same name.
    QSet<QString> present;
    for (const TopicInfo& topic : std::as_const(metadata_->topics)) {
        present.insert(topic.name);
    }
    minInsyncReplicasAsked_.intersect(present);
    minInsyncReplicas_.removeIf([&present](const auto& entry) { return !present.contains(entry.key()); });

    QStringList wanted;
    for (const TopicInfo& topic : std::as_const(metadata_->topics)) {
        if (!minInsyncReplicasAsked_.contains(topic.name) && wanted.size() < kTopicsDescribedPerCycle) {
            wanted.append(topic.name);
        }
    }
    if (wanted.isEmpty()) {
        return;
    }
    QString error;
    const QHash<QString, int> found = readMinInsyncReplicas(
        client_.get(), wanted, std::min(options_.requestTimeout, kConfigReadTimeout), &error);
    if (!error.isEmpty()) {
        // A cluster without DescribeConfigs, or no permission: try again at the next config refresh.
        qCInfo(lcLibrdkafka, "min.insync.replicas unknown: %s", qPrintable(error));
        for (const QString& topic : std::as_const(wanted)) {
            minInsyncReplicasAsked_.insert(topic);
        }
        return;
    }
    for (const QString& topic : std::as_const(wanted)) {
        minInsyncReplicasAsked_.insert(topic);
        if (const auto value = found.constFind(topic); value != found.cend()) {
            minInsyncReplicas_.insert(topic, *value);
        }
    }
}

void SessionWorker::refreshTopicSizes() {
    const bool newTopics =
        std::any_of(metadata_->topics.cbegin(), metadata_->topics.cend(),
                    [this](const TopicInfo& topic) { return !topicSizesCovered_.contains(topic.name); });
    if (Clock::now() < sizesDue_ && !newTopics) {
        return;
    }
    sizesDue_ = Clock::now() + kConfigRefreshInterval;
    const auto started = Clock::now();
    const QList<BrokerReplicaSizes> reports = readReplicaSizes(
        metadata_->brokers, WireSecurity::fromProperties(clientProperties(profile_, secrets_, options_)),
        options_.requestTimeout, watermarkPool_.get());
    for (const BrokerReplicaSizes& report : reports) {
        if (!report.error.isEmpty()) {
            // A cluster without DescribeLogDirs, or no permission: sizes stay unknown until the next read.
            qCInfo(lcLibrdkafka, "Topic sizes unknown: %s", qPrintable(report.error));
        }
    }
    QHash<QString, TopicSize> sizes = topicSizes(metadata_->topics, reports);
    if (sizes != topicSizes_) {
        offsetsDue_ = Clock::now();  // a poll now brings them to the tables, rather than one interval later
    }
    topicSizes_ = std::move(sizes);
    topicSizesCovered_.clear();
    for (const TopicInfo& topic : std::as_const(metadata_->topics)) {
        topicSizesCovered_.insert(topic.name);
    }
    qCDebug(lcTiming, "topic sizes from %lld brokers: %lld ms", static_cast<long long>(reports.size()),
            static_cast<long long>(msSince(started)));
}

void SessionWorker::scheduleNextCycle() {
    using std::chrono::milliseconds;
    const auto wait =
        std::chrono::duration_cast<milliseconds>(std::min(metadataDue_, offsetsDue_) - Clock::now());
    timer_->start(std::max(wait, milliseconds(0)));
}

void SessionWorker::failAndRetry(const QString& message) {
    const std::chrono::milliseconds delay = retryDelay_;
    retryDelay_ = std::min(retryDelay_ * 2, options_.maxRetryDelay);
    metadataDue_ = offsetsDue_ = Clock::now() + delay;
    report({SessionStatus::Error, message, static_cast<int>(delay.count())});
    timer_->start(delay);
}

void SessionWorker::report(const SessionState& state) {
    if (state == lastReported_) {
        return;
    }
    lastReported_ = state;
    emit stateReported(run_, state);
}

void SessionWorker::serveClientCallbacks() {
    rd_kafka_poll(client_.get(), 0);
    // The never-joined group reports its own failures (a coordinator lookup an ACL refuses) on the
    // consumer queue; drained here so that they do not pile up.
    while (rd_kafka_message_t* message = rd_kafka_consumer_poll(client_.get(), 0)) {
        if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            qCInfo(lcLibrdkafka, "offset-fetch group: %s", rd_kafka_err2str(message->err));
        }
        rd_kafka_message_destroy(message);
    }
}

void SessionWorker::onClientError(rd_kafka_t*, int error, const char* reason, void* opaque) {
    auto* self = static_cast<SessionWorker*>(opaque);
    // "All brokers are down" follows the error that says why; keep the one with the reason.
    if (error == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN && !self->lastClientError_.isEmpty()) {
        return;
    }
    self->lastClientError_ = QString::fromUtf8(reason);
}

int SessionWorker::onStatistics(rd_kafka_t*, char* json, size_t length, void* opaque) {
    auto* self = static_cast<SessionWorker*>(opaque);
    self->reachability_ = mergeBrokerReachability(std::move(self->reachability_),
                                                  QByteArray::fromRawData(json, qsizetype(length)));
    return 0;  // librdkafka frees the document
}

void SessionWorker::onClientLog(const rd_kafka_t*, int level, const char* facility, const char* message) {
    // Called on librdkafka's own threads; Qt's logging is thread-safe. Connection failures end up in
    // the session state, so the log stays quiet unless tideline.librdkafka is enabled.
    qCInfo(lcLibrdkafka, "[%d] %s: %s", level, facility, message);
}

}  // namespace tideline::model
