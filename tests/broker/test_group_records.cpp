// The coordinator's own bits that need no network: Java's String.hashCode (which decides a group's
// __consumer_offsets partition, as on a real cluster) and the Kafka-format records it writes.
#include <QtTest>
#include <limits>

#include "broker/core/groups/group_records.h"
#include "broker/core/groups/offsets_topic.h"

using namespace tideline::broker;
namespace p = tideline::protocol;

class TestGroupRecords : public QObject {
    Q_OBJECT

private slots:
    void javaStringHash() {
        QCOMPARE(java_string_hash(""), 0);
        QCOMPARE(java_string_hash("a"), 97);
        QCOMPARE(java_string_hash("hello"), 99162322);
        // Wraps around like Java's int arithmetic.
        QCOMPARE(java_string_hash("polygenelubricants"), std::numeric_limits<std::int32_t>::min());
        // Non-ASCII: hashed as UTF-16 code units, so U+00E9 counts once and U+1F600 as two surrogates.
        QCOMPARE(java_string_hash("\xc3\xa9"), 233);
        QCOMPARE(java_string_hash("\xf0\x9f\x98\x80"), 0xD83D * 31 + 0xDE00);
        // Bytes that are not UTF-8 count as U+FFFD, as Java decodes them.
        QCOMPARE(java_string_hash("\xff"), 0xFFFD);
    }

    void offsetCommitRecordRoundTrips() {
        const auto record = offset_commit_record("g", {"t", 4}, {42, 7, "meta", 1700000000000});
        QVERIFY(record.key && record.value);
        // Kafka's layout: int16 key version 1, then group, topic, partition.
        QCOMPARE((*record.key)[1], std::uint8_t(1));
        const auto decoded = decode_coordinator_record(*record.key, p::ByteView(*record.value));
        QVERIFY(decoded);
        const auto& offset = std::get<OffsetRecord>(*decoded);
        QCOMPARE(offset.key.group, std::string("g"));
        QCOMPARE(offset.key.topic, std::string("t"));
        QCOMPARE(offset.key.partition, 4);
        QCOMPARE(offset.value->offset, std::int64_t(42));
        QCOMPARE(offset.value->leader_epoch, 7);
        QCOMPARE(offset.value->metadata, std::string("meta"));
        QCOMPARE(offset.value->commit_timestamp, std::int64_t(1700000000000));

        const auto tombstone = offset_tombstone("g", {"t", 4});
        QVERIFY(!tombstone.value);
        QVERIFY(!std::get<OffsetRecord>(*decode_coordinator_record(*tombstone.key, std::nullopt)).value);
    }

    void groupMetadataRecordRoundTrips() {
        Group group;
        group.id = "billing";
        group.state = GroupState::Stable;
        group.generation = 3;
        group.protocol_type = "consumer";
        group.protocol_name = "range";
        group.leader_id = "m-1";
        Member member;
        member.id = "m-1";
        member.instance_id = "host-a";
        member.client_id = "client";
        member.client_host = "/127.0.0.1";
        member.session_timeout_ms = 10000;
        member.rebalance_timeout_ms = 30000;
        member.protocols = {{"range", {1, 2}}};
        member.assignment = {3, 4};
        group.members.emplace("m-1", std::move(member));

        const auto record = group_metadata_record(group, 1700000000000);
        QCOMPARE((*record.key)[1], std::uint8_t(2));  // GroupMetadataKey is version 2
        const auto decoded = decode_coordinator_record(*record.key, p::ByteView(*record.value));
        QVERIFY(decoded);
        const auto& stored = std::get<GroupRecord>(*decoded);
        QCOMPARE(stored.group, std::string("billing"));
        QCOMPARE(stored.value->generation, 3);
        QCOMPARE(*stored.value->protocol, std::string("range"));
        QCOMPARE(*stored.value->leader, std::string("m-1"));
        QCOMPARE(stored.value->members.size(), std::size_t(1));
        QCOMPARE(*stored.value->members[0].group_instance_id, std::string("host-a"));
        QCOMPARE(stored.value->members[0].subscription, (p::Bytes{1, 2}));
        QCOMPARE(stored.value->members[0].assignment, (p::Bytes{3, 4}));
        // Keys of kinds this coordinator does not write (Kafka's newer ones) are skipped, not misread.
        const p::Bytes unknown{0, 9, 0, 1, 'x'};
        QVERIFY(!decode_coordinator_record(unknown, std::nullopt));
    }
};

QTEST_GUILESS_MAIN(TestGroupRecords)
#include "test_group_records.moc"
