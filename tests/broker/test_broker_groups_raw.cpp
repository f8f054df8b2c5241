// The group coordinator on the wire, request by request: MEMBER_ID_REQUIRED, generations, the
// states a rebalance goes through (seen with DescribeGroups), static members and fencing, offset
// commits and their admin side, each with Kafka's error codes.
#include <QTemporaryDir>
#include <QtTest>

#include "support/broker_process.h"
#include "support/raw_kafka_client.h"

using namespace tideline::protocol;
using tideline::testing::BrokerProcess;
using tideline::testing::RawKafkaClient;

namespace {

const std::string kTopic = "raw-groups";

constexpr std::int16_t kNone = 0;
constexpr std::int16_t kUnknownTopicOrPartition = 3;
constexpr std::int16_t kCoordinatorNotAvailable = 15;
constexpr std::int16_t kNotCoordinator = 16;
constexpr std::int16_t kIllegalGeneration = 22;
constexpr std::int16_t kInconsistentGroupProtocol = 23;
constexpr std::int16_t kInvalidGroupId = 24;
constexpr std::int16_t kUnknownMemberId = 25;
constexpr std::int16_t kInvalidSessionTimeout = 26;
constexpr std::int16_t kRebalanceInProgress = 27;
constexpr std::int16_t kNonEmptyGroup = 68;
constexpr std::int16_t kGroupIdNotFound = 69;
constexpr std::int16_t kMemberIdRequired = 79;
constexpr std::int16_t kFencedInstanceId = 82;
constexpr std::int16_t kGroupSubscribedToTopic = 86;

// A ConsumerProtocolSubscription v0 for kTopic, as a Java or librdkafka consumer sends it.
Bytes subscription() {
    Bytes out;
    Writer writer(out);
    writer.write_int16(0);
    writer.write_array_length(1, false);
    writer.write_string(kTopic, false);
    writer.write_null_bytes(false);
    return out;
}

JoinGroupRequest joinRequest(const std::string& group, const std::string& memberId,
                             std::optional<std::string> instanceId = std::nullopt,
                             std::string protocol = "range") {
    JoinGroupRequest request;
    request.group_id = group;
    request.session_timeout_ms = 10'000;
    request.rebalance_timeout_ms = 10'000;
    request.member_id = memberId;
    request.group_instance_id = std::move(instanceId);
    request.protocol_type = "consumer";
    request.protocols.push_back({std::move(protocol), subscription(), {}});
    return request;
}

SyncGroupRequest syncRequest(const std::string& group, std::int32_t generation, const std::string& memberId,
                             bool leader) {
    SyncGroupRequest request;
    request.group_id = group;
    request.generation_id = generation;
    request.member_id = memberId;
    if (leader) request.assignments.push_back({memberId, Bytes{1, 2, 3}, {}});
    return request;
}

HeartbeatRequest heartbeatRequest(const std::string& group, std::int32_t generation,
                                  const std::string& memberId) {
    HeartbeatRequest request;
    request.group_id = group;
    request.generation_id = generation;
    request.member_id = memberId;
    return request;
}

}  // namespace

