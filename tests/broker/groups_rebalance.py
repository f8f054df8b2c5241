# Three confluent-kafka consumers in one group; one leaves half way. Prints a summary that
# test_broker_groups_python.cpp checks: lost and duplicated records, and which member owned which
# partition after the last rebalance. Usage: groups_rebalance.py BOOTSTRAP TOPIC GROUP
import sys
import time

from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap, topic, group = sys.argv[1:4]
PER_PHASE = 1500


def produce(first, count):
    producer = Producer({'bootstrap.servers': bootstrap, 'acks': 'all'})
    for i in range(first, first + count):
        producer.produce(topic, key=str(i), value='value-%d' % i)
        if i % 500 == 0:
            producer.poll(0)
    if producer.flush(30) != 0:
        sys.exit('produce did not finish')


def make_consumer(name):
    consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': group, 'client.id': name,
                         'auto.offset.reset': 'earliest', 'enable.auto.commit': False,
                         'session.timeout.ms': 6000, 'heartbeat.interval.ms': 500})
    assignments[name] = set()

    def on_assign(c, partitions):
        assignments[name] = {p.partition for p in partitions}

    def on_revoke(c, partitions):
        assignments[name] = set()

    consumer.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke)
    return consumer


assignments = {}
seen = {}            # key -> member that consumed it
owners = {}          # partition -> members that consumed from it after the last rebalance
duplicates = 0


def poll_round(consumers, track_owners):
    global duplicates
    for name, consumer in consumers.items():
        message = consumer.poll(0.05)
        if message is None or message.error():
            continue
        key = message.key().decode()
        if key in seen:
            duplicates += 1
        seen[key] = name
        if track_owners:
            owners.setdefault(message.partition(), set()).add(name)
        # Committed before the next record is read: a revoked partition continues right after it.
        consumer.commit(message=message, asynchronous=False)


def settled(consumers):
    parts = [assignments[name] for name in consumers]
    union = set().union(*parts)
    return all(parts) and sum(len(p) for p in parts) == len(union) == 6


admin = AdminClient({'bootstrap.servers': bootstrap})
admin.create_topics([NewTopic(topic, 6, 3)])[topic].result(20)
produce(0, PER_PHASE)
consumers = {name: make_consumer(name) for name in ('c0', 'c1', 'c2')}
deadline = time.time() + 60
while (len(seen) < PER_PHASE // 2 or not settled(consumers)) and time.time() < deadline:
    poll_round(consumers, False)
print('three members settled', settled(consumers))

# c2 leaves (LeaveGroup): its partitions move to the two others.
consumers.pop('c2').close()
assignments.pop('c2')
produce(PER_PHASE, PER_PHASE)
deadline = time.time() + 60
while not settled(consumers) and time.time() < deadline:
    poll_round(consumers, False)
print('two members settled', settled(consumers))
while len(seen) < 2 * PER_PHASE and time.time() < deadline:
    poll_round(consumers, True)
owned = set(assignments['c0']) | set(assignments['c1'])
for consumer in consumers.values():
    consumer.close()

lost = [i for i in range(2 * PER_PHASE) if str(i) not in seen]
print('lost', len(lost))
print('duplicates', duplicates)
shared = [p for p, members in owners.items() if len(members) != 1]
print('partitions with more than one owner', len(shared))
print('partitions owned', len(owned))
