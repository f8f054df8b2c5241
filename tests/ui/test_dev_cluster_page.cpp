// The dev cluster panel against the real tideline-broker: start it from the panel, see its brokers,
// stop one and watch the topic page move the leader chip and shrink the ISR, start it and see the ISR
// whole, then stop the cluster and wipe its data.
#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "model/models/partitions_model.h"
#include "support/broker_process.h"
#include "ui/main_window.h"
#include "ui/pages/dev_cluster_page.h"
#include "ui/pages/topic_page.h"
#include "ui/widgets/replica_chips_delegate.h"

using namespace tideline::ui;
using tideline::model::DevClusterStatus;
using tideline::model::PartitionsModel;

namespace {

constexpr int kBrokers = 3;
constexpr int kWaitMs = 30000;

QList<ReplicaChip> chipsOf(TopicPage* page, int partition, int column) {
    const QAbstractItemModel* model = page->table()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, column);
        if (index.siblingAtColumn(PartitionsModel::PartitionColumn).data(PartitionsModel::KeyRole).toInt() ==
            partition) {
            return replicaChips(index);
        }
    }
    return {};
}

qint32 leaderOf(TopicPage* page, int partition) {
    const QList<ReplicaChip> chips = chipsOf(page, partition, PartitionsModel::LeaderColumn);
    return chips.size() == 1 && chips[0].kind == ReplicaChip::Kind::Leader ? chips[0].broker : -1;
}

QList<qint32> isrOf(TopicPage* page, int partition) {
    QList<qint32> ids;
    for (const ReplicaChip& chip : chipsOf(page, partition, PartitionsModel::IsrColumn)) {
        ids.append(chip.broker);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

ReplicaChip::Kind replicaKind(TopicPage* page, int partition, qint32 broker) {
    for (const ReplicaChip& chip : chipsOf(page, partition, PartitionsModel::ReplicasColumn)) {
        if (chip.broker == broker) {
            return chip.kind;
        }
    }
    return ReplicaChip::Kind::NoLeader;
}

}  // namespace

class TestDevClusterPage : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir dataRoot_;

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_dev_cluster_page");
        QVERIFY(dataRoot_.isValid());
    }

    void startStopBrokersAndWipe() {
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        window.show();
        window.showPage({PageId::DevCluster, {}});
        DevClusterPage* panel = window.devClusterPage();
        panel->controller()->setBrokerExecutable(tideline::testing::BrokerProcess::program());

        const int firstPort = tideline::testing::findFreePortRange(kBrokers + 1);
        QVERIFY(firstPort > 0);
        tideline::model::DevClusterLaunch launch;
        launch.brokers = kBrokers;
        launch.dataDir = dataRoot_.filePath("cluster");
        launch.port = quint16(firstPort);
        launch.controlPort = quint16(firstPort + kBrokers);
        panel->setLaunchOptions(launch);

        // One click starts it; the brokers appear with their addresses, all running.
        auto* start = panel->findChild<QPushButton*>("startClusterButton");
        QVERIFY(start != nullptr && start->isEnabled());
        QTest::mouseClick(start, Qt::LeftButton);
        auto* brokers = panel->findChild<QTableWidget*>("devBrokerTable");
        QTRY_COMPARE_WITH_TIMEOUT(panel->controller()->state().status, DevClusterStatus::Running, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(brokers->rowCount(), kBrokers, kWaitMs);
        for (int row = 0; row < kBrokers; ++row) {
            QCOMPARE(brokers->item(row, 1)->text(), QString("127.0.0.1:%1").arg(firstPort + row));
            QCOMPARE(brokers->item(row, 2)->text(), QString("running"));
        }
        QVERIFY(!start->isEnabled());
        QVERIFY(panel->findChild<QLabel*>("devClusterStatus")->text().contains("Running"));
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->findChild<QPlainTextEdit*>("brokerLog")->toPlainText().contains("ready"), kWaitMs);

        // A topic created through the broker's auto-create, by a real client.
        const QString bootstrap = panel->controller()->bootstrapServers();
        const auto produced = tideline::testing::runTool("kcat", {"-P", "-b", bootstrap, "-t", "moves"},
                                                         "one\ntwo\nthree\nfour\n", 30000);
        QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());

        window.showPage({PageId::Topic, "moves"});
        TopicPage* topic = window.topicPage();
        QTRY_VERIFY_WITH_TIMEOUT(window.currentPageHasData(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(leaderOf(topic, 0) > 0, kWaitMs);
        const qint32 leader = leaderOf(topic, 0);
        QTRY_COMPARE_WITH_TIMEOUT(isrOf(topic, 0).size(), qsizetype(kBrokers), kWaitMs);

        // Stop the leader's broker from the panel: its state changes, the leader chip moves to another
        // broker, the ISR shrinks and the stopped broker's replica chip turns offline.
        auto* toggle = panel->findChild<QPushButton*>(QString("brokerToggle%1").arg(leader));
        QVERIFY(toggle != nullptr);
        QCOMPARE(toggle->text(), QString("Stop"));
        QTest::mouseClick(toggle, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(brokers->item(leader - 1, 2)->text(), QString("stopped"), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(leaderOf(topic, 0) > 0 && leaderOf(topic, 0) != leader, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!isrOf(topic, 0).contains(leader), kWaitMs);
        QCOMPARE(isrOf(topic, 0).size(), qsizetype(kBrokers - 1));
        QCOMPARE(replicaKind(topic, 0, leader), ReplicaChip::Kind::Offline);

        // Start it again: it catches up and the ISR is whole once more.
        toggle = panel->findChild<QPushButton*>(QString("brokerToggle%1").arg(leader));
        QCOMPARE(toggle->text(), QString("Start"));
        QTest::mouseClick(toggle, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(brokers->item(leader - 1, 2)->text(), QString("running"), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(isrOf(topic, 0).size(), qsizetype(kBrokers), kWaitMs);
        QVERIFY(replicaKind(topic, 0, leader) != ReplicaChip::Kind::Offline);

        // Wiping is refused while the cluster runs, then works once it is stopped.
        QSignalSpy wiped(panel, &DevClusterPage::wipeFinished);
        panel->wipeData();
        QCOMPARE(wiped.size(), 1);
        QCOMPARE(wiped.takeFirst().at(0).toBool(), false);
        QTest::mouseClick(panel->findChild<QPushButton*>("stopClusterButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(panel->controller()->state().status, DevClusterStatus::Stopped, kWaitMs);
        QCOMPARE(brokers->rowCount(), 0);
        QVERIFY(QDir(launch.dataDir).exists());
        panel->wipeData();
        QVERIFY(wiped.wait(kWaitMs));
        QCOMPARE(wiped.takeFirst().at(0).toBool(), true);
        QVERIFY(!QDir(launch.dataDir).exists());
    }
};

QTEST_MAIN(TestDevClusterPage)
#include "test_dev_cluster_page.moc"
