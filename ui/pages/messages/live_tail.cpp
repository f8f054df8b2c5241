#include "ui/pages/messages/live_tail.h"

#include <QTimer>

#include "ui/actions/pending_operation.h"
#include "ui/cluster_connection.h"

namespace tideline::ui {
namespace {

constexpr int kPollMs = 1000;
// Per partition and poll; a faster producer is caught up with over the following polls.
constexpr int kRecordsPerRead = 500;

const model::TopicInfo* findTopic(const ClusterConnection* connection, const QString& topic) {
    if (connection == nullptr || !connection->snapshot()) {
        return nullptr;
    }
    for (const model::TopicInfo& info : connection->snapshot()->topics) {
        if (info.name == topic) {
            return &info;
        }
    }
    return nullptr;
}

}  // namespace

LiveTail::LiveTail(QObject* parent) : QObject(parent), timer_(new QTimer(this)) {
    timer_->setInterval(kPollMs);
    connect(timer_, &QTimer::timeout, this, &LiveTail::poll);
}

bool LiveTail::start(ClusterConnection* connection, const QString& topic, std::optional<qint32> partition) {
    stop();
    const model::TopicInfo* info = findTopic(connection, topic);
    if (info == nullptr || connection->session() == nullptr) {
        return false;
    }
    connection_ = connection;
    topic_ = topic;
    partition_ = partition;
    for (const model::PartitionInfo& each : info->partitions) {
        if (!partition || *partition == each.id) {
            next_.insert(each.id, each.highWatermark.value_or(0));
        }
    }
    running_ = true;
    timer_->start();
    return true;
}

void LiveTail::stop() {
    running_ = false;
    timer_->stop();
    next_.clear();
    inFlight_ = 0;
    ++generation_;
}

void LiveTail::poll() {
    const model::TopicInfo* info = findTopic(connection_, topic_);
    if (!running_ || inFlight_ > 0 || info == nullptr || connection_->session() == nullptr) {
        return;
    }
    for (const model::PartitionInfo& each : info->partitions) {
        if (!next_.contains(each.id) || each.highWatermark.value_or(0) <= next_.value(each.id)) {
            continue;
        }
        model::BrowseSpec spec;
        spec.topic = topic_;
        spec.partition = each.id;
        spec.start = model::BrowseStart::Offset;
        spec.value = next_.value(each.id);
        spec.maxRecords = kRecordsPerRead;
        spec.timeoutMs = kPollMs;
        model::ClusterSession* session = connection_->session();
        auto* pending = new PendingOperation(session, session->browseRecords(spec), this);
        ++inFlight_;
        connect(pending, &PendingOperation::recordsBrowsed, this,
                [this, generation = generation_, partition = each.id](const model::BrowseResult& result) {
                    if (generation != generation_) {
                        return;
                    }
                    --inFlight_;
                    if (!result.ok()) {
                        emit failed(result.error);
                        return;
                    }
                    if (!result.records.isEmpty()) {
                        next_.insert(partition, result.records.last().offset + 1);
                        emit recordsArrived(result.records);
                    }
                });
    }
}

}  // namespace tideline::ui
