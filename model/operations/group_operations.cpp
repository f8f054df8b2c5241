#include <algorithm>

#include "model/operations/admin_call.h"
#include "model/operations/admin_operations.h"
#include "model/operations/broker_api_support.h"

namespace tideline::model {
namespace {

struct GroupAdminDeleter {
    void operator()(rd_kafka_DeleteGroup_t* group) const { rd_kafka_DeleteGroup_destroy(group); }
    void operator()(rd_kafka_AlterConsumerGroupOffsets_t* alter) const {
        rd_kafka_AlterConsumerGroupOffsets_destroy(alter);
    }
};
template <typename T>
using AdminHandle = std::unique_ptr<T, GroupAdminDeleter>;

struct GroupState {
    QString state;
    int members = -1;
    QString error;
};

// DescribeGroups for one group (through rd_kafka_list_groups, as the session's polling does).
GroupState describeGroup(rd_kafka_t* client, const QString& group, milliseconds timeout) {
    const rd_kafka_group_list* raw = nullptr;
    const rd_kafka_resp_err_t err =
        rd_kafka_list_groups(client, group.toUtf8().constData(), &raw, int(timeout.count()));
    const GroupListHandle list(raw);
    GroupState state;
    for (int i = 0; list != nullptr && i < list->group_cnt; ++i) {
        const rd_kafka_group_info& info = list->groups[i];
        if (text(info.group) == group) {
            if (info.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                state.error = text(rd_kafka_err2str(info.err));
                return state;
            }
            state.state = text(info.state);
            state.members = info.member_cnt;
            return state;
        }
    }
    state.error =
        text(rd_kafka_err2str(err == RD_KAFKA_RESP_ERR_NO_ERROR ? RD_KAFKA_RESP_ERR__UNKNOWN_GROUP : err));
    return state;
}

// The group's committed offsets for `partitions`, or for all it has when empty.
std::optional<QMap<TopicPartition, qint64>> committedOffsets(rd_kafka_t* client, const QString& group,
                                                             const QList<TopicPartition>& partitions,
                                                             milliseconds timeout, QString* error) {
    PartitionListHandle list;
    if (!partitions.isEmpty()) {
        list.reset(rd_kafka_topic_partition_list_new(int(partitions.size())));
        for (const TopicPartition& partition : partitions) {
            rd_kafka_topic_partition_list_add(list.get(), partition.topic.toUtf8().constData(),
                                              partition.partition);
        }
    }
    GroupOffsetsRequestHandle request(
        rd_kafka_ListConsumerGroupOffsets_new(group.toUtf8().constData(), list.get()));
    AdminCall call(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout);
    rd_kafka_ListConsumerGroupOffsets_t* raw = request.get();
    rd_kafka_ListConsumerGroupOffsets(client, &raw, 1, call.options.get(), call.queue.get());
    const EventHandle event = call.wait(error);
    if (!event) {
        return std::nullopt;
    }
    size_t count = 0;
    const rd_kafka_group_result_t** groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
        rd_kafka_event_ListConsumerGroupOffsets_result(event.get()), &count);
    QMap<TopicPartition, qint64> offsets;
    for (size_t g = 0; g < count; ++g) {
        if (const rd_kafka_error_t* failure = rd_kafka_group_result_error(groups[g])) {
            *error = text(rd_kafka_error_string(failure));
            return std::nullopt;
        }
        const rd_kafka_topic_partition_list_t* answered = rd_kafka_group_result_partitions(groups[g]);
        for (int i = 0; answered != nullptr && i < answered->cnt; ++i) {
            const rd_kafka_topic_partition_t& entry = answered->elems[i];
            if (entry.err == RD_KAFKA_RESP_ERR_NO_ERROR && entry.offset >= 0) {
                offsets.insert({text(entry.topic), entry.partition}, entry.offset);
            }
        }
    }
    return offsets;
}

// Offsets for a ListOffsets timestamp (or the -2/-1 sentinels for earliest/latest) per partition.
QMap<TopicPartition, qint64> offsetsAt(rd_kafka_t* client, const QList<TopicPartition>& partitions,
                                       qint64 timestamp, milliseconds timeout, QString* error) {
    PartitionListHandle list(rd_kafka_topic_partition_list_new(int(partitions.size())));
    for (const TopicPartition& partition : partitions) {
        rd_kafka_topic_partition_list_add(list.get(), partition.topic.toUtf8().constData(),
                                          partition.partition)
            ->offset = timestamp;
    }
    QMap<TopicPartition, qint64> offsets;
    const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(client, list.get(), int(timeout.count()));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = text(rd_kafka_err2str(err));
    }
    for (int i = 0; i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t& entry = list->elems[i];
        if (entry.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            offsets.insert({text(entry.topic), entry.partition}, entry.offset);
        }
    }
    return offsets;
}

