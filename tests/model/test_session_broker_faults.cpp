// Faults seen by a LibrdkafkaSession polling a real tideline-broker process: no broker on the port
// yet (one starts there later), the whole cluster killed mid-polling and restarted, a topic deleted
// while shown, a consumer group deleted while shown. Each must end in a clear state, never a hang or
// a crash, and the session must carry on when the cluster does.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "broker_interop_support.h"
#include "model/librdkafka_session.h"
#include "model/snapshot_facts.h"
#include "operations_support.h"

using namespace tideline::model;
using namespace tideline::model::testing;
using tideline::testing::BrokerProcess;

namespace {

// Short retries and timeouts, so failures and recoveries show within seconds.
SessionOptions quickOptions() {
    SessionOptions options;
    options.metadataInterval = std::chrono::milliseconds(400);
    options.offsetsInterval = std::chrono::milliseconds(400);
    options.requestTimeout = std::chrono::milliseconds(1500);
    options.firstRetryDelay = std::chrono::milliseconds(200);
    options.maxRetryDelay = std::chrono::milliseconds(1000);
    return options;
}

SessionState waitForStatus(QSignalSpy& states, SessionStatus wanted, int timeoutMs = kSignalWaitMs) {
    return waitForArgument<SessionState>(
        states, [wanted](const SessionState& s) { return s.status == wanted; }, timeoutMs);
}

const ConsumerGroupInfo* groupIn(const ClusterSnapshot& snapshot, const QString& id) {
    for (const ConsumerGroupInfo& group : snapshot.groups) {
        if (group.id == id) {
            return &group;
        }
    }
    return nullptr;
}

bool hasTopic(const ClusterSnapshot& snapshot, const QString& name) {
    return std::any_of(snapshot.topics.cbegin(), snapshot.topics.cend(),
                       [&name](const TopicInfo& topic) { return topic.name == name; });
}

bool reportHasGroup(const LagReport& report, const QString& id) {
    return std::any_of(report.groups.cbegin(), report.groups.cend(),
                       [&id](const GroupLagReport& group) { return group.group == id; });
}

}  // namespace

