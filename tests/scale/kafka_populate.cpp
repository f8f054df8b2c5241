#include "kafka_populate.h"

#include <algorithm>
#include <cstdio>

namespace tideline::populate {
namespace {

constexpr int kAdminTimeoutMs = 120000;

struct AdminRun {
    Kafka admin;
    rd_kafka_queue_t* queue = nullptr;
    rd_kafka_AdminOptions_t* options = nullptr;

    AdminRun(const std::string& bootstrap, rd_kafka_admin_op_t op)
        : admin(make_client(RD_KAFKA_PRODUCER, {{"bootstrap.servers", bootstrap}, {"log_level", "3"}})) {
        if (!admin) return;
        queue = rd_kafka_queue_new(admin.get());
        options = rd_kafka_AdminOptions_new(admin.get(), op);
        char error[512];
        rd_kafka_AdminOptions_set_request_timeout(options, kAdminTimeoutMs, error, sizeof error);
        if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS)
            rd_kafka_AdminOptions_set_operation_timeout(options, kAdminTimeoutMs, error, sizeof error);
    }
    ~AdminRun() {
        if (options) rd_kafka_AdminOptions_destroy(options);
        if (queue) rd_kafka_queue_destroy(queue);
    }
    AdminRun(const AdminRun&) = delete;
    AdminRun& operator=(const AdminRun&) = delete;
};

struct DeliveryTally {
    std::uint64_t delivered = 0;
    std::uint64_t failed = 0;
    std::string first_error;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
    auto* tally = static_cast<DeliveryTally*>(opaque);
    if (!message->err) {
        ++tally->delivered;
    } else if (tally->failed++ == 0) {
        tally->first_error = rd_kafka_err2str(message->err);
    }
}

// One AlterConsumerGroupOffsets answer; false (with a message) when the group or a partition failed.
bool commit_answer_ok(rd_kafka_event_t* event) {
    const auto* result = event ? rd_kafka_event_AlterConsumerGroupOffsets_result(event) : nullptr;
    if (!result || rd_kafka_event_error(event)) {
        std::fprintf(stderr, "AlterConsumerGroupOffsets: %s\n",
                     event ? rd_kafka_event_error_string(event) : "no answer");
        return false;
    }
    std::size_t count = 0;
    const rd_kafka_group_result_t** groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(result, &count);
    for (std::size_t i = 0; i < count; ++i) {
        if (const rd_kafka_error_t* error = rd_kafka_group_result_error(groups[i])) {
            std::fprintf(stderr, "AlterConsumerGroupOffsets %s: %s\n", rd_kafka_group_result_name(groups[i]),
                         rd_kafka_error_string(error));
            return false;
        }
        const rd_kafka_topic_partition_list_t* partitions = rd_kafka_group_result_partitions(groups[i]);
        for (int p = 0; partitions && p < partitions->cnt; ++p) {
            if (partitions->elems[p].err) {
                std::fprintf(stderr, "AlterConsumerGroupOffsets %s %s[%d]: %s\n",
                             rd_kafka_group_result_name(groups[i]), partitions->elems[p].topic,
                             partitions->elems[p].partition, rd_kafka_err2str(partitions->elems[p].err));
                return false;
            }
        }
    }
    return count == 1;
}

}  // namespace

Kafka make_client(rd_kafka_type_t type, const Settings& settings,
                  const std::function<void(rd_kafka_conf_t*)>& configure) {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    for (const auto& [name, value] : settings) {
        if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
            std::fprintf(stderr, "librdkafka setting %s=%s: %s\n", name.c_str(), value.c_str(), error);
            rd_kafka_conf_destroy(conf);
            return nullptr;
        }
    }
    if (configure) configure(conf);
    rd_kafka_t* handle = rd_kafka_new(type, conf, error, sizeof error);
    if (!handle) {
        std::fprintf(stderr, "rd_kafka_new: %s\n", error);
        return nullptr;
    }
    return Kafka(handle);
}

