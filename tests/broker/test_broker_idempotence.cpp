// Idempotent producers against the real broker: InitProducerId, retried batches answered with
// their original offsets, gaps and stale epochs refused with Kafka's codes, producer ids and
// sequence state surviving a restart, and librdkafka's idempotent producer (acks=all) losing
// and duplicating nothing over 50k records.
#include <QTemporaryDir>
#include <QtTest>

#include "record_batch.h"
#include "support/broker_process.h"
#include "support/raw_kafka_client.h"

using namespace tideline::protocol;
using tideline::testing::BrokerProcess;
using tideline::testing::RawKafkaClient;
using tideline::testing::runTool;

namespace {

const QString kSystemPython = QStringLiteral("/usr/bin/python3");
const std::string kTopic = "idem-t";

Bytes idempotentBatch(std::int64_t producerId, std::int16_t epoch, std::int32_t firstSequence, int records) {
    std::vector<RecordInput> inputs;
    for (int i = 0; i < records; ++i) {
        const auto value = "seq-" + std::to_string(firstSequence + i);
        inputs.push_back({{}, Bytes(value.begin(), value.end()), {}, 1'700'000'000'000 + i, {}, 0});
    }
    BatchSpec spec;
    spec.producer_id = producerId;
    spec.producer_epoch = epoch;
    spec.base_sequence = firstSequence;
    return write_batch(spec, inputs);
}

struct Produced {
    std::int16_t error = -100;
    std::int64_t baseOffset = -2;
};

Produced produce(RawKafkaClient& client, std::int32_t partition, Bytes batch) {
    ProduceRequest request;
    request.acks = -1;
    request.timeout_ms = 5000;
    request.topic_data.push_back({kTopic, {{partition, std::move(batch), {}}}, {}});
    const auto answer = client.call<ProduceResponse>(9, request);
    if (!answer) return {};
    const auto& result = answer->responses.at(0).partition_responses.at(0);
    return {result.error_code, result.base_offset};
}

InitProducerIdResponse initProducer(RawKafkaClient& client, std::int16_t version, std::int64_t id = -1,
                                    std::int16_t epoch = -1) {
    InitProducerIdRequest request;
    request.transactional_id = std::nullopt;
    request.transaction_timeout_ms = 60'000;
    request.producer_id = id;
    request.producer_epoch = epoch;
    auto answer = client.call<InitProducerIdResponse>(version, request);
    if (!answer) qFatal("no InitProducerId answer");
    return *answer;
}

std::int64_t logEnd(RawKafkaClient& client, std::int32_t partition) {
    ListOffsetsRequest request;
    request.replica_id = -1;
    request.topics.push_back({kTopic, {{partition, -1, -1, 1, {}}}, {}});
    const auto answer = client.call<ListOffsetsResponse>(7, request);
    return answer ? answer->topics.at(0).partitions.at(0).offset : -1;
}

}  // namespace

