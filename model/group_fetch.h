// Reads consumer groups and their committed offsets. Runs on a session's own thread only.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <atomic>
#include <chrono>
#include <functional>

#include "model/rdkafka_handles.h"
#include "model/snapshot.h"

namespace tideline::model {

struct GroupListing {
    QList<ConsumerGroupInfo> groups;  // sorted by id, without committed offsets
    QStringList warnings;
};

// Every group through rd_kafka_list_groups: ListGroups to every broker, then one DescribeGroups per
// coordinator for all of its groups, all in parallel, bounded by `timeout`. That older call is used
// rather than DescribeConsumerGroups because only it hands over the protocol type and the raw
// assignment bytes, which are decoded only for groups of the consumer protocol type. Watched groups
// the listing missed (listing refused, or not supported) are then described one by one, until
// `cancelled` returns true.
GroupListing fetchGroups(rd_kafka_t* client, const QStringList& watchedGroups,
                         std::chrono::milliseconds timeout, const std::function<bool()>& cancelled);

struct GroupOffsetsLimits {
    int maxRequestsInFlight = 8;
    std::chrono::milliseconds requestTimeout{5000};
};

// Fills in the committed offsets of groups with rd_kafka_ListConsumerGroupOffsets, which takes one
// group per call in librdkafka 2.0.2: calls are kept at most `maxRequestsInFlight` at a time on a
// queue of their own. Every call is tagged, so results of calls an earlier round gave up on, arriving
// during a later round, are recognised and dropped.
class GroupOffsetsFetcher {
public:
    explicit GroupOffsetsFetcher(rd_kafka_t* client);

    // Returns warnings for the snapshot. `topics` supplies partition lists for the fallback described
    // in the implementation; it is called only when a group needs that fallback, so the offsets can be
    // read while the cluster's metadata is still on its way. Gives up early, leaving offsets unread,
    // once `cancelled` returns true.
    QStringList fetch(QList<ConsumerGroupInfo>& groups, const std::function<QList<TopicInfo>()>& topics,
                      const GroupOffsetsLimits& limits, const std::function<bool()>& cancelled);

    int staleResultsDropped() const { return staleResultsDropped_; }

private:
    rd_kafka_t* client_;
    QueueHandle queue_;
    quintptr lastTag_ = 0;
    int staleResultsDropped_ = 0;
};

}  // namespace tideline::model
