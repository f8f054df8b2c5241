// Preferred leader election against a real 3-broker tideline-broker: stopping a partition's preferred
// replica moves its leader away, and starting it again leaves the leader elsewhere; the topic page's
// "Elect preferred leaders…" asks first, then the leader is back on the preferred replica. The
// cluster's own refusal comes back as text, and read-only profiles neither offer nor send it.
#include <QAction>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "support/broker_process.h"
#include "ui/actions/topic_actions.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/pages/topic_page.h"

using namespace tideline::ui;

namespace {

constexpr int kWaitMs = 30000;
const QString kTopic = "moves";

std::optional<tideline::model::TopicInfo> topicOf(const ClusterConnection* connection) {
    if (connection->snapshot()) {
        for (const auto& topic : connection->snapshot()->topics) {
            if (topic.name == kTopic) {
                return topic;
            }
        }
    }
    return std::nullopt;
}

// Partitions led by a replica other than their preferred one; -1 while the topic is unknown.
int displacedLeaders(const ClusterConnection* connection) {
    const auto topic = topicOf(connection);
    if (!topic) {
        return -1;
    }
    int displaced = 0;
    for (const auto& partition : topic->partitions) {
        displaced += partition.leader != partition.replicas.value(0, -1) ? 1 : 0;
    }
    return displaced;
}

bool everyIsrWhole(const ClusterConnection* connection) {
    const auto topic = topicOf(connection);
    if (!topic || topic->partitions.isEmpty()) {
        return false;
    }
    for (const auto& partition : topic->partitions) {
        if (partition.isr.size() != partition.replicas.size() || partition.leader < 0) {
            return false;
        }
    }
    return true;
}

}  // namespace

