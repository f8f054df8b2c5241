// KafkaJS against tideline-broker: topic admin, an idempotent producer, a two-member consumer
// group and the group/offset admin calls. Prints one JSON object with what each step saw; the
// Qt test (test_broker_kafkajs.cpp) decides what is right. Usage: node kafkajs_flow.mjs BOOTSTRAP TOPIC GROUP
import kafkajs from 'kafkajs';

const { Kafka, logLevel, AssignerProtocol, CompressionTypes } = kafkajs;
const [bootstrap, topic, group] = process.argv.slice(2);
const partitionCount = 3;
const recordCount = 300;

const kafka = new Kafka({
    clientId: 'tideline-kafkajs-test',
    brokers: bootstrap.split(','),
    logLevel: logLevel.ERROR,
    retry: { retries: 5 },
    // stdout carries only the result; KafkaJS's own log lines go to stderr.
    logCreator: () => ({ namespace, log }) => console.error(JSON.stringify({ namespace, ...log })),
});
const result = { timings: {} };
const started = Date.now();

async function step(name, action) {
    const begin = Date.now();
    const value = await action();
    result.timings[name] = Date.now() - begin;
    return value;
}

function withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describePartitions(metadata) {
    return metadata.topics[0].partitions
        .map((p) => ({ partition: p.partitionId, error: p.partitionErrorCode, leader: p.leader,
                       replicas: p.replicas.length, isr: p.isr.length }))
        .sort((a, b) => a.partition - b.partition);
}

async function topicAdmin(admin) {
    result.created = await admin.createTopics({
        topics: [{ topic, numPartitions: partitionCount, replicationFactor: 3 }],
        waitForLeaders: true,
    });
    // KafkaJS answers false (instead of throwing) when Kafka says TOPIC_ALREADY_EXISTS.
    result.createdAgain = await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    result.metadata = describePartitions(await admin.fetchTopicMetadata({ topics: [topic] }));
    const cluster = await admin.describeCluster();
    result.cluster = { brokers: cluster.brokers.map((b) => b.nodeId).sort(), controller: cluster.controller };
}

// Two members of one group; resolves once they share every partition between them, so that no
// record can be read twice across a rebalance.
async function startGroup(seen) {
    const assignments = new Map();
    let settle;
    const settled = new Promise((resolve) => { settle = resolve; });
    // KafkaJS heartbeats only between fetches: a short fetch wait makes rebalances quick.
    const members = [0, 1].map(() => kafka.consumer({ groupId: group, sessionTimeout: 10000,
                                                      heartbeatInterval: 500, maxWaitTimeInMs: 500 }));
    for (const [index, consumer] of members.entries()) {
        consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
            assignments.set(index, payload.memberAssignment[topic] ?? []);
            const owned = [...assignments.values()];
            const all = owned.flat().sort();
            if (owned.length === 2 && owned.every((p) => p.length > 0) && all.length === partitionCount &&
                new Set(all).size === partitionCount) settle();
        });
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
            eachMessage: async ({ partition, message }) => {
                seen.push({ partition, offset: Number(message.offset), key: message.key.toString(),
                            value: message.value.toString(), member: index,
                            producerId: Number(message.batchContext.producerId),
                            firstSequence: message.batchContext.firstSequence });
            },
        });
    }
    await withTimeout(settled, 30000, 'two members sharing every partition');
    result.assignment = [...assignments.entries()].sort().map(([, partitions]) => partitions.slice().sort());
    return members;
}

async function produceIdempotently() {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const acknowledged = [];
    // Several sends, so the sequence numbers of one producer id advance over many batches.
    for (let batch = 0; batch < 10; ++batch) {
        const messages = [];
        for (let i = batch * 30; i < (batch + 1) * 30; ++i)
            messages.push({ key: `key-${i}`, value: `value-${i}`, partition: i % partitionCount });
        // Every other batch gzip-compressed (KafkaJS's one built-in codec): stored as sent, read back whole.
        const compression = batch % 2 ? CompressionTypes.GZIP : CompressionTypes.None;
        const answers = await producer.send({ topic, acks: -1, compression, messages });
        for (const answer of answers) acknowledged.push({ partition: answer.partition, error: answer.errorCode,
                                                          baseOffset: Number(answer.baseOffset) });
    }
    await producer.disconnect();
    result.produceErrors = acknowledged.filter((a) => a.error !== 0).length;
}