qint64 targetOffset(const OffsetResetSpec& spec, const OffsetResetRow& row,
                    std::optional<qint64> atTimestamp) {
    switch (spec.target) {
        case OffsetResetTarget::Earliest:
            return row.lowWatermark;
        case OffsetResetTarget::Latest:
            return row.highWatermark;
        case OffsetResetTarget::Offset:
            return spec.value;
        case OffsetResetTarget::Timestamp:
            // No record at or after the time: the end, as Kafka's own tool does.
            return atTimestamp && *atTimestamp >= 0 ? *atTimestamp : row.highWatermark;
        case OffsetResetTarget::ShiftBy:
            return row.oldOffset.value_or(row.lowWatermark) + spec.value;
    }
    return row.lowWatermark;
}

}  // namespace

namespace {

// Why DeleteGroups must not be sent (see broker_api_support.h); empty when every broker it may go to
// serves it. DescribeGroups first connects to the brokers, so their APIs are known, and names the
// group's coordinator, the one broker the request goes to; without it, every broker must serve it.
QString deleteGroupsRefusal(rd_kafka_t* client, const QString& group, const BrokerApiSupport& apis,
                            milliseconds timeout) {
    struct Broker {
        qint32 id;
        QString address;
    };
    auto addressOf = [](const char* host, int port) { return QString("%1:%2").arg(text(host)).arg(port); };
    QList<Broker> brokers;
    const rd_kafka_group_list* rawGroups = nullptr;
    rd_kafka_list_groups(client, group.toUtf8().constData(), &rawGroups, int(timeout.count()));
    const GroupListHandle groups(rawGroups);
    for (int i = 0; groups != nullptr && i < groups->group_cnt; ++i) {
        const rd_kafka_group_info& info = groups->groups[i];
        if (text(info.group) == group && info.err == RD_KAFKA_RESP_ERR_NO_ERROR && info.broker.id >= 0) {
            brokers = {{info.broker.id, addressOf(info.broker.host, info.broker.port)}};
        }
    }
    if (brokers.isEmpty()) {
        const rd_kafka_metadata_t* rawMetadata = nullptr;
        if (rd_kafka_metadata(client, 0, nullptr, &rawMetadata, int(timeout.count())) !=
            RD_KAFKA_RESP_ERR_NO_ERROR) {
            return QString(
                "The group was not deleted: the cluster could not be asked which brokers serve "
                "DeleteGroups.");
        }
        for (int i = 0; i < rawMetadata->broker_cnt; ++i) {
            const rd_kafka_metadata_broker_t& broker = rawMetadata->brokers[i];
            brokers.append({broker.id, addressOf(broker.host, broker.port)});
        }
        rd_kafka_metadata_destroy(rawMetadata);
    }
    for (const Broker& broker : std::as_const(brokers)) {
        const std::optional<bool> served = apis.supports(broker.address, kDeleteGroupsApiKey,
                                                         kDeleteGroupsMinVersion, kDeleteGroupsMaxVersion);
        if (!served) {
            return QString(
                       "The group was not deleted: broker %1 (%2) could not be asked whether it serves "
                       "DeleteGroups.")
                .arg(broker.id)
                .arg(broker.address);
        }
        if (!*served) {
            return QString(
                       "The group was not deleted: broker %1 (%2) does not serve DeleteGroups (API key "
                       "%3, versions %4 to %5), which this Kafka client needs.")
                .arg(broker.id)
                .arg(broker.address)
                .arg(kDeleteGroupsApiKey)
                .arg(kDeleteGroupsMinVersion)
                .arg(kDeleteGroupsMaxVersion);
        }
    }
    return {};
}

}  // namespace