bool create_topics(const std::string& bootstrap, const std::vector<std::string>& names, int partitions,
                   int replication_factor, std::size_t per_request) {
    AdminRun run(bootstrap, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    if (!run.admin) return false;
    char error[512];
    bool ok = true;
    for (std::size_t first = 0; ok && first < names.size(); first += per_request) {
        std::vector<rd_kafka_NewTopic_t*> batch;
        for (std::size_t i = first; i < std::min(names.size(), first + per_request); ++i)
            batch.push_back(
                rd_kafka_NewTopic_new(names[i].c_str(), partitions, replication_factor, error, sizeof error));
        rd_kafka_CreateTopics(run.admin.get(), batch.data(), batch.size(), run.options, run.queue);
        rd_kafka_event_t* event = rd_kafka_queue_poll(run.queue, kAdminTimeoutMs + 60000);
        const rd_kafka_CreateTopics_result_t* result =
            event ? rd_kafka_event_CreateTopics_result(event) : nullptr;
        if (!result || rd_kafka_event_error(event)) {
            std::fprintf(stderr, "CreateTopics: %s\n",
                         event ? rd_kafka_event_error_string(event) : "no answer");
            ok = false;
        } else {
            std::size_t count = 0;
            const rd_kafka_topic_result_t** topics = rd_kafka_CreateTopics_result_topics(result, &count);
            for (std::size_t i = 0; i < count && ok; ++i) {
                if (rd_kafka_topic_result_error(topics[i])) {
                    std::fprintf(stderr, "CreateTopics %s: %s\n", rd_kafka_topic_result_name(topics[i]),
                                 rd_kafka_topic_result_error_string(topics[i]));
                    ok = false;
                }
            }
            if (count != batch.size()) ok = false;
        }
        if (event) rd_kafka_event_destroy(event);
        rd_kafka_NewTopic_destroy_array(batch.data(), batch.size());
    }
    return ok;
}

bool produce_records(const std::string& bootstrap, const std::vector<PartitionRecords>& records) {
    DeliveryTally tally;
    Kafka producer = make_client(RD_KAFKA_PRODUCER,
                                 {{"bootstrap.servers", bootstrap},
                                  {"acks", "all"},
                                  {"linger.ms", "5"},
                                  {"enable.idempotence", "false"},
                                  {"log_level", "3"}},
                                 [&tally](rd_kafka_conf_t* conf) {
                                     rd_kafka_conf_set_opaque(conf, &tally);
                                     rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
                                 });
    if (!producer) return false;
    std::uint64_t sent = 0;
    for (const PartitionRecords& target : records) {
        for (int i = 0; i < target.count; ++i) {
            const std::string value =
                target.topic + "/" + std::to_string(target.partition) + "#" + std::to_string(i);
            for (;;) {
                const auto error =
                    rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC(target.topic.c_str()),
                                      RD_KAFKA_V_PARTITION(target.partition),
                                      RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
                if (error == RD_KAFKA_RESP_ERR_NO_ERROR) break;
                if (error != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                    std::fprintf(stderr, "produce to %s: %s\n", target.topic.c_str(),
                                 rd_kafka_err2str(error));
                    return false;
                }
                rd_kafka_poll(producer.get(), 10);
            }
            ++sent;
        }
        rd_kafka_poll(producer.get(), 0);
    }
    if (rd_kafka_flush(producer.get(), 120000) != RD_KAFKA_RESP_ERR_NO_ERROR || tally.failed ||
        tally.delivered != sent) {
        std::fprintf(stderr, "produce: %llu of %llu records acknowledged (%s)\n",
                     static_cast<unsigned long long>(tally.delivered), static_cast<unsigned long long>(sent),
                     tally.first_error.c_str());
        return false;
    }
    return true;
}

bool commit_group_offsets(const std::string& bootstrap, const std::vector<GroupCommit>& commits,
                          int in_flight) {
    AdminRun run(bootstrap, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS);
    if (!run.admin) return false;
    std::size_t next = 0;
    std::size_t answered = 0;
    bool ok = true;
    auto send_next = [&] {
        const GroupCommit& commit = commits[next++];
        rd_kafka_topic_partition_list_t* partitions =
            rd_kafka_topic_partition_list_new(static_cast<int>(commit.offsets.size()));
        for (const CommittedOffset& offset : commit.offsets)
            rd_kafka_topic_partition_list_add(partitions, offset.topic.c_str(), offset.partition)->offset =
                offset.offset;
        rd_kafka_AlterConsumerGroupOffsets_t* alter =
            rd_kafka_AlterConsumerGroupOffsets_new(commit.group.c_str(), partitions);
        rd_kafka_AlterConsumerGroupOffsets(run.admin.get(), &alter, 1, run.options, run.queue);
        rd_kafka_AlterConsumerGroupOffsets_destroy(alter);
        rd_kafka_topic_partition_list_destroy(partitions);
    };
    while (next < commits.size() && next - answered < static_cast<std::size_t>(in_flight)) send_next();
    while (answered < next) {
        rd_kafka_event_t* event = rd_kafka_queue_poll(run.queue, kAdminTimeoutMs + 60000);
        ok = commit_answer_ok(event) && ok;
        if (event) rd_kafka_event_destroy(event);
        ++answered;
        if (!event) break;
        if (ok && next < commits.size()) send_next();
    }
    return ok && answered == commits.size();
}

}  // namespace tideline::populate
