# kafka-python on its own: KafkaAdminClient creates, describes and deletes a topic and describes the
# cluster; KafkaProducer writes with acks=all; two KafkaConsumers of one group share the partitions,
# read every record and commit, and the committed offsets are read back through the admin client.
# Prints one line per fact. Usage: kafka_python_flow.py BOOTSTRAP TOPIC GROUP
import sys
import threading
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

bootstrap, topic, group = sys.argv[1:4]
partitions = 3
records = 300

admin = KafkaAdminClient(bootstrap_servers=bootstrap)
created = admin.create_topics([NewTopic(topic, partitions, 3)], timeout_ms=10000)
print('create', [(name, code) for name, code, _ in created.topic_errors])
try:
    admin.create_topics([NewTopic(topic, partitions, 3)], timeout_ms=10000)
    print('create again succeeded')
except TopicAlreadyExistsError as error:
    print('create again', type(error).__name__, error.errno)

cluster = admin.describe_cluster()
print('cluster brokers', sorted(broker['node_id'] for broker in cluster['brokers']),
      'controller known', cluster['controller_id'] in [broker['node_id'] for broker in cluster['brokers']])

described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])[0]
for code, _, _, name, entries in described.resources:
    configs = {entry[0]: entry[1] for entry in entries}
    print('configs', code, name, configs.get('cleanup.policy'), configs.get('min.insync.replicas'),
          'retention.ms' in configs)

stop = threading.Event()
seen = []
assignments = {}


# KafkaConsumer is not thread-safe, and a member blocked in a JoinGroup would hold up the other
# one's rejoin if they shared a thread: each member polls, records and commits in its own thread.
def member(index):
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset='earliest',
                             enable_auto_commit=False, client_id='kafka-python-member-%d' % index)
    while not stop.is_set():
        for batch in consumer.poll(timeout_ms=100).values():
            seen.extend((r.partition, r.offset, r.key, r.value) for r in batch)
        consumer.commit()
        assignments[index] = {tp.partition for tp in consumer.assignment()}
    consumer.close()


def shares_every_partition():
    owned = list(assignments.values())
    return (len(owned) == 2 and all(owned) and set().union(*owned) == set(range(partitions)) and
            sum(len(o) for o in owned) == partitions)


def wait_for(condition, seconds):
    deadline = time.time() + seconds
    while not condition() and time.time() < deadline:
        time.sleep(0.05)
    return condition()


members = [threading.Thread(target=member, args=(i,)) for i in range(2)]
for thread in members:
    thread.start()
# Both members join before anything is produced, so a rebalance cannot deliver a record twice.
print('two members share every partition', wait_for(shares_every_partition, 30))

producer = KafkaProducer(bootstrap_servers=bootstrap, acks='all')
futures = [producer.send(topic, key=b'key-%d' % i, value=b'value-%d' % i, partition=i % partitions)
           for i in range(records)]
producer.flush(30)
acknowledged = [future.get(timeout=10) for future in futures]
print('produced', len(acknowledged), 'ends',
      sorted({(p, max(m.offset for m in acknowledged if m.partition == p) + 1) for p in range(partitions)}))
producer.close()

wait_for(lambda: len(seen) >= records, 30)
time.sleep(0.5)  # a duplicate delivery would show up now
stop.set()
for thread in members:
    thread.join(30)
print('consumed', len(seen), 'distinct', len(set(seen)),
      'wrong place', sum(1 for p, _, k, v in seen if int(k[4:]) % partitions != p or v[6:] != k[4:]))

reader = KafkaConsumer(bootstrap_servers=bootstrap)
ends = reader.end_offsets([TopicPartition(topic, p) for p in range(partitions)])
reader.close()
committed = admin.list_consumer_group_offsets(group)
print('committed', sorted((tp.partition, meta.offset) for tp, meta in committed.items()))
print('committed equals ends', {tp.partition: meta.offset for tp, meta in committed.items()} ==
      {tp.partition: end for tp, end in ends.items()})

deleted = admin.delete_topics([topic], timeout_ms=10000)
print('delete', deleted.topic_error_codes)
try:
    admin.delete_topics([topic], timeout_ms=10000)
    print('delete again succeeded')
except UnknownTopicOrPartitionError as error:
    print('delete again', type(error).__name__, error.errno)
print('listed after delete', topic in admin.list_topics())
admin.close()