class TestBrokerGroupsRaw : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
        RawKafkaClient client(broker_.port(1));
        CreateTopicsRequest create;
        create.topics.push_back({kTopic, 3, 1, {}, {}, {}});
        const auto created = client.call<CreateTopicsResponse>(5, create);
        QVERIFY(created && created->topics.size() == 1);
        QCOMPARE(created->topics[0].error_code, kNone);
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void findCoordinatorCreatesTheOffsetsTopic() {
        RawKafkaClient client(broker_.port(2));
        FindCoordinatorRequest find;
        find.key_type = 0;
        find.coordinator_keys = {"g-a", "g-b", "g-c"};
        const auto found = client.call<FindCoordinatorResponse>(4, find);
        QVERIFY(found);
        QCOMPARE(found->coordinators.size(), std::size_t(3));
        for (const auto& coordinator : found->coordinators) {
            QCOMPARE(coordinator.error_code, kNone);
            QCOMPARE(coordinator.port, broker_.port(coordinator.node_id));
        }
        // Transactions have no coordinator here; an unknown key type is a bad request.
        find.key_type = 1;
        find.coordinator_keys = {"txn"};
        QCOMPARE(client.call<FindCoordinatorResponse>(4, find)->coordinators.at(0).error_code,
                 kCoordinatorNotAvailable);
        find.key_type = 7;
        QCOMPARE(client.call<FindCoordinatorResponse>(4, find)->coordinators.at(0).error_code,
                 std::int16_t(42));

        MetadataRequest metadata;
        metadata.topics = std::vector<MetadataRequest::MetadataRequestTopic>{{{}, "__consumer_offsets", {}}};
        const auto described = client.call<MetadataResponse>(9, metadata);
        QVERIFY(described && described->topics.size() == 1);
        QVERIFY(described->topics[0].is_internal);
        QCOMPARE(described->topics[0].partitions.size(), std::size_t(10));
        QCOMPARE(described->topics[0].partitions[0].replica_nodes.size(), std::size_t(3));
    }

    void onlyTheCoordinatorAnswers() {
        const auto coordinator = coordinatorOf("g-wrong");
        const int other = coordinator % 3 + 1;
        RawKafkaClient client(broker_.port(other));
        const auto joined = client.call<JoinGroupResponse>(5, joinRequest("g-wrong", ""));
        QVERIFY(joined);
        QCOMPARE(joined->error_code, kNotCoordinator);
        RawKafkaClient right(broker_.port(coordinator));
        QCOMPARE(right.call<JoinGroupResponse>(5, joinRequest("", ""))->error_code, kInvalidGroupId);
        auto shortSession = joinRequest("g-wrong", "");
        shortSession.session_timeout_ms = 10;
        QCOMPARE(right.call<JoinGroupResponse>(5, shortSession)->error_code, kInvalidSessionTimeout);
    }

    void memberIdRequiredThenJoinSyncAndHeartbeat() {
        const std::string group = "g-first";
        RawKafkaClient client(broker_.port(coordinatorOf(group)));
        const auto first = client.call<JoinGroupResponse>(5, joinRequest(group, ""));
        QVERIFY(first);
        QCOMPARE(first->error_code, kMemberIdRequired);
        QVERIFY(!first->member_id.empty());
        const auto memberId = first->member_id;

        const auto joined = client.call<JoinGroupResponse>(5, joinRequest(group, memberId));
        QVERIFY(joined);
        QCOMPARE(joined->error_code, kNone);
        QCOMPARE(joined->generation_id, 1);
        QCOMPARE(joined->member_id, memberId);
        QCOMPARE(joined->leader, memberId);
        QCOMPARE(*joined->protocol_name, std::string("range"));
        QCOMPARE(joined->members.size(), std::size_t(1));
        QCOMPARE(joined->members[0].metadata, subscription());
        QCOMPARE(describe(client, group).group_state, std::string("CompletingRebalance"));

        QCOMPARE(client.call<HeartbeatResponse>(3, heartbeatRequest(group, 1, memberId))->error_code, kNone);
        const auto synced = client.call<SyncGroupResponse>(3, syncRequest(group, 1, memberId, true));
        QVERIFY(synced);
        QCOMPARE(synced->error_code, kNone);
        QCOMPARE(synced->assignment, (Bytes{1, 2, 3}));
        const auto stable = describe(client, group);
        QCOMPARE(stable.group_state, std::string("Stable"));
        QCOMPARE(stable.protocol_data, std::string("range"));
        QCOMPARE(stable.members.size(), std::size_t(1));
        QCOMPARE(stable.members[0].member_assignment, (Bytes{1, 2, 3}));

        QCOMPARE(client.call<HeartbeatResponse>(3, heartbeatRequest(group, 1, memberId))->error_code, kNone);
        QCOMPARE(client.call<HeartbeatResponse>(3, heartbeatRequest(group, 7, memberId))->error_code,
                 kIllegalGeneration);
        QCOMPARE(client.call<HeartbeatResponse>(3, heartbeatRequest(group, 1, "nobody"))->error_code,
                 kUnknownMemberId);
        QCOMPARE(client.call<SyncGroupResponse>(3, syncRequest(group, 2, memberId, false))->error_code,
                 kIllegalGeneration);
        RawKafkaClient elsewhere(broker_.port(coordinatorOf("g-never")));
        QCOMPARE(elsewhere.call<HeartbeatResponse>(3, heartbeatRequest("g-never", 1, memberId))->error_code,
                 kUnknownMemberId);
    }

    void rebalanceStatesAndDelayedJoin() {
        const std::string group = "g-two";
        const int port = broker_.port(coordinatorOf(group));
        RawKafkaClient a(port);
        RawKafkaClient b(port);
        // v3 joins need no member id round trip.
        const auto joinedA = a.call<JoinGroupResponse>(3, joinRequest(group, ""));
        QVERIFY(joinedA && joinedA->error_code == kNone);
        const auto idA = joinedA->member_id;
        QCOMPARE(a.call<SyncGroupResponse>(3, syncRequest(group, 1, idA, true))->error_code, kNone);

        // B's join waits until A has rejoined: the group prepares a rebalance meanwhile.
        b.send(3, 1, joinRequest(group, ""));
        QTest::qWait(200);
        QCOMPARE(describe(a, group).group_state, std::string("PreparingRebalance"));
        QCOMPARE(a.call<HeartbeatResponse>(3, heartbeatRequest(group, 1, idA))->error_code,
                 kRebalanceInProgress);
        // A member with no protocol in common is refused.
        QCOMPARE(a.call<JoinGroupResponse>(3, joinRequest(group, "", std::nullopt, "other"))->error_code,
                 kInconsistentGroupProtocol);

        const auto rejoinedA = a.call<JoinGroupResponse>(3, joinRequest(group, idA));
        QVERIFY(rejoinedA);
        QCOMPARE(rejoinedA->error_code, kNone);
        QCOMPARE(rejoinedA->generation_id, 2);
        const auto answerB = b.receive(11, 3);
        QVERIFY(answerB);
        const auto& joinedB = std::get<JoinGroupResponse>(answerB->body);
        QCOMPARE(joinedB.error_code, kNone);
        QCOMPARE(joinedB.generation_id, 2);
        QCOMPARE(joinedB.leader, rejoinedA->leader);
        const bool aLeads = rejoinedA->leader == idA;
        QCOMPARE(aLeads ? rejoinedA->members.size() : joinedB.members.size(), std::size_t(2));
        QCOMPARE(describe(a, group).group_state, std::string("CompletingRebalance"));

        // The follower's SyncGroup waits for the leader's.
        auto& follower = aLeads ? b : a;
        auto& leader = aLeads ? a : b;
        const auto followerId = aLeads ? joinedB.member_id : idA;
        const auto leaderId = aLeads ? idA : joinedB.member_id;
        follower.send(3, 2, syncRequest(group, 2, followerId, false));
        QTest::qWait(100);
        auto leaderSync = syncRequest(group, 2, leaderId, true);
        leaderSync.assignments.push_back({followerId, Bytes{9}, {}});
        QCOMPARE(leader.call<SyncGroupResponse>(3, leaderSync)->error_code, kNone);
        const auto followerAnswer = follower.receive(14, 3);
        QVERIFY(followerAnswer);
        QCOMPARE(std::get<SyncGroupResponse>(followerAnswer->body).assignment, Bytes{9});
        QCOMPARE(describe(a, group).group_state, std::string("Stable"));

        // Both leave in one v3+ request; the group is then Empty.
        LeaveGroupRequest leave;
        leave.group_id = group;
        leave.members = {{idA, std::nullopt, std::nullopt, {}},
                         {joinedB.member_id, std::nullopt, std::nullopt, {}},
                         {"ghost", std::nullopt, std::nullopt, {}}};
        const auto left = a.call<LeaveGroupResponse>(5, leave);
        QVERIFY(left);
        QCOMPARE(left->error_code, kNone);
        QCOMPARE(left->members.size(), std::size_t(3));
        QCOMPARE(left->members[0].error_code, kNone);
        QCOMPARE(left->members[1].error_code, kNone);
        QCOMPARE(left->members[2].error_code, kUnknownMemberId);
        QCOMPARE(describe(a, group).group_state, std::string("Empty"));
    }

    void staticMemberRejoinsWithoutRebalanceAndFencesItsOldSelf() {
        const std::string group = "g-static";
        RawKafkaClient client(broker_.port(coordinatorOf(group)));
        const auto joined = client.call<JoinGroupResponse>(5, joinRequest(group, "", "instance-1"));
        QVERIFY(joined);
        QCOMPARE(joined->error_code, kNone);  // static members get their id at once
        const auto oldId = joined->member_id;
        QCOMPARE(client.call<SyncGroupResponse>(3, syncRequest(group, 1, oldId, true))->error_code, kNone);

        // The process restarts and joins again with no member id but the same instance id.
        const auto again = client.call<JoinGroupResponse>(9, joinRequest(group, "", "instance-1"));
        QVERIFY(again);
        QCOMPARE(again->error_code, kNone);
        QVERIFY(again->member_id != oldId);
        QCOMPARE(again->generation_id, 1);  // no rebalance
        QCOMPARE(again->leader, again->member_id);
        QVERIFY(again->skip_assignment);  // the leader keeps the assignment it made
        QCOMPARE(describe(client, group).group_state, std::string("Stable"));
        auto heartbeat = heartbeatRequest(group, 1, oldId);
        heartbeat.group_instance_id = "instance-1";
        QCOMPARE(client.call<HeartbeatResponse>(3, heartbeat)->error_code, kFencedInstanceId);
        heartbeat.member_id = again->member_id;
        QCOMPARE(client.call<HeartbeatResponse>(3, heartbeat)->error_code, kNone);
        const auto synced = client.call<SyncGroupResponse>(3, syncRequest(group, 1, again->member_id, false));
        QCOMPARE(synced->assignment, (Bytes{1, 2, 3}));

        LeaveGroupRequest leave;
        leave.group_id = group;
        leave.members = {{"", std::string("instance-1"), std::nullopt, {}}};
        QCOMPARE(client.call<LeaveGroupResponse>(4, leave)->members.at(0).error_code, kNone);
        QCOMPARE(describe(client, group).group_state, std::string("Empty"));
    }

    void offsetsCommitFetchDelete() {
        const std::string group = "g-offsets";
        RawKafkaClient client(broker_.port(coordinatorOf(group)));
        OffsetCommitRequest commit;
        commit.group_id = group;
        commit.topics.push_back(
            {kTopic, {{0, 42, -1, -1, std::string("meta"), {}}, {7, 1, -1, -1, {}, {}}}, {}});
        commit.topics.push_back({"no-such-topic", {{0, 5, -1, -1, {}, {}}}, {}});
        const auto committed = client.call<OffsetCommitResponse>(8, commit);
        QVERIFY(committed && committed->topics.size() == 2);
        QCOMPARE(committed->topics[0].partitions[0].error_code, kNone);
        QCOMPARE(committed->topics[0].partitions[1].error_code, kUnknownTopicOrPartition);
        QCOMPARE(committed->topics[1].partitions[0].error_code, kUnknownTopicOrPartition);

        OffsetFetchRequest fetch;
        fetch.groups.push_back(
            {group,
             {},
             -1,
             std::vector<OffsetFetchRequest::OffsetFetchRequestTopics>{{kTopic, {0, 1}, {}}},
             {}});
        fetch.groups.push_back({"g-unknown", {}, -1, std::nullopt, {}});
        const auto fetched = client.call<OffsetFetchResponse>(8, fetch);
        QVERIFY(fetched && fetched->groups.size() == 2);
        const auto& partitions = fetched->groups[0].topics.at(0).partitions;
        QCOMPARE(partitions.at(0).committed_offset, std::int64_t(42));
        QCOMPARE(*partitions.at(0).metadata, std::string("meta"));
        QCOMPARE(partitions.at(1).committed_offset, std::int64_t(-1));  // never committed
        QCOMPARE(partitions.at(1).error_code, kNone);
        // The second group may live on another coordinator; if not, it has nothing committed.
        const auto unknown = fetched->groups[1];
        QVERIFY(unknown.error_code == kNotCoordinator || unknown.topics.empty());

        // An active member subscribed to the topic keeps its offsets, and the group stays.
        const auto member = client.call<JoinGroupResponse>(3, joinRequest(group, ""));
        QVERIFY(member && member->error_code == kNone);
        OffsetDeleteRequest deleteOffsets;
        deleteOffsets.group_id = group;
        deleteOffsets.topics.push_back({kTopic, {{0, {}}}, {}});
        const auto refused = client.call<OffsetDeleteResponse>(0, deleteOffsets);
        QCOMPARE(refused->error_code, kNone);
        QCOMPARE(refused->topics.at(0).partitions.at(0).error_code, kGroupSubscribedToTopic);
        DeleteGroupsRequest deleteGroups;
        deleteGroups.groups_names = {group};
        QCOMPARE(client.call<DeleteGroupsResponse>(2, deleteGroups)->results.at(0).error_code,
                 kNonEmptyGroup);

        LeaveGroupRequest leave;
        leave.group_id = group;
        leave.member_id = member->member_id;
        QCOMPARE(client.call<LeaveGroupResponse>(2, leave)->error_code, kNone);
        const auto deleted = client.call<OffsetDeleteResponse>(0, deleteOffsets);
        QCOMPARE(deleted->topics.at(0).partitions.at(0).error_code, kNone);
        QCOMPARE(client.call<DeleteGroupsResponse>(2, deleteGroups)->results.at(0).error_code, kNone);
        QCOMPARE(client.call<DeleteGroupsResponse>(2, deleteGroups)->results.at(0).error_code,
                 kGroupIdNotFound);
        QCOMPARE(describe(client, group).group_state, std::string("Dead"));
    }

    void listGroupsFiltersByState() {
        const std::string group = "g-listed";
        const auto coordinator = coordinatorOf(group);
        RawKafkaClient client(broker_.port(coordinator));
        const auto joined = client.call<JoinGroupResponse>(3, joinRequest(group, ""));
        QVERIFY(joined && joined->error_code == kNone);
        ListGroupsRequest list;
        list.states_filter = {"completingrebalance"};
        const auto listed = client.call<ListGroupsResponse>(4, list);
        QVERIFY(listed);
        QCOMPARE(listed->error_code, kNone);
        bool found = false;
        for (const auto& entry : listed->groups) {
            QCOMPARE(entry.group_state, std::string("CompletingRebalance"));
            found = found || entry.group_id == group;
        }
        QVERIFY(found);
        list.states_filter = {"Empty"};
        const auto empty = client.call<ListGroupsResponse>(4, list);
        QVERIFY(empty);
        for (const auto& entry : empty->groups) QVERIFY(entry.group_id != group);
    }

    // Last: it stops a broker. The partition's new leader takes the group over, offsets included.
    void coordinatorMovesWhenItsBrokerStops() {
        const std::string group = "g-moves";
        const int before = coordinatorOf(group);
        QVERIFY(before > 0);
        RawKafkaClient client(broker_.port(before));
        OffsetCommitRequest commit;
        commit.group_id = group;
        commit.topics.push_back({kTopic, {{0, 11, -1, -1, {}, {}}}, {}});
        QCOMPARE(client.call<OffsetCommitResponse>(7, commit)->topics.at(0).partitions.at(0).error_code,
                 kNone);

        const auto path = QByteArray("/v1/brokers/") + QByteArray::number(before) + "/stop";
        QCOMPARE(tideline::testing::httpRequest(broker_.controlPort(), "POST", path, broker_.token()).status,
                 200);
        RawKafkaClient running(broker_.port(before % 3 + 1));
        FindCoordinatorRequest find;
        find.key = group;
        const auto found = running.call<FindCoordinatorResponse>(3, find);
        QVERIFY(found);
        QCOMPARE(found->error_code, kNone);
        QVERIFY(found->node_id != before);
        RawKafkaClient moved(found->port);
        OffsetFetchRequest fetch;
        fetch.group_id = group;
        fetch.topics = std::vector<OffsetFetchRequest::OffsetFetchRequestTopic>{{kTopic, {0}, {}}};
        const auto fetched = moved.call<OffsetFetchResponse>(7, fetch);
        QVERIFY(fetched);
        QCOMPARE(fetched->error_code, kNone);
        QCOMPARE(fetched->topics.at(0).partitions.at(0).committed_offset, std::int64_t(11));
    }

private:
    int coordinatorOf(const std::string& group) {
        RawKafkaClient client(broker_.port(1));
        FindCoordinatorRequest find;
        find.key = group;
        const auto found = client.call<FindCoordinatorResponse>(3, find);
        if (!found || found->error_code != kNone) return -1;
        return found->node_id;
    }

    DescribeGroupsResponse::DescribedGroup describe(RawKafkaClient& client, const std::string& group) {
        DescribeGroupsRequest request;
        request.groups = {group};
        const auto described = client.call<DescribeGroupsResponse>(5, request);
        if (!described || described->groups.size() != 1) return {};
        return described->groups[0];
    }

    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerGroupsRaw)
#include "test_broker_groups_raw.moc"
