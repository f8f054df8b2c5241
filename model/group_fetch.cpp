#include "model/group_fetch.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <algorithm>
#include <deque>
#include <optional>

#include "model/consumer_protocol.h"

namespace tideline::model {
namespace {

QString text(const char* value) { return value == nullptr ? QString() : QString::fromUtf8(value); }

ConsumerGroupInfo toGroup(const rd_kafka_group_info& info) {
    ConsumerGroupInfo group;
    group.id = text(info.group);
    group.state = text(info.state);
    group.protocolType = text(info.protocol_type);
    group.protocol = text(info.protocol);
    group.coordinatorId = info.broker.id;
    if (info.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        group.error = QString("Describing the group failed: %1.").arg(rd_kafka_err2str(info.err));
    }
    const bool consumerProtocol = group.protocolType == QLatin1String(kConsumerProtocolType);
    for (int i = 0; i < info.member_cnt; ++i) {
        const rd_kafka_group_member_info& source = info.members[i];
        GroupMember member{text(source.member_id), text(source.client_id), text(source.client_host), {}};
        if (consumerProtocol) {
            const QByteArray bytes(static_cast<const char*>(source.member_assignment),
                                   source.member_assignment_size);
            if (const auto assignment = decodeConsumerAssignment(bytes)) {
                member.assignment = *assignment;
            } else if (group.error.isEmpty()) {
                group.error = QString("Member %1 has an assignment that is not valid consumer protocol data.")
                                  .arg(member.memberId);
            }
        }
        group.members.append(member);
    }
    return group;
}

struct ListGroupsResult {
    QList<ConsumerGroupInfo> groups;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
};

ListGroupsResult listGroups(rd_kafka_t* client, const char* onlyGroup, std::chrono::milliseconds timeout) {
    const rd_kafka_group_list* raw = nullptr;
    ListGroupsResult result;
    result.err = rd_kafka_list_groups(client, onlyGroup, &raw, static_cast<int>(timeout.count()));
    const GroupListHandle list(raw);  // set on success and on a partial answer alike
    if (list != nullptr) {
        for (int i = 0; i < list->group_cnt; ++i) {
            result.groups.append(toGroup(list->groups[i]));
        }
    }
    return result;
}

// Which partitions to ask for explicitly when a group's "all committed offsets" answer was empty.
// Kafka answers that question fully, but librdkafka 2.0.2's mock cluster answers it with nothing, and
// an empty answer costs little to double-check. A group that could not be described may still have
// commits anywhere, so every user topic is asked for; a described group needs only its assigned
// topics, and one without members has nothing more to find.
QList<TopicPartition> fallbackPartitions(const ConsumerGroupInfo& group, const QList<TopicInfo>& topics) {
    QSet<QString> assignedTopics;
    for (const GroupMember& member : group.members) {
        for (const TopicPartition& assigned : member.assignment) {
            assignedTopics.insert(assigned.topic);
        }
    }
    const bool described = !group.state.isEmpty();
    if (assignedTopics.isEmpty() && described) {
        return {};
    }
    QList<TopicPartition> partitions;
    for (const TopicInfo& topic : topics) {
        const bool wanted = assignedTopics.isEmpty() ? !topic.internal : assignedTopics.contains(topic.name);
        if (wanted) {
            for (const PartitionInfo& partition : topic.partitions) {
                partitions.append({topic.name, partition.id});
            }
        }
    }
    return partitions;
}

struct OffsetsRequest {
    int groupIndex;
    bool explicitPartitions;  // false: ask for everything the group has committed
    QList<TopicPartition> partitions;
};

// Returns the failure, if the call failed; the offsets otherwise replace what the group had.
std::optional<QString> readCommittedOffsets(const rd_kafka_group_result_t* result, ConsumerGroupInfo& group) {
    group.committedOffsets.clear();
    if (const rd_kafka_error_t* error = rd_kafka_group_result_error(result)) {
        return text(rd_kafka_error_string(error));
    }
    const rd_kafka_topic_partition_list_t* partitions = rd_kafka_group_result_partitions(result);
    for (int i = 0; partitions != nullptr && i < partitions->cnt; ++i) {
        const rd_kafka_topic_partition_t& entry = partitions->elems[i];
        // Partitions asked for explicitly come back with offset -1001 (invalid) when never committed.
        if (entry.err == RD_KAFKA_RESP_ERR_NO_ERROR && entry.offset >= 0) {
            group.committedOffsets.append({text(entry.topic), entry.partition, entry.offset});
        }
    }
    std::sort(group.committedOffsets.begin(), group.committedOffsets.end(),
              [](const CommittedOffset& a, const CommittedOffset& b) {
                  return TopicPartition{a.topic, a.partition} < TopicPartition{b.topic, b.partition};
              });
    return std::nullopt;
}

void addError(ConsumerGroupInfo& group, const QString& error) {
    group.error = group.error.isEmpty() ? error : group.error + ' ' + error;
}

}  // namespace

GroupListing fetchGroups(rd_kafka_t* client, const QStringList& watchedGroups,
                         std::chrono::milliseconds timeout, const std::function<bool()>& cancelled) {
    GroupListing listing;
    ListGroupsResult all = listGroups(client, nullptr, timeout);
    if (all.err == RD_KAFKA_RESP_ERR__PARTIAL) {
        listing.warnings.append("Some brokers did not list their consumer groups in time.");
    } else if (all.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        listing.warnings.append(
            QString("Consumer groups could not be listed: %1.").arg(rd_kafka_err2str(all.err)));
    }
    listing.groups = all.groups;

    QSet<QString> listed;
    for (const ConsumerGroupInfo& group : listing.groups) {
        listed.insert(group.id);
    }
    for (const QString& watched : watchedGroups) {
        if (cancelled()) {
            break;
        }
        if (listed.contains(watched)) {
            continue;
        }
        ListGroupsResult one = listGroups(client, watched.toUtf8().constData(), timeout);
        if (one.groups.isEmpty()) {
            ConsumerGroupInfo group;
            group.id = watched;
            group.error = QString("Describing the group failed: %1.").arg(rd_kafka_err2str(one.err));
            one.groups.append(group);
        }
        listing.groups.append(one.groups.front());
        listed.insert(watched);
    }
    std::sort(listing.groups.begin(), listing.groups.end(),
              [](const ConsumerGroupInfo& a, const ConsumerGroupInfo& b) { return a.id < b.id; });
    return listing;
}

GroupOffsetsFetcher::GroupOffsetsFetcher(rd_kafka_t* client)
    : client_(client), queue_(rd_kafka_queue_new(client)) {}

QStringList GroupOffsetsFetcher::fetch(QList<ConsumerGroupInfo>& groups,
                                       const std::function<QList<TopicInfo>()>& topics,
                                       const GroupOffsetsLimits& limits,
                                       const std::function<bool()>& cancelled) {
    std::deque<OffsetsRequest> waiting;
    for (int i = 0; i < groups.size(); ++i) {
        waiting.push_back({i, false, {}});
    }
    // Keyed by the tag each call carries as its opaque. Calls of an earlier, abandoned round are not
    // in here, so their late results are recognised and dropped.
    QHash<quintptr, OffsetsRequest> inFlight;

    auto send = [&](OffsetsRequest request) {
        PartitionListHandle partitions;
        if (request.explicitPartitions) {
            partitions.reset(rd_kafka_topic_partition_list_new(static_cast<int>(request.partitions.size())));
            for (const TopicPartition& entry : request.partitions) {
                rd_kafka_topic_partition_list_add(partitions.get(), entry.topic.toUtf8().constData(),
                                                  entry.partition);
            }
        }
        rd_kafka_ListConsumerGroupOffsets_t* raw = rd_kafka_ListConsumerGroupOffsets_new(
            groups[request.groupIndex].id.toUtf8().constData(), partitions.get());
        const GroupOffsetsRequestHandle call(raw);
        const AdminOptionsHandle options(
            rd_kafka_AdminOptions_new(client_, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS));
        char errorText[256];
        rd_kafka_AdminOptions_set_request_timeout(
            options.get(), static_cast<int>(limits.requestTimeout.count()), errorText, sizeof errorText);
        const quintptr tag = ++lastTag_;
        rd_kafka_AdminOptions_set_opaque(options.get(), reinterpret_cast<void*>(tag));
        rd_kafka_ListConsumerGroupOffsets(client_, &raw, 1, options.get(), queue_.get());
        inFlight.insert(tag, std::move(request));
    };

    QStringList warnings;
    // librdkafka answers every call by its request timeout; the margin covers its own scheduling.
    const std::chrono::milliseconds patience = limits.requestTimeout + std::chrono::seconds(1);
    QElapsedTimer sinceLastAnswer;
    sinceLastAnswer.start();
    while (!cancelled()) {
        while (inFlight.size() < limits.maxRequestsInFlight && !waiting.empty()) {
            send(std::move(waiting.front()));
            waiting.pop_front();
        }
        if (inFlight.isEmpty()) {
            break;
        }
        if (sinceLastAnswer.elapsed() > patience.count()) {
            warnings.append(QString("Committed offsets of %1 groups did not arrive in time.")
                                .arg(inFlight.size() + static_cast<qsizetype>(waiting.size())));
            break;
        }
        // Short waits, so that a stop request is noticed promptly.
        const EventHandle event(rd_kafka_queue_poll(queue_.get(), 100));
        if (event == nullptr) {
            continue;
        }
        const auto request = inFlight.find(reinterpret_cast<quintptr>(rd_kafka_event_opaque(event.get())));
        if (request == inFlight.end()) {
            ++staleResultsDropped_;
            continue;
        }
        sinceLastAnswer.restart();
        const OffsetsRequest answered = std::move(*request);
        inFlight.erase(request);
        ConsumerGroupInfo& group = groups[answered.groupIndex];

        size_t count = 0;
        const rd_kafka_group_result_t** results = rd_kafka_ListConsumerGroupOffsets_result_groups(
            rd_kafka_event_ListConsumerGroupOffsets_result(event.get()), &count);
        std::optional<QString> error;
        if (count == 0) {
            error = text(rd_kafka_event_error_string(event.get()));
        } else {
            error = readCommittedOffsets(results[0], group);
        }
        if (error) {
            addError(group, QString("Reading committed offsets failed: %1.").arg(*error));
        } else if (!answered.explicitPartitions && group.committedOffsets.isEmpty()) {
            QList<TopicPartition> partitions = fallbackPartitions(group, topics());
            if (!partitions.isEmpty()) {
                waiting.push_back({answered.groupIndex, true, std::move(partitions)});
            }
        }
    }
    return warnings;
}

}  // namespace tideline::model