async function waitForAll(seen) {
    const deadline = Date.now() + 30000;
    while (seen.length < recordCount && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // A short grace period, so a duplicate delivery would show up.
    await new Promise((r) => setTimeout(r, 500));
    const keys = new Set(seen.map((s) => s.key));
    const wrongPlace = seen.filter((s) => s.value !== s.key.replace('key', 'value') ||
                                          Number(s.key.slice(4)) % partitionCount !== s.partition);
    result.consumed = seen.length;
    result.distinctKeys = keys.size;
    result.misplaced = wrongPlace.length;
    result.consumedByMember = [0, 1].map((m) => seen.filter((s) => s.member === m).length);
    result.producerIds = [...new Set(seen.map((s) => s.producerId))];
    result.sequencesValid = seen.every((s) => s.firstSequence >= 0);
    // Per partition, offsets in the order they were read: 0..n-1 with no gap.
    result.offsetsInOrder = [0, 1, 2].every((p) => seen.filter((s) => s.partition === p)
        .every((s, i) => s.offset === i));
}

async function groupAdmin(admin) {
    const listed = await admin.listGroups();
    result.listed = listed.groups.filter((g) => g.groupId === group);
    const described = (await admin.describeGroups([group])).groups[0];
    result.described = {
        errorCode: described.errorCode, state: described.state, protocolType: described.protocolType,
        protocol: described.protocol, members: described.members.length,
        assigned: described.members.map((m) =>
            AssignerProtocol.MemberAssignment.decode(m.memberAssignment).assignment[topic] ?? [])
            .flat().sort(),
    };
}

async function offsetAdmin(admin) {
    const ends = await admin.fetchTopicOffsets(topic);
    result.ends = ends.map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) }))
        .sort((a, b) => a.partition - b.partition);
    const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    result.committed = committed[0].partitions.map((p) => ({ partition: p.partition, offset: Number(p.offset) }))
        .sort((a, b) => a.partition - b.partition);
    result.stateAfterLeave = (await admin.describeGroups([group])).groups[0].state;

    await admin.deleteGroups([group]);
    result.listedAfterGroupDelete = (await admin.listGroups()).groups.some((g) => g.groupId === group);
    try {
        await admin.deleteGroups([group]);
        result.deleteGroupAgain = 'no error';
    } catch (error) {
        result.deleteGroupAgain = error.groups?.map((g) => g.error.type).join(',') ?? error.message;
    }

    await admin.createPartitions({ topicPartitions: [{ topic, count: 5 }] });
    result.partitionsAfterGrowth = describePartitions(await admin.fetchTopicMetadata({ topics: [topic] })).length;

    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '40' }, { partition: 1, offset: '-1' }] });
    result.afterDeleteRecords = (await admin.fetchTopicOffsets(topic))
        .map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) }))
        .sort((a, b) => a.partition - b.partition);

    await admin.deleteTopics({ topics: [topic], timeout: 10000 });
    result.listedAfterDelete = (await admin.listTopics()).includes(topic);
}

async function main() {
    const admin = kafka.admin();
    await admin.connect();
    try {
        await step('topicAdmin', () => topicAdmin(admin));
        const seen = [];
        const members = await step('startGroup', () => startGroup(seen));
        await step('produce', () => produceIdempotently());
        await step('consume', () => waitForAll(seen));
        await step('groupAdmin', () => groupAdmin(admin));
        // Disconnecting commits what each member has read and leaves the group.
        await step('leave', () => Promise.all(members.map((member) => member.disconnect())));
        await step('offsetAdmin', () => offsetAdmin(admin));
    } finally {
        await admin.disconnect();
    }
}

withTimeout(main(), 100000, 'the whole flow')
    .then(() => {
        console.log(JSON.stringify(result));
        process.exit(0);
    })
    .catch((error) => {
        result.error = `${error.name}: ${error.message}`;
        console.log(JSON.stringify(result));
        process.exit(1);
    });
