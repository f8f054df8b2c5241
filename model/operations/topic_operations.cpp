#include "model/operations/admin_call.h"
#include "model/operations/admin_operations.h"

namespace tideline::model {
namespace {

struct TopicAdminDeleter {
    void operator()(rd_kafka_NewTopic_t* topic) const { rd_kafka_NewTopic_destroy(topic); }
    void operator()(rd_kafka_DeleteTopic_t* topic) const { rd_kafka_DeleteTopic_destroy(topic); }
    void operator()(rd_kafka_NewPartitions_t* partitions) const {
        rd_kafka_NewPartitions_destroy(partitions);
    }
    void operator()(rd_kafka_DeleteRecords_t* records) const { rd_kafka_DeleteRecords_destroy(records); }
};
template <typename T>
using AdminHandle = std::unique_ptr<T, TopicAdminDeleter>;

OperationResult startResult(OperationKind kind, bool validateOnly) {
    OperationResult result;
    result.kind = kind;
    result.validateOnly = validateOnly;
    return result;
}

// Topic creation and deletion wait for the controller to finish, within the same bound.
void setOperationTimeout(AdminCall& call) {
    char error[256];
    rd_kafka_AdminOptions_set_operation_timeout(call.options.get(), int(call.timeout.count()), error,
                                                sizeof error);
}

void setValidateOnly(AdminCall& call, bool validateOnly) {
    char error[256];
    rd_kafka_AdminOptions_set_validate_only(call.options.get(), validateOnly ? 1 : 0, error, sizeof error);
}

void takeTopicResults(const rd_kafka_topic_result_t** topics, size_t count, OperationResult& result) {
    for (size_t i = 0; i < count; ++i) {
        const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(topics[i]);
        const QString itemError = err == RD_KAFKA_RESP_ERR_NO_ERROR
                                      ? QString()
                                      : errorText(err, rd_kafka_topic_result_error_string(topics[i]));
        const QString name = text(rd_kafka_topic_result_name(topics[i]));
        result.items.append({name, itemError});
        if (result.error.isEmpty() && !itemError.isEmpty()) {
            result.error = count == 1 ? itemError : QString("%1: %2").arg(name, itemError);
        }
    }
}

}  // namespace

OperationResult createTopic(rd_kafka_t* client, const NewTopicSpec& spec, bool validateOnly,
                            milliseconds timeout) {
    OperationResult result = startResult(OperationKind::CreateTopic, validateOnly);
    char error[512];
    AdminHandle<rd_kafka_NewTopic_t> topic(rd_kafka_NewTopic_new(
        spec.name.toUtf8().constData(), spec.partitions, spec.replicationFactor, error, sizeof error));
    if (!topic) {
        result.error = text(error);  // librdkafka checks the counts before sending anything
        return result;
    }
    for (auto it = spec.configs.cbegin(); it != spec.configs.cend(); ++it) {
        if (rd_kafka_NewTopic_set_config(topic.get(), it.key().toUtf8().constData(),
                                         it.value().toUtf8().constData()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            result.error = QString("The config '%1' could not be set.").arg(it.key());
            return result;
        }
    }
    AdminCall call(client, RD_KAFKA_ADMIN_OP_CREATETOPICS, timeout);
    setOperationTimeout(call);
    setValidateOnly(call, validateOnly);
    rd_kafka_NewTopic_t* raw = topic.get();
    rd_kafka_CreateTopics(client, &raw, 1, call.options.get(), call.queue.get());
    if (const EventHandle event = call.wait(&result.error)) {
        size_t count = 0;
        const rd_kafka_topic_result_t** topics =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
        takeTopicResults(topics, count, result);
    }
    return result;
}

OperationResult deleteTopics(rd_kafka_t* client, const QStringList& names, milliseconds timeout) {
    OperationResult result = startResult(OperationKind::DeleteTopics, false);
    if (names.isEmpty()) {
        result.error = "No topic was given.";
        return result;
    }
    std::vector<AdminHandle<rd_kafka_DeleteTopic_t>> owned;
    std::vector<rd_kafka_DeleteTopic_t*> raw;
    for (const QString& name : names) {
        owned.emplace_back(rd_kafka_DeleteTopic_new(name.toUtf8().constData()));
        raw.push_back(owned.back().get());
    }
    AdminCall call(client, RD_KAFKA_ADMIN_OP_DELETETOPICS, timeout);
    setOperationTimeout(call);
    rd_kafka_DeleteTopics(client, raw.data(), raw.size(), call.options.get(), call.queue.get());
    if (const EventHandle event = call.wait(&result.error)) {
        size_t count = 0;
        const rd_kafka_topic_result_t** topics =
            rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event.get()), &count);
        takeTopicResults(topics, count, result);
    }
    return result;
}

