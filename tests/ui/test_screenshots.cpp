// A screenshot of every page against a real tideline-broker, through the same driver as
// `tideline --screenshot`: each PNG exists and is not blank. A page without data is an error, not an image.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "model/snapshot_facts.h"
#include "support/broker_process.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/pages/dev_cluster_page.h"
#include "ui/screenshot_driver.h"

using namespace tideline::ui;

namespace {

constexpr int kWaitMs = 30000;
// Text, tables, tiles and chips: a real page has far more colours than this (anti-aliasing alone).
constexpr int kMinimumColours = 20;

struct Shot {
    bool ok = false;
    QString message;
};

Shot screenshot(MainWindow& window, const QString& path, int timeoutMs = kWaitMs) {
    ScreenshotDriver driver(&window, path, timeoutMs);
    driver.setSettleMs(300);
    QSignalSpy finished(&driver, &ScreenshotDriver::finished);
    driver.start();
    if (!finished.wait(timeoutMs + 5000)) {
        return {false, "no answer from the driver"};
    }
    return {finished.first().at(0).toBool(), finished.first().at(1).toString()};
}

}  // namespace

class TestScreenshots : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;

    void keep(const QString& shot, const QString& name) {
        const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QFile::remove(dir + '/' + name);
            QVERIFY(QFile::copy(shot, dir + '/' + name));
        }
    }

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_screenshots");
        QVERIFY2(broker_.start(3, work_.filePath("cluster")), qPrintable(broker_.output()));
        for (const char* topic : {"orders", "payments", "clicks.raw"}) {
            QByteArray records;
            for (int i = 0; i < 40; ++i) {
                records += QByteArray(topic) + "-" + QByteArray::number(i) + "\n";
            }
            const auto produced = tideline::testing::runTool(
                "kcat", {"-P", "-b", broker_.bootstrap(), "-t", topic}, records, 30000);
            QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
        }
    }

    void everyPage_data() {
        QTest::addColumn<QString>("page");
        for (const char* page : {"overview", "brokers", "topics", "topic:orders", "topic:orders/messages",
                                 "groups", "dev-cluster"}) {
            QTest::newRow(page) << QString(page);
        }
    }
    void everyPage() {
        QFETCH(QString, page);
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        window.resize(1180, 760);
        if (page == "dev-cluster") {
            // Attaches to the running broker, as `tideline --dev-cluster` does.
            tideline::model::DevClusterLaunch launch;
            launch.dataDir = broker_.dataDir();
            launch.controlPort = quint16(broker_.controlPort());
            window.devClusterPage()->setLaunchOptions(launch);
            window.devClusterPage()->startOrAttach();
        } else {
            window.selectCluster(window.addBootstrapCluster(broker_.bootstrap()));
        }
        window.showPage(*parsePageRequest(page));
        window.show();
        const QString path = work_.filePath(QString(page).replace(QRegularExpression("[:/]"), "-") + ".png");
        const Shot shot = screenshot(window, path);
        QVERIFY2(shot.ok, qPrintable(shot.message));
        const QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), window.size() * window.devicePixelRatio());
        const int colours = testing::distinctColours(image);
        QVERIFY2(colours > kMinimumColours, qPrintable(QString("%1 colours").arg(colours)));
    }

    void missingTopicIsAnErrorNotAnImage() {
        MainWindow window;
        window.selectCluster(window.addBootstrapCluster(broker_.bootstrap()));
        window.showPage({PageId::Topic, "no-such-topic"});
        window.show();
        const QString path = work_.filePath("missing.png");
        const Shot shot = screenshot(window, path, 4000);
        QVERIFY(!shot.ok);
        QVERIFY2(shot.message.contains("topic:no-such-topic"), qPrintable(shot.message));
        QVERIFY(!QFile::exists(path));
    }

    // For the docs: the overview and a topic while broker 2 is stopped, so the chips show a moved
    // leader, a shrunk ISR and an offline replica.
    void degradedClusterForTheDocs() {
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        window.resize(1180, 760);
        const QString key = window.addBootstrapCluster(broker_.bootstrap());
        window.selectCluster(key);
        window.show();
        const auto stopped = tideline::testing::httpRequest(broker_.controlPort(), "POST",
                                                            "/v1/brokers/2/stop", broker_.token());
        QCOMPARE(stopped.status, 200);
        ClusterConnection* connection = window.connection(key);
        QTRY_VERIFY_WITH_TIMEOUT(connection->snapshot() && connection->snapshot()->brokers.size() == 2,
                                 kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            !tideline::model::underReplicatedPartitions(*connection->snapshot()).isEmpty(), kWaitMs);

        window.showPage({PageId::Topic, "orders"});
        const QString topic = work_.filePath("topic-degraded.png");
        const Shot topicShot = screenshot(window, topic);
        QVERIFY2(topicShot.ok, qPrintable(topicShot.message));
        keep(topic, "topic-detail.png");

        window.showPage({PageId::Overview, {}});
        const QString overview = work_.filePath("overview-degraded.png");
        const Shot overviewShot = screenshot(window, overview);
        QVERIFY2(overviewShot.ok, qPrintable(overviewShot.message));

        const auto started = tideline::testing::httpRequest(broker_.controlPort(), "POST",
                                                            "/v1/brokers/2/start", broker_.token());
        QCOMPARE(started.status, 200);
    }

    void cleanupTestCase() { QVERIFY(broker_.stop()); }
};

QTEST_MAIN(TestScreenshots)
#include "test_screenshots.moc"
