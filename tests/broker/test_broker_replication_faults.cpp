// Replication under faults, with real clients against the real tideline-broker process: a leader's
// broker stopped in the middle of an acks=all stream (failover, ISR shrink and regrowth, no
// acknowledged record lost), kill -9 of the whole process during acks=all produces, and
// NOT_ENOUGH_REPLICAS when the ISR is too small. Debian's /usr/bin/python3 runs the
// confluent-kafka producer (librdkafka).
#include <QElapsedTimer>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "record_batch.h"
#include "support/broker_process.h"
#include "support/raw_kafka_client.h"

using namespace tideline::protocol;
using tideline::testing::BrokerProcess;
using tideline::testing::httpRequest;
using tideline::testing::RawKafkaClient;
using tideline::testing::runTool;

namespace {

const QString kSystemPython = QStringLiteral("/usr/bin/python3");
const QString kKcat = QStringLiteral("/usr/bin/kcat");

// Produces "<partition>-<sequence>" to every partition until stdin closes, one record per partition
// every 2 ms, and prints each delivery: "ack <partition> <offset> <value>" or "fail <partition> <value>".
// One request in flight per connection keeps each partition's records in order across retries.
const char* const kProducer = R"(
import sys, threading, time
from confluent_kafka import Producer
bootstrap, topic, partitions, timeout_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
producer = Producer({'bootstrap.servers': bootstrap, 'acks': 'all', 'linger.ms': 2,
                     'max.in.flight.requests.per.connection': 1, 'message.timeout.ms': timeout_ms,
                     'retry.backoff.ms': 50, 'topic.metadata.refresh.interval.ms': 1000})
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
def delivered(error, message):
    if error is None:
        print('ack', message.partition(), message.offset(), message.value().decode(), flush=True)
    else:
        print('fail', message.partition(), message.value().decode(), flush=True)
sequence = [0] * partitions
while not stop.is_set():
    for partition in range(partitions):
        producer.produce(topic, value='%d-%d' % (partition, sequence[partition]), partition=partition,
                         on_delivery=delivered)
        sequence[partition] += 1
    producer.poll(0.002)
producer.flush(30)
print('sent', *sequence, flush=True)
)";

struct Ack {
    std::int64_t offset = 0;
    QString value;
};

