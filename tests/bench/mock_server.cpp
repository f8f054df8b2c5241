#include "mock_server.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

namespace tideline::bench {

int serve_mock_cluster() {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "test.mock.num.brokers", "3", error, sizeof error) != RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error) != RD_KAFKA_CONF_OK) {
        std::fprintf(stderr, "mock cluster: %s\n", error);
        return 1;
    }
    rd_kafka_t* owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!owner) {
        std::fprintf(stderr, "mock cluster: %s\n", error);
        return 1;
    }
    rd_kafka_mock_cluster_t* cluster = rd_kafka_handle_mock_cluster(owner);
    std::cout << "ready " << rd_kafka_mock_cluster_bootstraps(cluster) << std::endl;

    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream command(line);
        std::string verb, topic;
        int partitions = 0, replication_factor = 0;
        if (command >> verb >> topic >> partitions >> replication_factor && verb == "topic" &&
            rd_kafka_mock_topic_create(cluster, topic.c_str(), partitions, replication_factor) ==
                RD_KAFKA_RESP_ERR_NO_ERROR) {
            std::cout << "ok" << std::endl;
        } else {
            std::cout << "error" << std::endl;
        }
    }
    rd_kafka_destroy(owner);
    return 0;
}

}  // namespace tideline::bench