OperationResult deleteGroup(rd_kafka_t* client, const QString& group, const BrokerApiSupport& apis,
                            milliseconds timeout) {
    OperationResult result;
    result.kind = OperationKind::DeleteGroup;
    result.error = deleteGroupsRefusal(client, group, apis, timeout);
    if (!result.error.isEmpty()) {
        return result;
    }
    AdminHandle<rd_kafka_DeleteGroup_t> request(rd_kafka_DeleteGroup_new(group.toUtf8().constData()));
    AdminCall call(client, RD_KAFKA_ADMIN_OP_DELETEGROUPS, timeout);
    rd_kafka_DeleteGroup_t* raw = request.get();
    rd_kafka_DeleteGroups(client, &raw, 1, call.options.get(), call.queue.get());
    const EventHandle event = call.wait(&result.error);
    if (!event) {
        return result;
    }
    size_t count = 0;
    const rd_kafka_group_result_t** groups =
        rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event.get()), &count);
    for (size_t i = 0; i < count; ++i) {
        const rd_kafka_error_t* failure = rd_kafka_group_result_error(groups[i]);
        const QString itemError = failure != nullptr ? text(rd_kafka_error_string(failure)) : QString();
        result.items.append({text(rd_kafka_group_result_name(groups[i])), itemError});
        if (result.error.isEmpty()) {
            result.error = itemError;
        }
    }
    return result;
}

QString commitGroupOffsets(rd_kafka_t* client, const QString& group, QList<OffsetResetRow>& rows,
                           milliseconds timeout) {
    PartitionListHandle list(rd_kafka_topic_partition_list_new(int(rows.size())));
    for (const OffsetResetRow& row : std::as_const(rows)) {
        rd_kafka_topic_partition_list_add(list.get(), row.topic.toUtf8().constData(), row.partition)->offset =
            row.newOffset;
    }
    AdminHandle<rd_kafka_AlterConsumerGroupOffsets_t> request(
        rd_kafka_AlterConsumerGroupOffsets_new(group.toUtf8().constData(), list.get()));
    AdminCall call(client, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS, timeout);
    rd_kafka_AlterConsumerGroupOffsets_t* raw = request.get();
    rd_kafka_AlterConsumerGroupOffsets(client, &raw, 1, call.options.get(), call.queue.get());
    QString error;
    const EventHandle event = call.wait(&error);
    if (!event) {
        return error;
    }
    size_t count = 0;
    const rd_kafka_group_result_t** groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(
        rd_kafka_event_AlterConsumerGroupOffsets_result(event.get()), &count);
    for (size_t g = 0; g < count; ++g) {
        if (const rd_kafka_error_t* failure = rd_kafka_group_result_error(groups[g])) {
            return text(rd_kafka_error_string(failure));
        }
        const rd_kafka_topic_partition_list_t* answered = rd_kafka_group_result_partitions(groups[g]);
        for (int i = 0; answered != nullptr && i < answered->cnt; ++i) {
            const rd_kafka_topic_partition_t& entry = answered->elems[i];
            if (entry.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                continue;
            }
            for (OffsetResetRow& row : rows) {
                if (row.topic == text(entry.topic) && row.partition == entry.partition) {
                    row.error = text(rd_kafka_err2str(entry.err));
                    if (error.isEmpty()) {
                        error = QString("%1-%2: %3").arg(row.topic).arg(row.partition).arg(row.error);
                    }
                }
            }
        }
    }
    return error;
}