class TestLeaderElection : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;

    bool brokerCommand(qint32 id, const char* command) {
        const auto answer = tideline::testing::httpRequest(
            broker_.controlPort(), "POST", QString("/v1/brokers/%1/%2").arg(id).arg(command).toUtf8(),
            broker_.token());
        return answer.status == 200;
    }

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_leader_election");
        QVERIFY2(broker_.start(3, work_.filePath("cluster")), qPrintable(broker_.output()));
        const auto created = tideline::testing::runTool(
            "kcat", {"-P", "-b", broker_.bootstrap(), "-t", kTopic}, "one\ntwo\nthree\n", 30000);
        QVERIFY2(created.finished && created.exitCode == 0, created.err.constData());
    }

    void electMovesTheLeaderBack() {
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        const QString key = window.addBootstrapCluster(broker_.bootstrap());
        window.selectCluster(key);
        window.showPage({PageId::Topic, kTopic});
        window.show();
        ClusterConnection* connection = window.connection(key);
        QTRY_VERIFY_WITH_TIMEOUT(everyIsrWhole(connection), kWaitMs);
        QCOMPARE(displacedLeaders(connection), 0);
        const tideline::model::PartitionInfo first = topicOf(connection)->partitions.first();
        QCOMPARE(first.replicas.size(), qsizetype(3));
        const qint32 preferred = first.replicas.first();

        // Stop the preferred replica: another takes over. Start it: it rejoins the ISR as a follower.
        QVERIFY(brokerCommand(preferred, "stop"));
        QTRY_VERIFY_WITH_TIMEOUT(topicOf(connection)->partitions.first().leader > 0 &&
                                     topicOf(connection)->partitions.first().leader != preferred,
                                 kWaitMs);
        QVERIFY(brokerCommand(preferred, "start"));
        QTRY_VERIFY_WITH_TIMEOUT(everyIsrWhole(connection), kWaitMs);
        QVERIFY(topicOf(connection)->partitions.first().leader != preferred);
        const int displaced = displacedLeaders(connection);
        QVERIFY(displaced >= 1);
        auto* summary = window.topicPage()->findChild<QLabel*>("topicSummary");
        QTRY_VERIFY_WITH_TIMEOUT(
            summary->text().contains(QString("%1 led by a non-preferred").arg(displaced)), kWaitMs);
        // The header also carries the topic's size once DescribeLogDirs answered (the cluster serves it).
        QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains(" on disk"), kWaitMs);

        // The cluster's refusal comes back as its own text, per partition.
        QSignalSpy finished(connection->session(), &tideline::model::ClusterSession::operationFinished);
        const quint64 unknown = connection->session()->electPreferredLeaders({{"no-such-topic", 0}});
        QVERIFY(finished.wait(kWaitMs));
        auto result = finished.takeFirst().at(0).value<tideline::model::OperationResult>();
        QCOMPARE(result.requestId, unknown);
        QCOMPARE(result.kind, tideline::model::OperationKind::ElectLeaders);
        QCOMPARE(result.items.size(), qsizetype(1));
        QCOMPARE(result.items.first().name, QString("no-such-topic-0"));
        QVERIFY2(result.error.contains("does not exist"), qPrintable(result.error));

        // The topic page's action asks first; Cancel changes nothing.
        auto* actions = window.topicPage()->table()->findChild<TopicActions*>();
        QVERIFY(actions != nullptr);
        actions->update();
        QVERIFY(actions->electLeadersAction()->isVisible() && actions->electLeadersAction()->isEnabled());
        QSignalSpy opened(actions, &TopicActions::dialogOpened);
        actions->electLeadersAction()->trigger();
        QCOMPARE(opened.size(), 1);
        auto* box = qobject_cast<QMessageBox*>(opened.takeFirst().at(0).value<QWidget*>());
        QVERIFY(box != nullptr);
        QCOMPARE(box->objectName(), QString("electLeadersConfirmation"));
        QVERIFY2(box->text().contains(QString("led by another replica now: %1 of 3").arg(displaced)),
                 qPrintable(box->text()));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTest::qWait(1500);
        QCOMPARE(displacedLeaders(connection), displaced);

        // Yes: every leader is back on its preferred replica, and the ISRs stay whole.
        actions->electLeadersAction()->trigger();
        box = qobject_cast<QMessageBox*>(opened.takeFirst().at(0).value<QWidget*>());
        QVERIFY(box != nullptr);
        {
            QImage image = window.grab().toImage();
            QPainter painter(&image);
            painter.drawPixmap(window.mapFromGlobal(box->mapToGlobal(QPoint(0, 0))), box->grab());
            painter.end();
            const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR", work_.path());
            QVERIFY(image.save(dir + "/elect-leaders.png"));
        }
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(displacedLeaders(connection), 0, kWaitMs);
        QCOMPARE(topicOf(connection)->partitions.first().leader, preferred);
        QVERIFY(everyIsrWhole(connection));
        QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains("0 led by a non-preferred"), kWaitMs);

        // Electing again when nothing is displaced succeeds (election not needed is not a failure).
        finished.clear();  // the answer to the action's own request came here too
        const quint64 again = connection->session()->electPreferredLeaders({{kTopic, 0}});
        QVERIFY(finished.wait(kWaitMs));
        result = finished.takeFirst().at(0).value<tideline::model::OperationResult>();
        QCOMPARE(result.requestId, again);
        QVERIFY2(result.ok(), qPrintable(result.error));
    }

    void readOnlyProfilesCannotElect() {
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        tideline::model::ConnectionProfile profile;
        profile.name = "watch only";
        profile.bootstrapServers = broker_.bootstrap();
        profile.readOnly = true;
        const QString key = window.addProfileCluster(profile);
        window.selectCluster(key);
        window.showPage({PageId::Topic, kTopic});
        ClusterConnection* connection = window.connection(key);
        QTRY_VERIFY_WITH_TIMEOUT(topicOf(connection).has_value(), kWaitMs);
        auto* actions = window.topicPage()->table()->findChild<TopicActions*>();
        actions->update();
        QVERIFY(!actions->electLeadersAction()->isVisible());
        QSignalSpy opened(actions, &TopicActions::dialogOpened);
        actions->electPreferredLeaders();
        QCOMPARE(opened.size(), 0);
        // The session refuses before sending anything.
        QSignalSpy finished(connection->session(), &tideline::model::ClusterSession::operationFinished);
        connection->session()->electPreferredLeaders({{kTopic, 0}});
        QVERIFY(finished.wait(kWaitMs));
        const auto result = finished.takeFirst().at(0).value<tideline::model::OperationResult>();
        QVERIFY2(result.error.contains("read-only"), qPrintable(result.error));
    }

    void cleanupTestCase() { QVERIFY(broker_.stop()); }
};

QTEST_MAIN(TestLeaderElection)
#include "test_leader_election.moc"
