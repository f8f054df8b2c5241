// Owning pointers for librdkafka objects, so that every early return on the session thread frees them.
#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>

namespace tideline::model {

struct RdKafkaDeleter {
    void operator()(rd_kafka_t* client) const { rd_kafka_destroy(client); }
    void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
    void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
    void operator()(rd_kafka_event_t* event) const { rd_kafka_event_destroy(event); }
    void operator()(rd_kafka_AdminOptions_t* options) const { rd_kafka_AdminOptions_destroy(options); }
    void operator()(rd_kafka_topic_partition_list_t* list) const {
        rd_kafka_topic_partition_list_destroy(list);
    }
    void operator()(const rd_kafka_metadata_t* metadata) const { rd_kafka_metadata_destroy(metadata); }
    void operator()(const rd_kafka_group_list* groups) const { rd_kafka_group_list_destroy(groups); }
    void operator()(rd_kafka_ListConsumerGroupOffsets_t* request) const {
        rd_kafka_ListConsumerGroupOffsets_destroy(request);
    }
};

using ClientHandle = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;
using ConfHandle = std::unique_ptr<rd_kafka_conf_t, RdKafkaDeleter>;
using QueueHandle = std::unique_ptr<rd_kafka_queue_t, RdKafkaDeleter>;
using EventHandle = std::unique_ptr<rd_kafka_event_t, RdKafkaDeleter>;
using AdminOptionsHandle = std::unique_ptr<rd_kafka_AdminOptions_t, RdKafkaDeleter>;
using PartitionListHandle = std::unique_ptr<rd_kafka_topic_partition_list_t, RdKafkaDeleter>;
using MetadataHandle = std::unique_ptr<const rd_kafka_metadata_t, RdKafkaDeleter>;
using GroupListHandle = std::unique_ptr<const rd_kafka_group_list, RdKafkaDeleter>;
using GroupOffsetsRequestHandle = std::unique_ptr<rd_kafka_ListConsumerGroupOffsets_t, RdKafkaDeleter>;

}  // namespace tideline::model