class TestSessionBrokerFaults : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
    std::unique_ptr<LibrdkafkaSession> session_;
    std::unique_ptr<OperationSpies> spies_;

    OperationResult run(quint64 id) { return resultFor<OperationResult>(spies_->operations, id); }

    // A topic with records on both partitions and a group that committed behind the end of it.
    void topicWithLaggingGroup(const char* topic, const char* group) {
        const OperationResult created = run(session_->createTopic({topic, 2, 2, {}}, false));
        QVERIFY2(created.ok(), qPrintable(created.error));
        TimestampedProducer producer(broker_.bootstrap());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 4; ++i) {
            QVERIFY(producer.produce(topic, 0, now - 60'000 + i));
            QVERIFY(producer.produce(topic, 1, now - 60'000 + i));
        }
        commitOffsets(broker_.bootstrap().toUtf8(), group, {{0, 1}, {1, 2}}, topic);
    }

private slots:
    void initTestCase() {
        registerSessionMetaTypes();
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
        session_ = std::make_unique<LibrdkafkaSession>(profileFor("faults", broker_.bootstrap()),
                                                       SessionSecrets{}, quickOptions());
        spies_ = std::make_unique<OperationSpies>(session_.get());
        QSignalSpy states(session_.get(), &ClusterSession::stateChanged);
        session_->start();
        QCOMPARE(waitForStatus(states, SessionStatus::Connected).status, SessionStatus::Connected);
    }

    void cleanupTestCase() {
        spies_.reset();
        session_.reset();
        QVERIFY2(broker_.stop(), qPrintable(broker_.output()));
    }

    void noBrokerOnThePortYetThenOneStartsThere() {
        QTemporaryDir dir;
        BrokerProcess late;
        QVERIFY2(late.start(1, dir.path()), qPrintable(late.output()));
        QVERIFY(late.stop());  // its ports are now closed, and restart() uses the same ones

        LibrdkafkaSession session(profileFor("late", late.bootstrap()), {}, quickOptions());
        QSignalSpy states(&session, &ClusterSession::stateChanged);
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        session.start();
        const SessionState failed = waitForStatus(states, SessionStatus::Error);
        QCOMPARE(failed.status, SessionStatus::Error);
        QVERIFY2(failed.message.contains(QString::number(late.port(1))), qPrintable(failed.message));
        QVERIFY(failed.retryInMs > 0);
        QCOMPARE(snapshots.size(), 0);

        QVERIFY2(late.restart(), qPrintable(late.output()));
        QCOMPARE(waitForStatus(states, SessionStatus::Connected, 30'000).status, SessionStatus::Connected);
        const ClusterSnapshot first = waitForArgument<ClusterSnapshot>(
            snapshots, [](const ClusterSnapshot& s) { return !s.brokers.isEmpty(); });
        QCOMPARE(first.brokers.size(), 1);
        QCOMPARE(first.brokers.first().port, late.port(1));
        session.stop();
        QVERIFY(late.stop());
    }

    void clusterKilledMidPollingThenRestarted() {
        QTemporaryDir dir;
        BrokerProcess doomed;
        QVERIFY2(doomed.start(1, dir.path()), qPrintable(doomed.output()));
        LibrdkafkaSession session(profileFor("killed", doomed.bootstrap()), {}, quickOptions());
        QSignalSpy states(&session, &ClusterSession::stateChanged);
        QSignalSpy snapshots(&session, &ClusterSession::snapshotReady);
        session.start();
        QVERIFY(snapshots.wait(kSignalWaitMs));

        doomed.killHard();  // as a crash would end it, between or during polls
        const SessionState failed = waitForStatus(states, SessionStatus::Error);
        QCOMPARE(failed.status, SessionStatus::Error);
        QVERIFY2(failed.message.contains("Cannot reach the cluster"), qPrintable(failed.message));

        QVERIFY2(doomed.restart(), qPrintable(doomed.output()));
        QCOMPARE(waitForStatus(states, SessionStatus::Connected, 30'000).status, SessionStatus::Connected);
        snapshots.clear();
        QVERIFY(snapshots.wait(kSignalWaitMs));
        session.stop();
        QVERIFY(doomed.stop());
    }

    void topicDeletedWhileShown() {
        topicWithLaggingGroup("doomed-topic", "doomed-readers");
        QSignalSpy snapshots(session_.get(), &ClusterSession::snapshotReady);
        QSignalSpy reports(session_.get(), &ClusterSession::lagReportReady);
        const ClusterSnapshot shown =
            waitForArgument<ClusterSnapshot>(snapshots, [](const ClusterSnapshot& s) {
                const ConsumerGroupInfo* group = groupIn(s, "doomed-readers");
                return hasTopic(s, "doomed-topic") && group != nullptr && group->committedOffsets.size() == 2;
            });
        QVERIFY(hasTopic(shown, "doomed-topic"));
        QCOMPARE(totalLag(groupLag(shown, *groupIn(shown, "doomed-readers"))).lag, qint64(5));

        const OperationResult deleted = run(session_->deleteTopics({"doomed-topic"}));
        QVERIFY2(deleted.ok(), qPrintable(deleted.error));
        const QDateTime deletedAt = QDateTime::currentDateTimeUtc();
        const ClusterSnapshot gone =
            waitForArgument<ClusterSnapshot>(snapshots, [&deletedAt](const ClusterSnapshot& s) {
                return s.takenAt > deletedAt && !hasTopic(s, "doomed-topic");
            });
        QVERIFY(!hasTopic(gone, "doomed-topic"));
        QCOMPARE(session_->state().status, SessionStatus::Connected);
        // Offsets the group may still hold for the deleted topic are shown without a lag, never as one
        // measured against a watermark that no longer exists.
        if (const ConsumerGroupInfo* group = groupIn(gone, "doomed-readers")) {
            for (const PartitionLag& row : groupLag(gone, *group)) {
                QVERIFY2(row.topic != "doomed-topic" || !row.lag.has_value(), qPrintable(row.topic));
            }
        }
        // Lag reports keep coming, without a lag for the deleted topic.
        const LagReport after = waitForArgument<LagReport>(
            reports, [&gone](const LagReport& report) { return report.requestId >= gone.requestId; });
        QVERIFY(after.requestId >= gone.requestId);
        for (const GroupLagReport& group : after.groups) {
            for (const PartitionLagReport& row : group.partitions) {
                QVERIFY2(row.topic != "doomed-topic" || !row.offsetLag.has_value(), qPrintable(group.group));
            }
        }
        // The topic is not recreated by the session's own offset queries.
        snapshots.clear();
        QVERIFY(snapshots.wait(kSignalWaitMs));
        QVERIFY(!hasTopic(snapshots.last().at(0).value<ClusterSnapshot>(), "doomed-topic"));
    }

    void groupDeletedWhileShown() {
        topicWithLaggingGroup("kept-topic", "vanishing-readers");
        QSignalSpy snapshots(session_.get(), &ClusterSession::snapshotReady);
        QSignalSpy reports(session_.get(), &ClusterSession::lagReportReady);
        const LagReport lagging = waitForArgument<LagReport>(
            reports, [](const LagReport& report) { return reportHasGroup(report, "vanishing-readers"); });
        QVERIFY(reportHasGroup(lagging, "vanishing-readers"));

        const OperationResult deleted = run(session_->deleteGroup("vanishing-readers"));
        QVERIFY2(deleted.ok(), qPrintable(deleted.error));
        const QDateTime deletedAt = QDateTime::currentDateTimeUtc();
        const ClusterSnapshot gone =
            waitForArgument<ClusterSnapshot>(snapshots, [&deletedAt](const ClusterSnapshot& s) {
                return s.takenAt > deletedAt && groupIn(s, "vanishing-readers") == nullptr;
            });
        QVERIFY2(groupIn(gone, "vanishing-readers") == nullptr, "the deleted group is still listed");
        QVERIFY(hasTopic(gone, "kept-topic"));
        QCOMPARE(session_->state().status, SessionStatus::Connected);
        const LagReport after = waitForArgument<LagReport>(
            reports, [&gone](const LagReport& report) { return report.requestId >= gone.requestId; });
        QVERIFY(after.requestId >= gone.requestId);
        QVERIFY(!reportHasGroup(after, "vanishing-readers"));
    }
};

QTEST_GUILESS_MAIN(TestSessionBrokerFaults)
#include "test_session_broker_faults.moc"