class TestBrokerIdempotence : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
        RawKafkaClient client(broker_.port(1));
        CreateTopicsRequest create;
        // Partition 0 led by broker 1, so the raw client on broker 1 can produce to it.
        create.topics.push_back({kTopic, -1, -1, {{0, {1, 2, 3}, {}}}, {}, {}});
        const auto created = client.call<CreateTopicsResponse>(7, create);
        QVERIFY(created.has_value());
        QCOMPARE(created->topics.at(0).error_code, std::int16_t{0});
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void producerIdsAreUnique() {
        RawKafkaClient client(broker_.port(2));
        const auto first = initProducer(client, 0);
        const auto second = initProducer(client, 4);
        QCOMPARE(first.error_code, std::int16_t{0});
        QCOMPARE(second.error_code, std::int16_t{0});
        QCOMPARE(first.producer_epoch, std::int16_t{0});
        QVERIFY(first.producer_id >= 0);
        QVERIFY(second.producer_id > first.producer_id);
    }

    void retriedBatchGetsItsOriginalOffset() {
        RawKafkaClient client(broker_.port(1));
        const auto producer = initProducer(client, 4);
        const auto batch = idempotentBatch(producer.producer_id, 0, 0, 4);
        const auto first = produce(client, 0, batch);
        QCOMPARE(first.error, std::int16_t{0});
        const auto end = logEnd(client, 0);
        QCOMPARE(end, first.baseOffset + 4);
        const auto again = produce(client, 0, batch);
        QCOMPARE(again.error, std::int16_t{0});
        QCOMPARE(again.baseOffset, first.baseOffset);
        QCOMPARE(logEnd(client, 0), end);  // nothing appended

        const auto next = produce(client, 0, idempotentBatch(producer.producer_id, 0, 4, 2));
        QCOMPARE(next.error, std::int16_t{0});
        QCOMPARE(next.baseOffset, end);
    }

    void gapIsOutOfOrderSequence() {
        RawKafkaClient client(broker_.port(1));
        const auto producer = initProducer(client, 4);
        QCOMPARE(produce(client, 0, idempotentBatch(producer.producer_id, 0, 0, 3)).error, std::int16_t{0});
        const auto end = logEnd(client, 0);
        QCOMPARE(produce(client, 0, idempotentBatch(producer.producer_id, 0, 5, 3)).error, std::int16_t{45});
        QCOMPARE(logEnd(client, 0), end);
    }

    void unknownProducerWithLaterSequence() {
        RawKafkaClient client(broker_.port(1));
        const auto producer = initProducer(client, 4);
        QCOMPARE(produce(client, 0, idempotentBatch(producer.producer_id, 0, 7, 1)).error, std::int16_t{59});
    }

    void epochBumpFencesTheOldEpoch() {
        RawKafkaClient client(broker_.port(1));
        const auto producer = initProducer(client, 4);
        QCOMPARE(produce(client, 0, idempotentBatch(producer.producer_id, 0, 0, 2)).error, std::int16_t{0});
        const auto bumped = initProducer(client, 3, producer.producer_id, 0);
        QCOMPARE(bumped.error_code, std::int16_t{0});
        QCOMPARE(bumped.producer_id, producer.producer_id);
        QCOMPARE(bumped.producer_epoch, std::int16_t{1});
        // Asking again with the superseded epoch is refused.
        QCOMPARE(initProducer(client, 3, producer.producer_id, 0).error_code, std::int16_t{47});
        // The new epoch starts its sequence at 0; the old epoch is fenced.
        QCOMPARE(produce(client, 0, idempotentBatch(producer.producer_id, 1, 3, 1)).error, std::int16_t{45});
        QCOMPARE(produce(client, 0, idempotentBatch(producer.producer_id, 1, 0, 1)).error, std::int16_t{0});
        QCOMPARE(produce(client, 0, idempotentBatch(producer.producer_id, 0, 2, 1)).error, std::int16_t{47});
    }

    void stateAndIdsSurviveRestart() {
        std::int64_t producerId = -1;
        Bytes batch;
        std::int64_t offset = -1;
        {
            RawKafkaClient client(broker_.port(1));
            producerId = initProducer(client, 4).producer_id;
            batch = idempotentBatch(producerId, 0, 0, 5);
            const auto first = produce(client, 0, batch);
            QCOMPARE(first.error, std::int16_t{0});
            offset = first.baseOffset;
        }
        QVERIFY2(broker_.stop(), qPrintable(broker_.output()));
        QVERIFY2(broker_.restart(), qPrintable(broker_.output()));
        RawKafkaClient client(broker_.port(1));
        // The sequence state was rebuilt from the log: the retry is still recognised...
        const auto retry = produce(client, 0, batch);
        QCOMPARE(retry.error, std::int16_t{0});
        QCOMPARE(retry.baseOffset, offset);
        // ...and the sequence goes on where it was.
        QCOMPARE(produce(client, 0, idempotentBatch(producerId, 0, 6, 1)).error, std::int16_t{45});
        QCOMPARE(produce(client, 0, idempotentBatch(producerId, 0, 5, 1)).error, std::int16_t{0});
        // No producer id is handed out twice.
        QVERIFY(initProducer(client, 4).producer_id > producerId);
    }

    void librdkafkaIdempotentProducerNeitherLosesNorDuplicates() {
        if (runTool(kSystemPython, {"-c", "import confluent_kafka"}).exitCode != 0)
            QFAIL(
                "confluent-kafka is missing for /usr/bin/python3: install the Debian package "
                "python3-confluent-kafka (installer/deps.sh does)");
        const auto script = QStringLiteral(R"(
import sys
from confluent_kafka import Producer, Consumer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap, count = sys.argv[1], 50000
admin = AdminClient({'bootstrap.servers': bootstrap})
admin.create_topics([NewTopic('idem-py', 3, 3)])['idem-py'].result(timeout=20)
errors = []
producer = Producer({'bootstrap.servers': bootstrap, 'enable.idempotence': True, 'acks': 'all',
                     'linger.ms': 5, 'batch.num.messages': 500})
def delivered(err, msg):
    if err is not None: errors.append(str(err))
for i in range(count):
    while True:
        try:
            producer.produce('idem-py', value=str(i).encode(), partition=i % 3, on_delivery=delivered)
            break
        except BufferError:
            producer.poll(0.1)
    producer.poll(0)
left = producer.flush(60)
print('unflushed', left, 'errors', len(errors), errors[:3])
consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'unused', 'enable.auto.commit': False})
seen = {0: [], 1: [], 2: []}
consumer.assign([TopicPartition('idem-py', p, 0) for p in range(3)])
idle = 0
while sum(len(v) for v in seen.values()) < count and idle < 20:
    batch = consumer.consume(1000, timeout=1.0)
    idle = idle + 1 if not batch else 0
    for msg in batch:
        if msg.error() is None: seen[msg.partition()].append(int(msg.value()))
consumer.close()
values = [v for p in seen.values() for v in p]
print('consumed', len(values), 'distinct', len(set(values)))
print('ordered', all(seen[p] == sorted(seen[p]) for p in seen))
print('complete', sorted(values) == list(range(count)))
)");
        const auto run = runTool(kSystemPython, {"-c", script, broker_.bootstrap()}, {}, 240'000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto lines = QString::fromUtf8(run.out).split('\n', Qt::SkipEmptyParts);
        const QStringList expected = {"unflushed 0 errors 0 []", "consumed 50000 distinct 50000",
                                      "ordered True", "complete True"};
        QCOMPARE(lines, expected);
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerIdempotence)
#include "test_broker_idempotence.moc"
