# Group administration as client libraries do it: confluent-kafka's AdminClient.list_groups (the
# only group call confluent-kafka 1.7 has), kafka-python's KafkaAdminClient for describing, listing
# offsets and deleting, and an offset change as AdminClient.alter_consumer_group_offsets makes it
# (an OffsetCommit from outside the group). Usage: groups_admin.py BOOTSTRAP TOPIC GROUP
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from kafka import KafkaAdminClient

bootstrap, topic, group = sys.argv[1:4]

producer = Producer({'bootstrap.servers': bootstrap})
for i in range(90):
    producer.produce(topic, key=str(i), value='v%d' % i, partition=i % 3)
producer.flush(30)

consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': group, 'auto.offset.reset': 'earliest',
                     'enable.auto.commit': False, 'client.id': 'admin-test-member'})
consumer.subscribe([topic])
consumed = 0
deadline = time.time() + 30
while consumed < 90 and time.time() < deadline:
    message = consumer.poll(0.2)
    if message is not None and not message.error():
        consumed += 1
        consumer.commit(message=message, asynchronous=False)
print('consumed', consumed)

for listed in AdminClient({'bootstrap.servers': bootstrap}).list_groups(timeout=10):
    if listed.id == group:
        print('list_groups', listed.state, listed.protocol_type, len(listed.members),
              listed.members[0].client_id)

admin = KafkaAdminClient(bootstrap_servers=bootstrap)
print('listed', (group, 'consumer') in admin.list_consumer_groups())
described = admin.describe_consumer_groups([group])[0]
print('describe', described.state, described.protocol_type, described.protocol, len(described.members))
offsets = admin.list_consumer_group_offsets(group)
print('offsets', sorted((tp.partition, meta.offset) for tp, meta in offsets.items()))

consumer.close()
print('after close', admin.describe_consumer_groups([group])[0].state)

outsider = Consumer({'bootstrap.servers': bootstrap, 'group.id': group})
outsider.commit(offsets=[TopicPartition(topic, 0, 5), TopicPartition(topic, 1, 6)], asynchronous=False)
outsider.close()
offsets = admin.list_consumer_group_offsets(group)
print('altered', sorted((tp.partition, meta.offset) for tp, meta in offsets.items()))

print('delete', [(name, error.__name__) for name, error in admin.delete_consumer_groups([group])])
print('delete again', [(name, error.__name__) for name, error in admin.delete_consumer_groups([group])])
print('listed after delete', (group, 'consumer') in admin.list_consumer_groups())
admin.close()