OffsetResetResult resetGroupOffsets(rd_kafka_t* client, const OffsetResetSpec& spec, bool apply,
                                    milliseconds timeout, const std::atomic_bool& cancelled) {
    OffsetResetResult result;
    result.group = spec.group;
    result.applied = false;
    if (spec.group.isEmpty()) {
        result.error = "Name the group whose offsets to reset.";
        return result;
    }
    const GroupState state = describeGroup(client, spec.group, timeout);
    result.activeMembers = state.error.isEmpty() ? state.members : -1;
    if (apply && !state.error.isEmpty()) {
        result.error =
            QString("Whether group '%1' is in use could not be checked: %2").arg(spec.group, state.error);
        return result;
    }
    if (apply && state.members > 0) {
        result.error = QString(
                           "Group '%1' has %2 active member(s) (state %3); offsets can only be reset "
                           "while no consumer of the group runs.")
                           .arg(spec.group)
                           .arg(state.members)
                           .arg(state.state);
        return result;
    }
    if (cancelled.load()) {
        return result;
    }

    QString error;
    const auto committed = committedOffsets(client, spec.group, spec.partitions, timeout, &error);
    if (!committed) {
        result.error = QString("Reading the offsets of group '%1' failed: %2").arg(spec.group, error);
        return result;
    }
    QList<TopicPartition> partitions = spec.partitions;
    if (partitions.isEmpty()) {
        partitions = committed->keys();
        if (partitions.isEmpty()) {
            result.error =
                QString("Group '%1' has no committed offsets; name the partitions to reset.").arg(spec.group);
            return result;
        }
    }
    std::sort(partitions.begin(), partitions.end());
    partitions.erase(std::unique(partitions.begin(), partitions.end()), partitions.end());

    const QMap<TopicPartition, qint64> low =
        offsetsAt(client, partitions, RD_KAFKA_OFFSET_BEGINNING, timeout, &error);
    const QMap<TopicPartition, qint64> high =
        offsetsAt(client, partitions, RD_KAFKA_OFFSET_END, timeout, &error);
    QMap<TopicPartition, qint64> atTimestamp;
    if (spec.target == OffsetResetTarget::Timestamp) {
        atTimestamp = offsetsAt(client, partitions, spec.value, timeout, &error);
    }
    for (const TopicPartition& partition : std::as_const(partitions)) {
        OffsetResetRow row;
        row.topic = partition.topic;
        row.partition = partition.partition;
        if (const auto it = committed->constFind(partition); it != committed->cend()) {
            row.oldOffset = *it;
        }
        if (!low.contains(partition) || !high.contains(partition)) {
            row.error = QString("The partition's offsets could not be read%1.")
                            .arg(error.isEmpty() ? QString() : ": " + error);
            result.rows.append(row);
            continue;
        }
        row.lowWatermark = low.value(partition);
        row.highWatermark = high.value(partition);
        const std::optional<qint64> found = atTimestamp.contains(partition)
                                                ? std::optional<qint64>(atTimestamp.value(partition))
                                                : std::nullopt;
        row.newOffset = std::clamp(targetOffset(spec, row, found), row.lowWatermark, row.highWatermark);
        result.rows.append(row);
    }
    for (const OffsetResetRow& row : std::as_const(result.rows)) {
        if (!row.error.isEmpty() && result.error.isEmpty()) {
            result.error = QString("%1-%2: %3").arg(row.topic).arg(row.partition).arg(row.error);
        }
    }
    if (!apply || !result.error.isEmpty() || cancelled.load()) {
        return result;
    }

    result.error = commitGroupOffsets(client, spec.group, result.rows, timeout);
    result.applied = result.error.isEmpty();
    return result;
}

}  // namespace tideline::model