// The producer's report, read line by line while it runs.
class ProducerProcess {
public:
    void start(const QString& bootstrap, const QString& topic, int partitions, int messageTimeoutMs) {
        process_.start(kSystemPython, {"-c", kProducer, bootstrap, topic, QString::number(partitions),
                                       QString::number(messageTimeoutMs)});
    }
    ~ProducerProcess() {
        if (process_.state() != QProcess::NotRunning) {
            process_.kill();
            process_.waitForFinished(5'000);
        }
    }
    // Reads what arrived within `waitMs`.
    void poll(int waitMs = 50) {
        process_.waitForReadyRead(waitMs);
        buffer_ += process_.readAllStandardOutput();
        for (auto end = buffer_.indexOf('\n'); end >= 0; end = buffer_.indexOf('\n')) {
            const auto fields = QString::fromUtf8(buffer_.left(end)).split(' ');
            buffer_.remove(0, end + 1);
            if (fields.size() == 4 && fields[0] == "ack")
                acks[fields[1].toInt()].push_back({fields[2].toLongLong(), fields[3]});
            if (fields.size() == 3 && fields[0] == "fail") ++failed;
            if (fields[0] == "sent") finished = true;
        }
    }
    // Everything the producer has written so far.
    void drain() {
        for (int i = 0; i < 20 && process_.bytesAvailable() + buffer_.size() > 0; ++i) poll(0);
        poll(0);
    }
    bool waitForAcks(int partition, int count, int timeoutMs) {
        QElapsedTimer timer;
        timer.start();
        while (acks.value(partition).size() < count && timer.elapsed() < timeoutMs) poll();
        return acks.value(partition).size() >= count;
    }
    bool finish(int timeoutMs = 60'000) {
        process_.closeWriteChannel();
        QElapsedTimer timer;
        timer.start();
        while (!finished && timer.elapsed() < timeoutMs && process_.state() != QProcess::NotRunning)
            poll(100);
        poll(0);
        process_.waitForFinished(5'000);
        if (!finished) qWarning("producer: %s", process_.readAllStandardError().constData());
        return finished;
    }
    int total() const {
        int sum = 0;
        for (const auto& list : acks) sum += list.size();
        return sum;
    }

    QMap<int, QList<Ack>> acks;
    int failed = 0;
    bool finished = false;

private:
    QProcess process_;
    QByteArray buffer_;
};

std::optional<MetadataResponse> metadata(int port, const std::string& topic) {
    RawKafkaClient client(port);
    MetadataRequest request;
    request.topics = std::vector<MetadataRequest::MetadataRequestTopic>{{{}, topic, {}}};
    request.allow_auto_topic_creation = false;
    return client.call<MetadataResponse>(9, request);
}

const MetadataResponse::MetadataResponsePartition* partitionOf(const MetadataResponse& answer, int index) {
    if (answer.topics.empty()) return nullptr;
    for (const auto& partition : answer.topics.front().partitions) {
        if (partition.partition_index == index) return &partition;
    }
    return nullptr;
}

bool createTopic(int port, const std::string& name, int partitions, std::int16_t replicationFactor,
                 std::vector<CreateTopicsRequest::CreatableTopicConfig> configs = {}) {
    RawKafkaClient client(port);
    CreateTopicsRequest create;
    create.topics.push_back({name, partitions, replicationFactor, {}, std::move(configs), {}});
    const auto answer = client.call<CreateTopicsResponse>(7, create);
    return answer && answer->topics.at(0).error_code == 0;
}

// Every record of the topic as "<partition> <offset> <value>", read with kcat from the beginning.
QMap<int, QMap<std::int64_t, QString>> consumeAll(const BrokerProcess& broker, const QString& topic) {
    const auto run = runTool(
        kKcat,
        {"-b", broker.bootstrap(), "-C", "-e", "-q", "-o", "beginning", "-t", topic, "-f", "%p %o %s\\n"}, {},
        120'000);
    QMap<int, QMap<std::int64_t, QString>> records;
    for (const auto& line : QString::fromUtf8(run.out).split('\n', Qt::SkipEmptyParts)) {
        const auto fields = line.split(' ');
        if (fields.size() == 3) records[fields[0].toInt()][fields[1].toLongLong()] = fields[2];
    }
    return records;
}

// Every acknowledged record sits at its acknowledged offset; per partition, acknowledged records
// are in the order they were sent; whatever else is there was sent (a retried, unacknowledged try).
void verifyAcknowledged(const ProducerProcess& producer,
                        const QMap<int, QMap<std::int64_t, QString>>& consumed) {
    for (auto it = producer.acks.begin(); it != producer.acks.end(); ++it) {
        const auto partition = it.key();
        const auto& stored = consumed.value(partition);
        std::int64_t lastOffset = -1;
        long lastSequence = -1;
        for (const auto& ack : it.value()) {
            QVERIFY2(stored.value(ack.offset) == ack.value,
                     qPrintable(QStringLiteral("partition %1 offset %2: acknowledged %3, stored '%4'")
                                    .arg(partition)
                                    .arg(ack.offset)
                                    .arg(ack.value, stored.value(ack.offset))));
            const auto sequence = ack.value.section('-', 1).toLong();
            QVERIFY2(ack.offset > lastOffset && sequence > lastSequence, qPrintable(ack.value));
            lastOffset = ack.offset;
            lastSequence = sequence;
        }
        for (auto record = stored.begin(); record != stored.end(); ++record)
            QVERIFY2(record.value().startsWith(QString::number(partition) + "-"), qPrintable(record.value()));
        // No record is stored twice at acknowledged offsets, and nothing beyond the few retried tries.
        QVERIFY2(stored.size() - it.value().size() <= producer.failed + 200,
                 qPrintable(QStringLiteral("partition %1: %2 stored, %3 acknowledged")
                                .arg(partition)
                                .arg(stored.size())
                                .arg(it.value().size())));
    }
}

bool pythonReady() { return runTool(kSystemPython, {"-c", "import confluent_kafka"}).exitCode == 0; }

Bytes batchOf(int records) {
    std::vector<RecordInput> inputs;
    for (int i = 0; i < records; ++i)
        inputs.push_back({Bytes{'k'}, Bytes{'v'}, {}, 1'700'000'000'000 + i, {}, 0});
    return write_batch({}, inputs);
}

}  // namespace

class TestBrokerReplicationFaults : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!pythonReady())
            QFAIL(
                "confluent-kafka is missing for /usr/bin/python3: install the Debian package "
                "python3-confluent-kafka (installer/deps.sh does)");
        if (!QFile::exists(kKcat))
            QFAIL("kcat is missing: install the Debian package kcat (installer/deps.sh does)");
    }

    void leaderStopDuringAcksAllStream() {
        QTemporaryDir dataDir;
        BrokerProcess broker;
        QVERIFY2(broker.start(3, dataDir.path()), qPrintable(broker.output()));
        QVERIFY(createTopic(broker.port(1), "fault-t", 3, 3));

        ProducerProcess producer;
        producer.start(broker.bootstrap(), "fault-t", 3, 30'000);
        QVERIFY2(producer.waitForAcks(0, 300, 20'000), "the producer did not get going");

        auto before = metadata(broker.port(1), "fault-t");
        QVERIFY(before && partitionOf(*before, 0));
        const auto oldLeader = partitionOf(*before, 0)->leader_id;
        const auto oldEpoch = partitionOf(*before, 0)->leader_epoch;
        QCOMPARE(partitionOf(*before, 0)->isr_nodes.size(), std::size_t{3});
        const auto token = broker.token();
        const auto stopPath = QStringLiteral("/v1/brokers/%1/stop").arg(oldLeader).toUtf8();
        QCOMPARE(httpRequest(broker.controlPort(), "POST", stopPath, token).status, 200);

        // The producer carries on within 3 s: a good many new acknowledgements for the partition.
        // What it reported before the stop is read first, so that only later acknowledgements count
        // (at most one in-flight batch per partition can still come from the old leader).
        producer.drain();
        const auto ackedAtStop = producer.acks.value(0).size();
        QElapsedTimer sinceStop;
        sinceStop.start();
        QVERIFY2(producer.waitForAcks(0, ackedAtStop + 50, 3'000),
                 "no acknowledgements within 3 s of the stop");
        qInfo("50 more acknowledgements %lld ms after stopping leader %d", sinceStop.elapsed(), oldLeader);

        const int other = oldLeader == 1 ? 2 : 1;
        auto during = metadata(broker.port(other), "fault-t");
        QVERIFY(during && partitionOf(*during, 0));
        QCOMPARE(during->controller_id, oldLeader == 1 ? 2 : 1);
        const auto* moved = partitionOf(*during, 0);
        QVERIFY(moved->leader_id != oldLeader && moved->leader_id > 0);
        QVERIFY2(moved->leader_epoch > oldEpoch, qPrintable(QString::number(moved->leader_epoch)));
        for (const auto& partition : during->topics.front().partitions) {
            QCOMPARE(partition.isr_nodes.size(), std::size_t{2});
            QVERIFY(std::find(partition.isr_nodes.begin(), partition.isr_nodes.end(), oldLeader) ==
                    partition.isr_nodes.end());
        }

        const auto startPath = QStringLiteral("/v1/brokers/%1/start").arg(oldLeader).toUtf8();
        QCOMPARE(httpRequest(broker.controlPort(), "POST", startPath, token).status, 200);
        // The started broker truncates, catches up under load and rejoins every ISR.
        QElapsedTimer timer;
        timer.start();
        bool whole = false;
        while (!whole && timer.elapsed() < 20'000) {
            producer.poll(100);
            auto after = metadata(broker.port(other), "fault-t");
            whole = after.has_value() && !after->topics.empty();
            for (const auto& partition :
                 after ? after->topics.front().partitions : decltype(after->topics.front().partitions){})
                whole = whole && partition.isr_nodes.size() == 3;
        }
        QVERIFY2(whole, "the ISR did not become whole again");
        QVERIFY(producer.waitForAcks(0, producer.acks.value(0).size() + 50, 5'000));

        qInfo("ISR whole again %lld ms after the start", timer.elapsed());
        QVERIFY(producer.finish());
        QVERIFY(producer.total() > 900);
        const auto consumed = consumeAll(broker, "fault-t");
        qInfo("%d acknowledged, %d failed, %d stored in partition 0", producer.total(), producer.failed,
              int(consumed.value(0).size()));
        verifyAcknowledged(producer, consumed);
        QVERIFY2(broker.stop(), qPrintable(broker.output()));
    }

    void killDashNineKeepsAcknowledgedRecords() {
        QTemporaryDir dataDir;
        BrokerProcess broker;
        QVERIFY2(broker.start(3, dataDir.path()), qPrintable(broker.output()));
        QVERIFY(createTopic(broker.port(1), "kill-t", 3, 3));

        ProducerProcess producer;
        producer.start(broker.bootstrap(), "kill-t", 3, 2'000);
        QVERIFY2(producer.waitForAcks(2, 500, 20'000), "the producer did not get going");
        broker.killHard();
        QVERIFY(producer.finish());
        QVERIFY(producer.failed > 0);  // records in flight at the kill were never acknowledged

        QVERIFY2(broker.restart(), qPrintable(broker.output()));
        qInfo("%d acknowledged before the kill, %d never were", producer.total(), producer.failed);
        verifyAcknowledged(producer, consumeAll(broker, "kill-t"));
        QVERIFY2(broker.stop(), qPrintable(broker.output()));
    }

    // min.insync.replicas=3 with one broker stopped: acks=all is refused before anything is
    // appended, acks=1 still works, and Metadata shows the shrunken ISR.
    void notEnoughReplicasWhenTheIsrIsTooSmall() {
        QTemporaryDir dataDir;
        BrokerProcess broker;
        QVERIFY2(broker.start(3, dataDir.path()), qPrintable(broker.output()));
        QVERIFY(createTopic(broker.port(1), "min-isr-t", 1, 3, {{"min.insync.replicas", "3", {}}}));
        auto shape = metadata(broker.port(1), "min-isr-t");
        QVERIFY(shape && partitionOf(*shape, 0));
        const auto leader = partitionOf(*shape, 0)->leader_id;
        const auto follower = partitionOf(*shape, 0)->replica_nodes.back();
        QVERIFY(follower != leader);

        auto produce = [&](std::int16_t acks) {
            RawKafkaClient client(broker.port(leader));
            ProduceRequest request;
            request.acks = acks;
            request.timeout_ms = 5000;
            request.topic_data.push_back({"min-isr-t", {{0, batchOf(3), {}}}, {}});
            const auto answer = client.call<ProduceResponse>(9, request);
            return answer ? answer->responses.at(0).partition_responses.at(0)
                          : ProduceResponse::PartitionProduceResponse{};
        };
        auto ok = produce(-1);
        QCOMPARE(ok.error_code, std::int16_t{0});
        QCOMPARE(ok.base_offset, std::int64_t{0});

        const auto stopPath = QStringLiteral("/v1/brokers/%1/stop").arg(follower).toUtf8();
        QCOMPARE(httpRequest(broker.controlPort(), "POST", stopPath, broker.token()).status, 200);
        shape = metadata(broker.port(leader), "min-isr-t");
        QVERIFY(shape && partitionOf(*shape, 0));
        QCOMPARE(partitionOf(*shape, 0)->isr_nodes.size(), std::size_t{2});

        auto refused = produce(-1);
        QCOMPARE(refused.error_code, std::int16_t{19});  // NOT_ENOUGH_REPLICAS
        QVERIFY(refused.error_message && refused.error_message->find("min.isr") != std::string::npos);
        auto leaderOnly = produce(1);
        QCOMPARE(leaderOnly.error_code, std::int16_t{0});
        QCOMPARE(leaderOnly.base_offset, std::int64_t{3});  // the refused records were not appended

        const auto startPath = QStringLiteral("/v1/brokers/%1/start").arg(follower).toUtf8();
        QCOMPARE(httpRequest(broker.controlPort(), "POST", startPath, broker.token()).status, 200);
        QElapsedTimer timer;
        timer.start();
        std::size_t isr = 0;
        while (isr != 3 && timer.elapsed() < 10'000) {
            shape = metadata(broker.port(leader), "min-isr-t");
            isr = shape && partitionOf(*shape, 0) ? partitionOf(*shape, 0)->isr_nodes.size() : 0;
            if (isr != 3) QTest::qWait(50);
        }
        QCOMPARE(isr, std::size_t{3});
        auto again = produce(-1);
        QCOMPARE(again.error_code, std::int16_t{0});
        QCOMPARE(again.base_offset, std::int64_t{6});
        QVERIFY2(broker.stop(), qPrintable(broker.output()));
    }

    // Followers that copy nothing because nothing is appended are still in sync: an idle partition
    // keeps its whole ISR well past replica.lag.time.max.ms, without leaving and rejoining.
    void idleFollowersStayInTheIsr() {
        QTemporaryDir dataDir;
        BrokerProcess broker;
        QVERIFY2(broker.start(3, dataDir.path(), {"--set", "replica.lag.time.max.ms=500"}),
                 qPrintable(broker.output()));
        QVERIFY(createTopic(broker.port(1), "idle-t", 1, 3));
        const auto shape = metadata(broker.port(1), "idle-t");
        QVERIFY(shape && partitionOf(*shape, 0));
        const auto leader = partitionOf(*shape, 0)->leader_id;
        auto produce = [&](std::int64_t expectedOffset) {
            RawKafkaClient client(broker.port(leader));
            ProduceRequest request;
            request.acks = -1;
            request.timeout_ms = 5000;
            request.topic_data.push_back({"idle-t", {{0, batchOf(2), {}}}, {}});
            const auto answer = client.call<ProduceResponse>(9, request);
            QVERIFY(answer);
            QCOMPARE(answer->responses.at(0).partition_responses.at(0).error_code, std::int16_t{0});
            QCOMPARE(answer->responses.at(0).partition_responses.at(0).base_offset, expectedOffset);
        };
        produce(0);
        QTest::qWait(2'000);  // four ISR checks with nothing appended
        const auto after = metadata(broker.port(leader), "idle-t");
        QVERIFY(after && partitionOf(*after, 0));
        QCOMPARE(partitionOf(*after, 0)->isr_nodes.size(), std::size_t{3});
        // Not even briefly: a follower that leaves and rejoins at once would also show 3 here.
        QVERIFY2(!broker.output().contains("leaves the ISR"), qPrintable(broker.output()));
        produce(2);
        // Every follower holds exactly the leader's bytes.
        const auto leaderLog =
            QStringLiteral("%1/broker-%2/idle-t-0/00000000000000000000.log").arg(dataDir.path()).arg(leader);
        QFile leaderFile(leaderLog);
        QVERIFY(leaderFile.open(QIODevice::ReadOnly));
        const auto leaderBytes = leaderFile.readAll();
        QVERIFY(!leaderBytes.isEmpty());
        for (auto id : partitionOf(*after, 0)->replica_nodes) {
            QFile copy(
                QStringLiteral("%1/broker-%2/idle-t-0/00000000000000000000.log").arg(dataDir.path()).arg(id));
            QVERIFY(copy.open(QIODevice::ReadOnly));
            QCOMPARE(copy.readAll(), leaderBytes);
        }
        QVERIFY2(broker.stop(), qPrintable(broker.output()));
    }

    // Both replicas of a partition go down, the out-of-sync one comes back first: the partition
    // stays offline unless unclean.leader.election.enable is set for it; then that replica leads
    // (epoch bumped, alone in the ISR) and the other one, when it returns, truncates the records
    // the new leader never had and catches up.
    void uncleanElectionOnlyWhenEnabled() {
        QTemporaryDir dataDir;
        BrokerProcess broker;
        QVERIFY2(broker.start(2, dataDir.path()), qPrintable(broker.output()));
        RawKafkaClient admin(broker.port(1));
        CreateTopicsRequest create;
        create.topics.push_back({"clean-t", -1, -1, {{0, {1, 2}, {}}}, {}, {}});
        create.topics.push_back(
            {"unclean-t", -1, -1, {{0, {1, 2}, {}}}, {{"unclean.leader.election.enable", "true", {}}}, {}});
        const auto created = admin.call<CreateTopicsResponse>(7, create);
        QVERIFY(created && created->topics.at(0).error_code == 0 && created->topics.at(1).error_code == 0);

        auto produce = [&](int port, const std::string& topic, std::int16_t acks) {
            RawKafkaClient client(port);
            ProduceRequest request;
            request.acks = acks;
            request.timeout_ms = 5000;
            request.topic_data.push_back({topic, {{0, batchOf(1), {}}}, {}});
            const auto answer = client.call<ProduceResponse>(9, request);
            return answer ? answer->responses.at(0).partition_responses.at(0)
                          : ProduceResponse::PartitionProduceResponse{};
        };
        auto control = [&](int id, const char* action) {
            const auto path = QStringLiteral("/v1/brokers/%1/%2").arg(id).arg(action).toUtf8();
            return httpRequest(broker.controlPort(), "POST", path, broker.token()).status;
        };
        for (const auto* topic : {"clean-t", "unclean-t"}) {
            for (int i = 0; i < 3; ++i)
                QCOMPARE(produce(broker.port(1), topic, -1).error_code, std::int16_t{0});
        }
        QCOMPARE(control(2, "stop"), 200);
        for (const auto* topic : {"clean-t", "unclean-t"}) {
            for (int i = 0; i < 2; ++i)
                QCOMPARE(produce(broker.port(1), topic, 1).error_code, std::int16_t{0});
        }
        const auto epochBefore = partitionOf(*metadata(broker.port(1), "unclean-t"), 0)->leader_epoch;
        QCOMPARE(control(1, "stop"), 200);
        QCOMPARE(control(2, "start"), 200);

        const auto clean = metadata(broker.port(2), "clean-t");
        QVERIFY(clean && partitionOf(*clean, 0));
        QCOMPARE(partitionOf(*clean, 0)->leader_id, -1);
        QCOMPARE(partitionOf(*clean, 0)->error_code, std::int16_t{5});  // LEADER_NOT_AVAILABLE
        const auto unclean = metadata(broker.port(2), "unclean-t");
        QVERIFY(unclean && partitionOf(*unclean, 0));
        QCOMPARE(partitionOf(*unclean, 0)->leader_id, 2);
        QCOMPARE(partitionOf(*unclean, 0)->isr_nodes, (std::vector<std::int32_t>{2}));
        QVERIFY(partitionOf(*unclean, 0)->leader_epoch > epochBefore);
        const auto appended = produce(broker.port(2), "unclean-t", 1);
        QCOMPARE(appended.error_code, std::int16_t{0});
        QCOMPARE(appended.base_offset, std::int64_t{3});  // offsets 3 and 4 of the old leader are gone

        QCOMPARE(control(1, "start"), 200);
        QElapsedTimer timer;
        timer.start();
        bool whole = false;
        while (!whole && timer.elapsed() < 10'000) {
            const auto after = metadata(broker.port(2), "unclean-t");
            whole = after && partitionOf(*after, 0) && partitionOf(*after, 0)->isr_nodes.size() == 2;
            if (!whole) QTest::qWait(50);
        }
        QVERIFY2(whole, "broker 1 did not rejoin the ISR");
        // Broker 1 truncated its diverged tail and now holds exactly the new leader's bytes.
        const auto followerLog = dataDir.path() + "/broker-1/unclean-t-0/00000000000000000000.log";
        const auto leaderLog = dataDir.path() + "/broker-2/unclean-t-0/00000000000000000000.log";
        QFile follower(followerLog), leader(leaderLog);
        QVERIFY(follower.open(QIODevice::ReadOnly) && leader.open(QIODevice::ReadOnly));
        QCOMPARE(follower.readAll(), leader.readAll());
        // The clean partition came back with its last ISR member as leader; nothing was lost there.
        const auto cleanAfter = metadata(broker.port(1), "clean-t");
        QVERIFY(cleanAfter && partitionOf(*cleanAfter, 0));
        QCOMPARE(partitionOf(*cleanAfter, 0)->leader_id, 1);
        QCOMPARE(produce(broker.port(1), "clean-t", 1).base_offset, std::int64_t{5});
        QVERIFY2(broker.stop(), qPrintable(broker.output()));
    }
};

QTEST_GUILESS_MAIN(TestBrokerReplicationFaults)
#include "test_broker_replication_faults.moc"
