// Session operations against the real tideline-broker process: topic administration, producing and
// browsing records, deleting records, read-only refusals. Configs and group offsets need APIs the
// broker serves; those cases first check ApiVersions, so a broker that stopped listing one fails
// naming it rather than with a client error.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "model/librdkafka_session.h"
#include "model/models/config_model.h"
#include "model/snapshot_facts.h"
#include "operations_support.h"
#include "support/broker_process.h"
#include "support/raw_kafka_client.h"

using namespace tideline::model;
using namespace tideline::model::testing;
using tideline::testing::BrokerProcess;
using tideline::testing::RawKafkaClient;

namespace {

constexpr qint64 kBaseTimestamp = 1'700'000'000'000;

enum ApiKey : int {
    kOffsetCommit = 8,
    kOffsetFetch = 9,
    kFindCoordinator = 10,
    kDescribeGroups = 15,
    kListGroups = 16,
    kDescribeConfigs = 32,
    kAlterConfigs = 33,
    kDeleteGroups = 42,
};

namespace protocol = tideline::protocol;
constexpr std::int16_t kUnsupportedVersion = 35;

// APIs the broker lists in ApiVersions and actually serves: tideline-broker lists some APIs before
// it serves them, answering those with UNSUPPORTED_VERSION; one harmless request per family tells.
QSet<int> servedApis(int port) {
    RawKafkaClient client(port);
    QSet<int> keys;
    const auto versions = client.call<protocol::ApiVersionsResponse>(3, protocol::ApiVersionsRequest{});
    if (versions) {
        for (const auto& key : versions->api_keys) {
            keys.insert(key.api_key);
        }
    }
    protocol::DescribeConfigsRequest describe;
    describe.resources.push_back({2, "probe-topic", std::nullopt, {}});
    const auto configs = client.call<protocol::DescribeConfigsResponse>(1, describe);
    if (!configs ||
        (!configs->results.empty() && configs->results.front().error_code == kUnsupportedVersion)) {
        keys.remove(kDescribeConfigs);
        keys.remove(kAlterConfigs);
    }
    protocol::FindCoordinatorRequest find;
    find.key = "probe-group";
    const auto coordinator = client.call<protocol::FindCoordinatorResponse>(1, find);
    if (!coordinator || coordinator->error_code == kUnsupportedVersion) {
        for (int key :
             {kOffsetCommit, kOffsetFetch, kFindCoordinator, kDescribeGroups, kListGroups, kDeleteGroups}) {
            keys.remove(key);
        }
    }
    return keys;
}

QList<qint64> offsetsOf(const BrowseResult& result) {
    QList<qint64> offsets;
    for (const BrowsedRecord& record : result.records) {
        offsets.append(record.offset);
    }
    return offsets;
}

}  // namespace

class TestSessionOperations : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<LibrdkafkaSession> openSession(bool readOnly) {
        ConnectionProfile profile = profileFor(readOnly ? "tideline-ro" : "tideline", broker_.bootstrap());
        profile.readOnly = readOnly;
        SessionOptions options;
        options.metadataInterval = std::chrono::milliseconds(500);
        options.offsetsInterval = std::chrono::milliseconds(500);
        auto session = std::make_unique<LibrdkafkaSession>(profile, SessionSecrets{}, options);
        QSignalSpy states(session.get(), &ClusterSession::stateChanged);
        session->start();
        const SessionState state = waitForArgument<SessionState>(
            states, [](const SessionState& s) { return s.status == SessionStatus::Connected; });
        if (state.status != SessionStatus::Connected) {
            qWarning("session did not connect: %s", qPrintable(state.message));
            return nullptr;
        }
        return session;
    }

    // The first snapshot after a refresh that satisfies `wanted`.
    template <typename Predicate>
    ClusterSnapshot snapshotWhere(Predicate wanted) {
        QSignalSpy snapshots(session_.get(), &ClusterSession::snapshotReady);
        session_->refreshNow();
        return waitForArgument<ClusterSnapshot>(snapshots, wanted);
    }

    OperationResult run(quint64 id) { return resultFor<OperationResult>(spies_->operations, id); }
    BrowseResult browse(const BrowseSpec& spec) {
        return resultFor<BrowseResult>(spies_->browses, session_->browseRecords(spec));
    }

    void createTopic(const QString& name, int partitions, int replicationFactor) {
        const OperationResult created =
            run(session_->createTopic({name, partitions, replicationFactor, {}}, false));
        QVERIFY2(created.ok(), qPrintable(created.error));
    }

    QTemporaryDir dataDir_;
    BrokerProcess broker_;
    QSet<int> apis_;
    std::unique_ptr<LibrdkafkaSession> session_;
    std::unique_ptr<OperationSpies> spies_;