OperationResult createPartitions(rd_kafka_t* client, const QString& topic, int totalPartitions,
                                 bool validateOnly, milliseconds timeout) {
    OperationResult result = startResult(OperationKind::CreatePartitions, validateOnly);
    char error[512];
    AdminHandle<rd_kafka_NewPartitions_t> partitions(rd_kafka_NewPartitions_new(
        topic.toUtf8().constData(), size_t(std::max(totalPartitions, 0)), error, sizeof error));
    if (!partitions || totalPartitions < 1) {
        result.error = totalPartitions < 1 ? QString("A topic needs at least one partition.") : text(error);
        return result;
    }
    AdminCall call(client, RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, timeout);
    setOperationTimeout(call);
    setValidateOnly(call, validateOnly);
    rd_kafka_NewPartitions_t* raw = partitions.get();
    rd_kafka_CreatePartitions(client, &raw, 1, call.options.get(), call.queue.get());
    if (const EventHandle event = call.wait(&result.error)) {
        size_t count = 0;
        const rd_kafka_topic_result_t** topics = rd_kafka_CreatePartitions_result_topics(
            rd_kafka_event_CreatePartitions_result(event.get()), &count);
        takeTopicResults(topics, count, result);
    }
    return result;
}

OperationResult deleteRecords(rd_kafka_t* client, const QList<PartitionOffset>& before,
                              milliseconds timeout) {
    OperationResult result = startResult(OperationKind::DeleteRecords, false);
    if (before.isEmpty()) {
        result.error = "No partition was given.";
        return result;
    }
    PartitionListHandle list(rd_kafka_topic_partition_list_new(int(before.size())));
    for (const PartitionOffset& entry : before) {
        if (entry.offset < -1) {
            result.error = QString("%1-%2: %3 is not an offset.")
                               .arg(entry.topic)
                               .arg(entry.partition)
                               .arg(entry.offset);
            return result;
        }
        // -1 is RD_KAFKA_OFFSET_END, which Kafka's DeleteRecords takes as "the high watermark".
        rd_kafka_topic_partition_list_add(list.get(), entry.topic.toUtf8().constData(), entry.partition)
            ->offset = entry.offset < 0 ? RD_KAFKA_OFFSET_END : entry.offset;
    }
    AdminHandle<rd_kafka_DeleteRecords_t> request(rd_kafka_DeleteRecords_new(list.get()));
    AdminCall call(client, RD_KAFKA_ADMIN_OP_DELETERECORDS, timeout);
    setOperationTimeout(call);
    rd_kafka_DeleteRecords_t* raw = request.get();
    rd_kafka_DeleteRecords(client, &raw, 1, call.options.get(), call.queue.get());
    const EventHandle event = call.wait(&result.error);
    if (!event) {
        return result;
    }
    const rd_kafka_topic_partition_list_t* offsets =
        rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(event.get()));
    for (int i = 0; offsets != nullptr && i < offsets->cnt; ++i) {
        const rd_kafka_topic_partition_t& entry = offsets->elems[i];
        const QString name = QString("%1-%2").arg(text(entry.topic)).arg(entry.partition);
        const QString itemError =
            entry.err == RD_KAFKA_RESP_ERR_NO_ERROR ? QString() : text(rd_kafka_err2str(entry.err));
        result.items.append({name, itemError});
        if (itemError.isEmpty()) {
            result.offsets.append({text(entry.topic), entry.partition, entry.offset});
        } else if (result.error.isEmpty()) {
            result.error = QString("%1: %2").arg(name, itemError);
        }
    }
    return result;
}

}  // namespace tideline::model
