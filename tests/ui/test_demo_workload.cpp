// "Load demo workload" in the dev cluster panel against the real tideline-broker: the demo topics
// appear, the producer fills them, the slow group commits and falls behind (lag above zero and
// growing), and a second click stops the producer and the group.
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "model/demo/demo_workload.h"
#include "support/broker_process.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/pages/dev_cluster_page.h"
#include "ui/sidebar.h"

using namespace tideline::ui;
using tideline::model::DevClusterStatus;

namespace {

constexpr int kWaitMs = 45000;

// The slow group's total lag over the demo topics; -1 until it has committed.
qint64 demoLag(const ClusterConnection* connection) {
    if (!connection->snapshot()) {
        return -1;
    }
    const auto& snapshot = *connection->snapshot();
    for (const auto& group : snapshot.groups) {
        if (group.id != "demo-slow-readers" || group.committedOffsets.isEmpty()) {
            continue;
        }
        qint64 lag = 0;
        for (const auto& committed : group.committedOffsets) {
            for (const auto& topic : snapshot.topics) {
                if (topic.name != committed.topic) {
                    continue;
                }
                for (const auto& partition : topic.partitions) {
                    if (partition.id == committed.partition && partition.highWatermark) {
                        lag += *partition.highWatermark - committed.offset;
                    }
                }
            }
        }
        return lag;
    }
    return -1;
}

int demoTopics(const ClusterConnection* connection) {
    int found = 0;
    if (connection->snapshot()) {
        for (const auto& topic : connection->snapshot()->topics) {
            found += topic.name.startsWith("demo-") ? 1 : 0;
        }
    }
    return found;
}

}  // namespace

class TestDemoWorkload : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir dataRoot_;

private slots:
    void initTestCase() { testing::isolateSettings(settingsDir_.path(), "test_demo_workload"); }

    void demoBringsLagToLife() {
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        window.show();
        window.showPage({PageId::DevCluster, {}});
        DevClusterPage* panel = window.devClusterPage();
        panel->controller()->setBrokerExecutable(tideline::testing::BrokerProcess::program());
        const int firstPort = tideline::testing::findFreePortRange(4);
        QVERIFY(firstPort > 0);
        tideline::model::DevClusterLaunch launch;
        launch.brokers = 3;
        launch.dataDir = dataRoot_.filePath("cluster");
        launch.port = quint16(firstPort);
        launch.controlPort = quint16(firstPort + 3);
        panel->setLaunchOptions(launch);

        auto* demo = panel->findChild<QPushButton*>("demoWorkloadButton");
        QVERIFY(demo != nullptr);
        QVERIFY(!demo->isEnabled());  // nothing to load it into yet
        QTest::mouseClick(panel->findChild<QPushButton*>("startClusterButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(panel->controller()->state().status, DevClusterStatus::Running, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->controller()->brokers().isEmpty(), kWaitMs);
        QTRY_VERIFY(demo->isEnabled());

        QTest::mouseClick(demo, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel->demoWorkload()->running(), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(demo->text(), QString("Stop demo workload"), kWaitMs);
        const ClusterConnection* connection = window.connection(Sidebar::kDevClusterKey);
        QTRY_COMPARE_WITH_TIMEOUT(demoTopics(connection), 3, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(demoLag(connection) > 0, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(panel->demoWorkload()->consumed() > 0, kWaitMs);
        const qint64 firstLag = demoLag(connection);
        // Producing faster than the group reads: the lag grows.
        QTRY_VERIFY_WITH_TIMEOUT(demoLag(connection) > firstLag + 20, kWaitMs);
        QVERIFY(panel->demoWorkload()->produced() > panel->demoWorkload()->consumed());

        QTest::mouseClick(demo, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->demoWorkload()->running(), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(demo->text(), QString("Load demo workload"), kWaitMs);
        const qint64 produced = panel->demoWorkload()->produced();
        QTest::qWait(1000);
        QCOMPARE(panel->demoWorkload()->produced(), produced);

        QTest::mouseClick(panel->findChild<QPushButton*>("stopClusterButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(panel->controller()->state().status, DevClusterStatus::Stopped, kWaitMs);
    }
};

QTEST_MAIN(TestDemoWorkload)
#include "test_demo_workload.moc"
