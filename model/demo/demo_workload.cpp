#include "model/demo/demo_workload.h"

#include <librdkafka/rdkafka.h>

#include <QDateTime>
#include <QLoggingCategory>
#include <chrono>
#include <vector>

#include "model/rdkafka_handles.h"

namespace tideline::model {
namespace {

using Clock = std::chrono::steady_clock;

Q_LOGGING_CATEGORY(lcDemoLibrdkafka, "tideline.demo.librdkafka", QtWarningMsg)

// A stopped dev cluster makes the clients complain on every retry; that belongs in a log category,
// not on the terminal.
void onClientLog(const rd_kafka_t*, int level, const char* facility, const char* message) {
    qCInfo(lcDemoLibrdkafka, "[%d] %s: %s", level, facility, message);
}

ClientHandle makeClient(rd_kafka_type_t type, const QList<std::pair<QByteArray, QByteArray>>& settings,
                        QString* error) {
    ConfHandle conf(rd_kafka_conf_new());
    char text[512];
    for (const auto& [key, value] : settings) {
        if (rd_kafka_conf_set(conf.get(), key.constData(), value.constData(), text, sizeof text) !=
            RD_KAFKA_CONF_OK) {
            *error = QString("The setting %1 was refused: %2").arg(QString::fromUtf8(key), text);
            return nullptr;
        }
    }
    rd_kafka_conf_set_log_cb(conf.get(), &onClientLog);
    rd_kafka_t* client = rd_kafka_new(type, conf.get(), text, sizeof text);
    if (client == nullptr) {
        *error = QString("The Kafka client could not be created: %1").arg(text);
        return nullptr;
    }
    conf.release();
    return ClientHandle(client);
}

// Creates the topics that do not exist yet; an existing one is fine (the demo may run again).
QString createTopics(rd_kafka_t* client, const DemoWorkloadOptions& options) {
    std::vector<rd_kafka_NewTopic_t*> topics;
    char text[512];
    for (const QString& name : options.topics) {
        topics.push_back(
            rd_kafka_NewTopic_new(name.toUtf8().constData(), options.partitions, -1, text, sizeof text));
    }
    QueueHandle queue(rd_kafka_queue_new(client));
    rd_kafka_CreateTopics(client, topics.data(), topics.size(), nullptr, queue.get());
    rd_kafka_NewTopic_destroy_array(topics.data(), topics.size());
    EventHandle event(rd_kafka_queue_poll(queue.get(), 10000));
    if (!event) {
        return "The cluster did not answer CreateTopics in time";
    }
    if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return QString::fromUtf8(rd_kafka_event_error_string(event.get()));
    }
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
    for (size_t i = 0; i < count; ++i) {
        const rd_kafka_resp_err_t code = rd_kafka_topic_result_error(results[i]);
        if (code != RD_KAFKA_RESP_ERR_NO_ERROR && code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
            return QString("%1: %2").arg(QString::fromUtf8(rd_kafka_topic_result_name(results[i])),
                                         QString::fromUtf8(rd_kafka_topic_result_error_string(results[i])));
        }
    }
    return {};
}

}  // namespace

DemoWorkload::DemoWorkload(QObject* parent) : QObject(parent) {}

DemoWorkload::~DemoWorkload() {
    leaveGroup_ = false;  // the window is closing; the cluster may already be gone
    stopping_ = true;
    join();
}

void DemoWorkload::start(const QString& bootstrapServers, const DemoWorkloadOptions& options) {
    if (running_) {
        return;
    }
    join();  // a run that ended by itself
    stopping_ = false;
    leaveGroup_ = true;
    running_ = true;
    thread_ = std::thread([this, bootstrapServers, options] { run(bootstrapServers, options); });
}

void DemoWorkload::stop(bool leaveGroup) {
    if (!leaveGroup) {
        leaveGroup_ = false;
    }
    stopping_ = true;
}

void DemoWorkload::join() {
    if (thread_.joinable()) {
        thread_.join();
    }
}

void DemoWorkload::run(QString bootstrapServers, DemoWorkloadOptions options) {
    pthread_setname_np(pthread_self(), "demo-workload");
    const QByteArray servers = bootstrapServers.toUtf8();
    QString error;
    ClientHandle producer = makeClient(
        RD_KAFKA_PRODUCER,
        {{"bootstrap.servers", servers}, {"client.id", "tideline-demo-producer"}, {"linger.ms", "20"}},
        &error);
    if (producer) {
        error = createTopics(producer.get(), options);
    }
    ClientHandle consumer;
    if (error.isEmpty()) {
        consumer = makeClient(RD_KAFKA_CONSUMER,
                              {{"bootstrap.servers", servers},
                               {"client.id", "tideline-demo-consumer"},
                               {"group.id", options.group.toUtf8()},
                               {"auto.offset.reset", "earliest"},
                               {"enable.auto.commit", "true"},
                               {"auto.commit.interval.ms", "1000"}},
                              &error);
    }
    if (consumer) {
        PartitionListHandle subscription(rd_kafka_topic_partition_list_new(int(options.topics.size())));
        for (const QString& topic : options.topics) {
            rd_kafka_topic_partition_list_add(subscription.get(), topic.toUtf8().constData(),
                                              RD_KAFKA_PARTITION_UA);
        }
        if (const rd_kafka_resp_err_t code = rd_kafka_subscribe(consumer.get(), subscription.get()); code) {
            error = QString("Subscribing failed: %1").arg(rd_kafka_err2str(code));
        }
    }
    if (!error.isEmpty()) {
        running_ = false;
        emit failed(error);
        return;
    }
    emit started();

    // Rates by budget: each turn adds what is due since the start and does that much.
    const auto begin = Clock::now();
    qint64 sent = 0;
    qint64 read = 0;
    while (!stopping_) {
        const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
        for (; sent < qint64(seconds * options.producePerSecond) && !stopping_; ++sent) {
            const QByteArray topic = options.topics.at(int(sent % options.topics.size())).toUtf8();
            const QByteArray key = QByteArray("customer-") + QByteArray::number(sent % 97);
            const QByteArray value = QString(R"({"seq": %1, "at": "%2", "amount": %3})")
                                         .arg(sent)
                                         .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
                                         .arg((sent * 37) % 1000 / 10.0)
                                         .toUtf8();
            if (rd_kafka_producev(
                    producer.get(), RD_KAFKA_V_TOPIC(topic.constData()),
                    RD_KAFKA_V_KEY(key.data(), size_t(key.size())),
                    RD_KAFKA_V_VALUE(const_cast<char*>(value.constData()), size_t(value.size())),
                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                ++produced_;
            }
        }
        rd_kafka_poll(producer.get(), 0);
        // The slow group: at most its budget, then it waits for the next turn.
        const qint64 due = qint64(seconds * options.consumePerSecond);
        while (read < due && !stopping_) {
            rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer.get(), 20);
            if (message == nullptr) {
                break;
            }
            if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                ++read;
                ++consumed_;
            }
            rd_kafka_message_destroy(message);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    if (leaveGroup_) {
        rd_kafka_consumer_close(consumer.get());
        consumer.reset();
    } else {
        rd_kafka_destroy_flags(consumer.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    }
    rd_kafka_flush(producer.get(), leaveGroup_ ? 2000 : 200);
    producer.reset();
    running_ = false;
    emit stopped();
}

}  // namespace tideline::model
