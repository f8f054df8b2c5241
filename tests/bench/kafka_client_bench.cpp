#include "kafka_client_bench.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "kafka_populate.h"

namespace tideline::bench {
namespace {

using Clock = std::chrono::steady_clock;

using populate::Kafka;

struct DeliveryTally {
    std::uint64_t delivered = 0;
    std::uint64_t failed = 0;
    std::string first_error;
    std::vector<Clock::time_point>* sent_at = nullptr;  // latency runs only
    std::vector<double>* latencies_ms = nullptr;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
    auto* tally = static_cast<DeliveryTally*>(opaque);
    if (message->err) {
        if (tally->failed++ == 0) tally->first_error = rd_kafka_err2str(message->err);
        return;
    }
    ++tally->delivered;
    if (tally->latencies_ms) {
        const auto index = reinterpret_cast<std::uintptr_t>(message->_private);
        const auto elapsed = Clock::now() - (*tally->sent_at)[index];
        tally->latencies_ms->push_back(std::chrono::duration<double, std::milli>(elapsed).count());
    }
}

Kafka make_client(rd_kafka_type_t type, const populate::Settings& settings, DeliveryTally* tally) {
    return populate::make_client(type, settings, [tally](rd_kafka_conf_t* conf) {
        if (!tally) return;
        rd_kafka_conf_set_opaque(conf, tally);
        rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    });
}

int partition_count(rd_kafka_t* handle, const std::string& topic) {
    rd_kafka_topic_t* topic_handle = rd_kafka_topic_new(handle, topic.c_str(), nullptr);
    const rd_kafka_metadata_t* metadata = nullptr;
    int count = 0;
    if (rd_kafka_metadata(handle, 0, topic_handle, &metadata, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR)
            count = metadata->topics[0].partition_cnt;
        rd_kafka_metadata_destroy(metadata);
    }
    rd_kafka_topic_destroy(topic_handle);
    return count;
}

// Queues one record, waiting for room in librdkafka's queue when it is full.
bool produce_one(rd_kafka_t* handle, const std::string& topic, std::int32_t partition,
                 const std::vector<char>& value, void* opaque) {
    for (;;) {
        const auto error =
            rd_kafka_producev(handle, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                              RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                              RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
        if (error == RD_KAFKA_RESP_ERR_NO_ERROR) return true;
        if (error != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            std::fprintf(stderr, "produce: %s\n", rd_kafka_err2str(error));
            return false;
        }
        rd_kafka_poll(handle, 1);
    }
}

bool finish(rd_kafka_t* handle, const DeliveryTally& tally, std::uint64_t sent) {
    if (rd_kafka_flush(handle, 120000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::fprintf(stderr, "produce: not every record was acknowledged within 120 s\n");
        return false;
    }
    if (tally.failed || tally.delivered != sent) {
        std::fprintf(stderr, "produce: %llu of %llu records failed (%s)\n",
                     static_cast<unsigned long long>(tally.failed), static_cast<unsigned long long>(sent),
                     tally.first_error.c_str());
        return false;
    }
    return true;
}

}  // namespace

std::optional<ProduceResult> produce_throughput(const ProduceRun& run) {
    DeliveryTally tally;
    auto producer = make_client(RD_KAFKA_PRODUCER,
                                {{"bootstrap.servers", run.bootstrap},
                                 {"acks", run.acks},
                                 {"linger.ms", "5"},
                                 {"batch.size", "1000000"},
                                 {"batch.num.messages", "100000"},
                                 {"queue.buffering.max.kbytes", "1048576"},
                                 {"queue.buffering.max.messages", "2000000"},
                                 {"enable.idempotence", "false"},
                                 {"compression.type", "none"},
                                 {"log_level", "3"}},
                                &tally);
    if (!producer) return std::nullopt;
    const int partitions = partition_count(producer.get(), run.topic);
    if (partitions <= 0) {
        std::fprintf(stderr, "produce: topic %s not found\n", run.topic.c_str());
        return std::nullopt;
    }
    const std::vector<char> value(run.record_size, 'x');
    const std::uint64_t records = std::max<std::uint64_t>(1, run.total_bytes / run.record_size);
    // Runs of records to one partition, so batches fill up as with a sticky partitioner.
    const std::uint64_t run_length = std::max<std::uint64_t>(1, 256 * 1024 / run.record_size);
    const auto start = Clock::now();
    for (std::uint64_t i = 0; i < records; ++i) {
        const auto partition =
            static_cast<std::int32_t>((i / run_length) % static_cast<std::uint64_t>(partitions));
        if (!produce_one(producer.get(), run.topic, partition, value, nullptr)) return std::nullopt;
        if ((i & 1023) == 0) rd_kafka_poll(producer.get(), 0);
    }
    if (!finish(producer.get(), tally, records)) return std::nullopt;
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return ProduceResult{static_cast<double>(records * run.record_size) / 1e6 / seconds, records};
}

std::optional<LatencyResult> produce_latency(const ProduceRun& run, int rate, double seconds) {
    std::vector<Clock::time_point> sent_at;
    std::vector<double> latencies;
    DeliveryTally tally;
    tally.sent_at = &sent_at;
    tally.latencies_ms = &latencies;
    auto producer = make_client(RD_KAFKA_PRODUCER,
                                {{"bootstrap.servers", run.bootstrap},
                                 {"acks", run.acks},
                                 {"linger.ms", "0"},
                                 {"enable.idempotence", "false"},
                                 {"log_level", "3"}},
                                &tally);
    if (!producer) return std::nullopt;
    const int partitions = partition_count(producer.get(), run.topic);
    if (partitions <= 0) return std::nullopt;
    const std::vector<char> value(run.record_size, 'x');
    const auto records = static_cast<std::uint64_t>(rate * seconds);
    sent_at.resize(records);
    latencies.reserve(records);
    const auto interval =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
    // A short warm-up outside the figures, a few records to every partition: the first record pays for
    // connecting, and the first one a replica gets for creating its directory and files.
    for (int i = 0; i < 5 * partitions; ++i) {
        sent_at.push_back(Clock::now());
        produce_one(producer.get(), run.topic, i % partitions, value,
                    reinterpret_cast<void*>(sent_at.size() - 1));
    }
    if (rd_kafka_flush(producer.get(), 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) return std::nullopt;
    latencies.clear();
    tally.delivered = 0;
    const auto start = Clock::now();
    for (std::uint64_t i = 0; i < records; ++i) {
        const auto due = start + interval * static_cast<long>(i);
        while (Clock::now() < due) {
            rd_kafka_poll(producer.get(), 0);
            std::this_thread::sleep_for(std::chrono::microseconds(50));
        }
        sent_at[i] = Clock::now();
        if (!produce_one(producer.get(), run.topic, static_cast<std::int32_t>(i % partitions), value,
                         reinterpret_cast<void*>(i)))
            return std::nullopt;
        rd_kafka_poll(producer.get(), 0);
    }
    if (!finish(producer.get(), tally, records)) return std::nullopt;
    std::sort(latencies.begin(), latencies.end());
    auto at = [&](double quantile) {
        return latencies[std::min(latencies.size() - 1,
                                  static_cast<std::size_t>(quantile * latencies.size()))];
    };
    return LatencyResult{at(0.50), at(0.99), records};
}

}  // namespace tideline::bench