private slots:
    void initTestCase() {
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
        apis_ = servedApis(broker_.port(1));
        QVERIFY2(apis_.contains(19), "ApiVersions answered, listing CreateTopics");
        session_ = openSession(false);
        QVERIFY(session_ != nullptr);
        spies_ = std::make_unique<OperationSpies>(session_.get());
    }

    void cleanupTestCase() {
        spies_.reset();
        session_.reset();
        QVERIFY2(broker_.stop(), qPrintable(broker_.output()));
    }

    void createTopicPreviewsThenCreates() {
        const quint64 previewId =
            session_->createTopic({"ops-created", 3, 2, {{"retention.ms", "3600000"}}}, true);
        const OperationResult preview = run(previewId);
        QCOMPARE(preview.requestId, previewId);
        QVERIFY2(preview.ok(), qPrintable(preview.error));
        QVERIFY(preview.validateOnly);
        QCOMPARE(preview.kind, OperationKind::CreateTopic);
        QCOMPARE(preview.items, (QList<OperationItem>{{"ops-created", {}}}));
        ClusterSnapshot snapshot = snapshotWhere([](const ClusterSnapshot&) { return true; });
        QVERIFY2(findTopic(snapshot, "ops-created") == nullptr, "a validate-only request creates nothing");

        const OperationResult created =
            run(session_->createTopic({"ops-created", 3, 2, {{"retention.ms", "3600000"}}}, false));
        QVERIFY2(created.ok(), qPrintable(created.error));
        QVERIFY(!created.validateOnly);
        snapshot =
            snapshotWhere([](const ClusterSnapshot& s) { return findTopic(s, "ops-created") != nullptr; });
        const TopicInfo* topic = findTopic(snapshot, "ops-created");
        QVERIFY(topic != nullptr);
        QCOMPARE(topic->partitions.size(), 3);
        QCOMPARE(topic->partitions.at(0).replicas.size(), 2);
    }

    void createTopicReportsTheClustersErrors() {
        createTopic("ops-twice", 1, 1);
        const OperationResult again = run(session_->createTopic({"ops-twice", 1, 1, {}}, false));
        QVERIFY(!again.ok());
        QVERIFY2(again.error.contains("already exists", Qt::CaseInsensitive), qPrintable(again.error));
        QCOMPARE(again.items.size(), 1);

        const OperationResult tooManyReplicas = run(session_->createTopic({"ops-rf5", 1, 5, {}}, false));
        QVERIFY(!tooManyReplicas.ok());
        QVERIFY2(tooManyReplicas.error.contains("replication", Qt::CaseInsensitive),
                 qPrintable(tooManyReplicas.error));

        const OperationResult noPartitions = run(session_->createTopic({"ops-zero", 0, 1, {}}, false));
        QVERIFY(!noPartitions.ok());
    }

    void createPartitionsGrowsOnly() {
        createTopic("ops-grow", 2, 1);
        const OperationResult preview = run(session_->createPartitions("ops-grow", 4, true));
        QVERIFY2(preview.ok(), qPrintable(preview.error));
        const OperationResult grown = run(session_->createPartitions("ops-grow", 5, false));
        QVERIFY2(grown.ok(), qPrintable(grown.error));
        const ClusterSnapshot snapshot = snapshotWhere([](const ClusterSnapshot& s) {
            const TopicInfo* topic = findTopic(s, "ops-grow");
            return topic != nullptr && topic->partitions.size() == 5;
        });
        QCOMPARE(findTopic(snapshot, "ops-grow")->partitions.size(), 5);

        const OperationResult shrink = run(session_->createPartitions("ops-grow", 3, false));
        QVERIFY(!shrink.ok());
        QVERIFY2(!shrink.error.isEmpty(), "shrinking names the cluster's error");
    }

    void producesAndBrowsesRecords() {
        createTopic("ops-records", 3, 1);
        for (int i = 0; i < 5; ++i) {
            ProduceSpec spec;
            spec.topic = "ops-records";
            spec.partition = 1;
            spec.key = QByteArray("k") + QByteArray::number(i);
            spec.value = QByteArray("{\"n\":") + QByteArray::number(i) + "}";
            spec.headers = {{"trace", QByteArray("t") + QByteArray::number(i)}, {"empty", std::nullopt}};
            spec.timestampMs = kBaseTimestamp + i * 1000;
            const OperationResult produced = run(session_->produceRecord(spec));
            QVERIFY2(produced.ok(), qPrintable(produced.error));
            QCOMPARE(produced.offsets, (QList<PartitionOffset>{{"ops-records", 1, i}}));
            QCOMPARE(produced.timestampMs, spec.timestampMs);
        }
        ProduceSpec tombstone;
        tombstone.topic = "ops-records";
        tombstone.partition = 2;
        const OperationResult produced = run(session_->produceRecord(tombstone));
        QVERIFY2(produced.ok(), qPrintable(produced.error));

        BrowseSpec spec{"ops-records", 1, BrowseStart::Beginning, 0, 100, 5000};
        BrowseResult all = browse(spec);
        QVERIFY2(all.ok(), qPrintable(all.error));
        QVERIFY(all.complete);
        QCOMPARE(offsetsOf(all), (QList<qint64>{0, 1, 2, 3, 4}));
        QCOMPARE(all.records.at(3).key, std::optional<QByteArray>("k3"));
        QCOMPARE(all.records.at(3).value, std::optional<QByteArray>("{\"n\":3}"));
        QCOMPARE(all.records.at(3).timestampMs, kBaseTimestamp + 3000);
        QCOMPARE(all.records.at(3).headers,
                 (QList<RecordHeader>{{"trace", QByteArray("t3")}, {"empty", std::nullopt}}));

        spec.start = BrowseStart::EndMinusN;
        spec.value = 2;
        QCOMPARE(offsetsOf(browse(spec)), (QList<qint64>{3, 4}));

        spec.start = BrowseStart::Offset;
        spec.value = 1;
        spec.maxRecords = 2;
        const BrowseResult bounded = browse(spec);
        QCOMPARE(offsetsOf(bounded), (QList<qint64>{1, 2}));
        QVERIFY2(!bounded.complete, "stopped by the record limit before the end");

        spec.start = BrowseStart::Timestamp;
        spec.value = kBaseTimestamp + 2500;
        spec.maxRecords = 100;
        QCOMPARE(offsetsOf(browse(spec)), (QList<qint64>{3, 4}));

        // Every partition: the tombstone in partition 2 has neither key nor value.
        const BrowseResult everything =
            browse({"ops-records", std::nullopt, BrowseStart::Beginning, 0, 100, 5000});
        QVERIFY2(everything.ok(), qPrintable(everything.error));
        QCOMPARE(everything.records.size(), 6);
        QCOMPARE(everything.records.last().partition, 2);
        QCOMPARE(everything.records.last().key, std::nullopt);
        QCOMPARE(everything.records.last().value, std::nullopt);

        QVERIFY(!browse({"ops-records", 9, BrowseStart::Beginning, 0, 10, 2000}).error.isEmpty());
        QVERIFY(!browse({"ops-missing", std::nullopt, BrowseStart::Beginning, 0, 10, 2000}).error.isEmpty());
        QVERIFY(!browse({"ops-records", 1, BrowseStart::Beginning, 0, 0, 2000}).error.isEmpty());
    }

    void deletesRecordsUpToAnOffsetOrAll() {
        createTopic("ops-purge", 1, 1);
        for (int i = 0; i < 4; ++i) {
            ProduceSpec spec;
            spec.topic = "ops-purge";
            spec.partition = 0;
            spec.value = QByteArray::number(i);
            QVERIFY(run(session_->produceRecord(spec)).ok());
        }
        const OperationResult upTo = run(session_->deleteRecords({{"ops-purge", 0, 2}}));
        QVERIFY2(upTo.ok(), qPrintable(upTo.error));
        QCOMPARE(upTo.offsets, (QList<PartitionOffset>{{"ops-purge", 0, 2}}));
        QCOMPARE(offsetsOf(browse({"ops-purge", 0, BrowseStart::Beginning, 0, 100, 5000})),
                 (QList<qint64>{2, 3}));

        const OperationResult all = run(session_->deleteRecords({{"ops-purge", 0, -1}}));
        QVERIFY2(all.ok(), qPrintable(all.error));
        QCOMPARE(all.offsets, (QList<PartitionOffset>{{"ops-purge", 0, 4}}));
        const BrowseResult empty = browse({"ops-purge", 0, BrowseStart::Beginning, 0, 100, 5000});
        QVERIFY(empty.ok());
        QVERIFY(empty.records.isEmpty());

        const OperationResult beyond = run(session_->deleteRecords({{"ops-purge", 0, 99}}));
        QVERIFY(!beyond.ok());
    }

    void deletesTopics() {
        createTopic("ops-doomed", 1, 1);
        const OperationResult deleted = run(session_->deleteTopics({"ops-doomed"}));
        QVERIFY2(deleted.ok(), qPrintable(deleted.error));
        const ClusterSnapshot snapshot =
            snapshotWhere([](const ClusterSnapshot& s) { return findTopic(s, "ops-doomed") == nullptr; });
        QVERIFY(findTopic(snapshot, "ops-doomed") == nullptr);
        const OperationResult again = run(session_->deleteTopics({"ops-doomed"}));
        QVERIFY(!again.ok());
        QVERIFY2(again.error.contains("unknown", Qt::CaseInsensitive), qPrintable(again.error));
    }

    void readOnlyProfileRefusesEveryChange() {
        std::unique_ptr<LibrdkafkaSession> readOnly = openSession(true);
        QVERIFY(readOnly != nullptr);
        QVERIFY(readOnly->readOnly());
        OperationSpies spies(readOnly.get());
        const QList<quint64> ids{
            readOnly->createTopic({"ro-created", 1, 1, {}}, false),
            readOnly->deleteTopics({"ops-created"}),
            readOnly->createPartitions("ops-created", 10, false),
            readOnly->alterTopicConfigs("ops-created", {{"retention.ms", QString("1")}}, false),
            readOnly->deleteRecords({{"ops-records", 1, -1}}),
            readOnly->deleteGroup("any"),
            readOnly->produceRecord({"ops-records", 0, std::nullopt, QByteArray("x"), {}, 0}),
        };
        for (quint64 id : ids) {
            const OperationResult refused = resultFor<OperationResult>(spies.operations, id);
            QCOMPARE(refused.requestId, id);
            QVERIFY2(refused.error.contains("read-only"), qPrintable(refused.error));
        }
        const OffsetResetResult reset =
            resultFor<OffsetResetResult>(spies.resets, readOnly->resetGroupOffsets({"g", {}, {}, 0}, true));
        QVERIFY2(reset.error.contains("read-only"), qPrintable(reset.error));

        // Previews and reads change nothing, so they are allowed.
        const OperationResult preview = resultFor<OperationResult>(
            spies.operations, readOnly->createTopic({"ro-preview", 1, 1, {}}, true));
        QVERIFY2(preview.ok(), qPrintable(preview.error));
        const BrowseResult read = resultFor<BrowseResult>(
            spies.browses, readOnly->browseRecords({"ops-records", 1, BrowseStart::Beginning, 0, 10, 5000}));
        QVERIFY2(read.ok(), qPrintable(read.error));
        QCOMPARE(read.records.size(), 5);

        const ClusterSnapshot snapshot = snapshotWhere([](const ClusterSnapshot&) { return true; });
        QVERIFY(findTopic(snapshot, "ro-created") == nullptr);
        QVERIFY(findTopic(snapshot, "ops-created") != nullptr);
        QCOMPARE(findTopic(snapshot, "ops-created")->partitions.size(), 3);
    }

    void operationsNeedAStartedSession() {
        LibrdkafkaSession stopped(profileFor("stopped", broker_.bootstrap()), {});
        OperationSpies spies(&stopped);
        const OperationResult refused =
            resultFor<OperationResult>(spies.operations, stopped.createTopic({"x", 1, 1, {}}, true));
        QVERIFY2(refused.error.contains("not open"), qPrintable(refused.error));
        const ConfigDescription described = resultFor<ConfigDescription>(
            spies.configs, stopped.describeConfigs({ConfigResourceType::Topic, "x"}));
        QVERIFY(!described.error.isEmpty());
    }

    // Needs DescribeConfigs and AlterConfigs from the broker.
    void describesAndAltersTopicConfigs() {
        QVERIFY2(apis_.contains(kDescribeConfigs) && apis_.contains(kAlterConfigs),
                 "tideline-broker's ApiVersions no longer lists DescribeConfigs (32) and AlterConfigs (33)");
        const ConfigDescription before = resultFor<ConfigDescription>(
            spies_->configs, session_->describeConfigs({ConfigResourceType::Topic, "ops-created"}));
        QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
        auto valueOf = [](const ConfigDescription& d, const QString& name) -> std::optional<ConfigEntry> {
            for (const ConfigEntry& e : d.entries) {
                if (e.name == name) {
                    return e;
                }
            }
            return std::nullopt;
        };
        QCOMPARE(valueOf(before, "retention.ms")->value, QString("3600000"));
        QCOMPARE(valueOf(before, "retention.ms")->source, ConfigSource::TopicOverride);

        const OperationResult altered =
            run(session_->alterTopicConfigs("ops-created", {{"min.insync.replicas", QString("2")}}, false));
        QVERIFY2(altered.ok(), qPrintable(altered.error));
        const ConfigDescription after = resultFor<ConfigDescription>(
            spies_->configs, session_->describeConfigs({ConfigResourceType::Topic, "ops-created"}));
        QCOMPARE(valueOf(after, "min.insync.replicas")->value, QString("2"));
        // The whole set was sent back: the earlier override survived the non-incremental AlterConfigs.
        QCOMPARE(valueOf(after, "retention.ms")->value, QString("3600000"));

        // The polling thread picks the new min.insync.replicas up for the under-min-ISR fact.
        const ClusterSnapshot snapshot = snapshotWhere([](const ClusterSnapshot& s) {
            const TopicInfo* topic = findTopic(s, "ops-created");
            return topic != nullptr && topic->minInsyncReplicas == 2;
        });
        QCOMPARE(findTopic(snapshot, "ops-created")->minInsyncReplicas, std::optional<int>(2));

        ConfigModel model;
        model.setSession(session_.get());
        model.setResource({ConfigResourceType::Topic, "ops-created"});
        QSignalSpy loaded(&model, &ConfigModel::loaded);
        model.refresh();
        QVERIFY(loaded.wait(kOperationWaitMs));
        QCOMPARE(loaded.at(0).at(0).toString(), QString());
        QVERIFY(model.rowCount() > 2);
    }

    // Needs the group APIs from the broker.
    void resetsAndDeletesGroupOffsets() {
        for (int api :
             {kOffsetCommit, kOffsetFetch, kFindCoordinator, kDescribeGroups, kListGroups, kDeleteGroups}) {
            QVERIFY2(
                apis_.contains(api),
                qPrintable(QString("tideline-broker's ApiVersions no longer lists group API %1").arg(api)));
        }
        commitOffsets(broker_.bootstrap().toUtf8(), "ops-group", {{1, 1}}, "ops-records");
        OffsetResetSpec spec{"ops-group", {{"ops-records", 1}}, OffsetResetTarget::Latest, 0};
        const OffsetResetResult preview =
            resultFor<OffsetResetResult>(spies_->resets, session_->resetGroupOffsets(spec, false));
        QVERIFY2(preview.ok(), qPrintable(preview.error));
        QVERIFY(!preview.applied);
        QCOMPARE(preview.rows.size(), 1);
        QCOMPARE(preview.rows.at(0).oldOffset, std::optional<qint64>(1));
        QCOMPARE(preview.rows.at(0).newOffset, qint64(5));
        const OffsetResetResult applied =
            resultFor<OffsetResetResult>(spies_->resets, session_->resetGroupOffsets(spec, true));
        QVERIFY2(applied.applied, qPrintable(applied.error));
        const OperationResult deleted = run(session_->deleteGroup("ops-group"));
        QVERIFY2(deleted.ok(), qPrintable(deleted.error));
    }
};

QTEST_GUILESS_MAIN(TestSessionOperations)
#include "test_session_operations.moc"
