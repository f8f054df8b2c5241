// DevClusterController against the real tideline-broker (TIDELINE_BROKER_PATH) and, for the ways a
// launch can fail, against stand-in scripts.
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include "broker/core/cluster_options.h"
#include "model/dev_cluster_controller.h"

using namespace tideline::model;

namespace {

constexpr int kClusterWaitMs = 30000;
constexpr int kBrokers = 3;

bool portIsFree(quint16 port) {
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, port);
}

// A first broker port with `count` free ports from it, and a free control port after them.
std::pair<quint16, quint16> freePorts(int count) {
    for (int attempt = 0; attempt < 200; ++attempt) {
        const auto first = static_cast<quint16>(QRandomGenerator::global()->bounded(20000, 60000));
        bool free = true;
        for (int i = 0; i <= count && free; ++i) {
            free = portIsFree(quint16(first + i));
        }
        if (free) {
            return {first, quint16(first + count)};
        }
    }
    return {0, 0};
}

// An executable shell script standing in for the broker.
QString writeScript(const QTemporaryDir& dir, const QString& name, const QByteArray& body) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return {};
    }
    file.write("#!/bin/sh\n" + body);
    file.close();
    file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
    return path;
}

bool allRunning(const QList<DevClusterBroker>& brokers, int count) {
    return brokers.size() == count &&
           std::all_of(brokers.cbegin(), brokers.cend(), [](const DevClusterBroker& b) { return b.running; });
}

bool isRunning(const DevClusterController& controller, qint32 id) {
    for (const DevClusterBroker& broker : controller.brokers()) {
        if (broker.id == id) {
            return broker.running;
        }
    }
    return false;
}

}  // namespace

class TestDevClusterController : public QObject {
    Q_OBJECT

private slots:
    void searchesNextToTheAppThenTheBuildTree() {
        const QStringList candidates =
            DevClusterController::brokerExecutableCandidates("/opt/build/tests/model");
        QCOMPARE(candidates, (QStringList{"/opt/build/tests/model/tideline-broker",
                                          "/opt/build/tests/broker/tideline-broker",
                                          "/opt/build/broker/tideline-broker"}));
    }

    void keepsItsDataWhereTheBrokerDoesUnderXdgDataHome() {
        const QByteArray saved = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", dataDir_.filePath("xdg").toLocal8Bit());
        const QString dataDir = DevClusterController::defaultDataDir();
        const std::string brokerDataDir = tideline::broker::defaultDataDir().string();
        saved.isNull() ? qunsetenv("XDG_DATA_HOME") : qputenv("XDG_DATA_HOME", saved);
        QCOMPARE(dataDir, dataDir_.filePath("xdg") + "/tideline/dev-cluster");
        QCOMPARE(dataDir.toStdString(), brokerDataDir);
    }

    void missingBinaryFails() {
        DevClusterController controller;
        controller.setBrokerExecutable("/nonexistent/tideline-broker");
        QSignalSpy states(&controller, &DevClusterController::stateChanged);
        controller.launch({.dataDir = dataDir_.filePath("missing")});
        QCOMPARE(controller.state().status, DevClusterStatus::Failed);
        QVERIFY2(controller.state().message.contains("/nonexistent/tideline-broker"),
                 qPrintable(controller.state().message));
        QCOMPARE(states.size(), 1);
        QVERIFY(!controller.launchedByUs());
    }

    void earlyExitFailsWithTheBrokersMessage() {
        const QString script =
            writeScript(dataDir_, "exits.sh",
                        "echo 'starting' >&2\necho 'tideline-broker: data dir is locked' >&2\nexit 3\n");
        DevClusterController controller;
        controller.setBrokerExecutable(script);
        controller.launch({.dataDir = dataDir_.filePath("exits")});
        QCOMPARE(controller.state().status, DevClusterStatus::Starting);
        QTRY_COMPARE_WITH_TIMEOUT(controller.state().status, DevClusterStatus::Failed, 10000);
        QCOMPARE(controller.state().message, QString("data dir is locked"));
    }

    void earlyExitWithoutItsPrefixShowsStderr() {
        const QString script =
            writeScript(dataDir_, "usage.sh", "echo '--brokers: value 0 not in range' >&2\nexit 2\n");
        DevClusterController controller;
        controller.setBrokerExecutable(script);
        controller.launch({.dataDir = dataDir_.filePath("usage")});
        QTRY_COMPARE_WITH_TIMEOUT(controller.state().status, DevClusterStatus::Failed, 10000);
        QCOMPARE(controller.state().message, QString("--brokers: value 0 not in range"));
    }

    void silentBrokerTimesOut() {
        const QString script = writeScript(dataDir_, "silent.sh", "exec sleep 30\n");
        DevClusterController controller;
        controller.setBrokerExecutable(script);
        controller.launch(
            {.dataDir = dataDir_.filePath("silent"), .readyTimeout = std::chrono::milliseconds(500)});
        QTRY_COMPARE_WITH_TIMEOUT(controller.state().status, DevClusterStatus::Failed, 10000);
        QVERIFY2(controller.state().message.contains("did not report ready"),
                 qPrintable(controller.state().message));
        QVERIFY(!controller.launchedByUs());
    }

    void attachWithoutAClusterFails() {
        DevClusterController controller;
        controller.attach(dataDir_.filePath("nothing-here"), 1);
        QCOMPARE(controller.state().status, DevClusterStatus::Failed);
        QVERIFY2(controller.state().message.contains("control.token"),
                 qPrintable(controller.state().message));

        // A token, but nothing listening on the control port.
        const QString dir = dataDir_.filePath("stale");
        QVERIFY(QDir().mkpath(dir));
        QFile token(dir + "/control.token");
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("0123456789abcdef0123456789abcdef\n");
        token.close();
        const quint16 port = freePorts(0).second;
        controller.attach(dir, port);
        QCOMPARE(controller.state().status, DevClusterStatus::Starting);
        QTRY_COMPARE_WITH_TIMEOUT(controller.state().status, DevClusterStatus::Failed, 10000);
        QVERIFY2(controller.state().message.contains(QString::number(port)),
                 qPrintable(controller.state().message));
    }

    void launchesStopsAndStartsBrokersAndShutsDown() {
        const auto [port, controlPort] = freePorts(kBrokers);
        QVERIFY(port != 0);
        const QString dir = dataDir_.filePath("cluster");
        DevClusterController controller;
        controller.setBrokerExecutable(TIDELINE_BROKER_PATH);
        controller.launch({.brokers = kBrokers, .dataDir = dir, .port = port, .controlPort = controlPort});
        QTRY_VERIFY_WITH_TIMEOUT(controller.state().status != DevClusterStatus::Starting, kClusterWaitMs);
        QVERIFY2(controller.state().status == DevClusterStatus::Running,
                 qPrintable(controller.state().message));
        QVERIFY(controller.launchedByUs());
        QCOMPARE(controller.bootstrapServers(),
                 QString("127.0.0.1:%1,127.0.0.1:%2,127.0.0.1:%3").arg(port).arg(port + 1).arg(port + 2));
        QVERIFY(allRunning(controller.brokers(), kBrokers));

        QSignalSpy failures(&controller, &DevClusterController::commandFailed);
        controller.stopBroker(2);
        QTRY_VERIFY_WITH_TIMEOUT(!isRunning(controller, 2), 10000);
        QVERIFY(isRunning(controller, 1) && isRunning(controller, 3));
        QVERIFY2(!portIsFree(quint16(port)), "broker 1 still listens");

        // A second controller attaches to the same cluster and sees the stopped broker.
        DevClusterController attached;
        attached.attach(dir, controlPort);
        QTRY_COMPARE_WITH_TIMEOUT(attached.state().status, DevClusterStatus::Running, 10000);
        QCOMPARE(attached.brokers().size(), kBrokers);
        QVERIFY(!isRunning(attached, 2));
        QVERIFY(!attached.launchedByUs());

        controller.startBroker(2);
        QTRY_VERIFY_WITH_TIMEOUT(isRunning(controller, 2), 10000);
        attached.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(allRunning(attached.brokers(), kBrokers), 10000);

        controller.stopBroker(99);  // no such broker: refused, the cluster runs on
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, 10000);
        QVERIFY2(failures.first().at(0).toString().contains("99"),
                 qPrintable(failures.first().at(0).toString()));
        QCOMPARE(controller.state().status, DevClusterStatus::Running);

        controller.shutdown();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state().status, DevClusterStatus::Stopped, kClusterWaitMs);
        QVERIFY(!controller.launchedByUs());
        QVERIFY(controller.brokers().isEmpty());
        QVERIFY(portIsFree(port));

        // The port of a cluster that is gone is free again, so a second launch on it works.
        controller.launch({.brokers = 1, .dataDir = dir, .port = port, .controlPort = controlPort});
        QTRY_COMPARE_WITH_TIMEOUT(controller.state().status, DevClusterStatus::Running, kClusterWaitMs);
        controller.shutdown();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state().status, DevClusterStatus::Stopped, kClusterWaitMs);
    }

    void portInUseFailsNamingThePort() {
        const auto [port, controlPort] = freePorts(1);
        QVERIFY(port != 0);
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, port));
        DevClusterController controller;
        controller.setBrokerExecutable(TIDELINE_BROKER_PATH);
        controller.launch(
            {.brokers = 1, .dataDir = dataDir_.filePath("busy"), .port = port, .controlPort = controlPort});
        QTRY_COMPARE_WITH_TIMEOUT(controller.state().status, DevClusterStatus::Failed, kClusterWaitMs);
        QVERIFY2(controller.state().message.contains(QString::number(port)),
                 qPrintable(controller.state().message));
        QVERIFY2(controller.state().message.contains("in use"), qPrintable(controller.state().message));
    }

    void destroyingTheControllerEndsItsCluster() {
        const auto [port, controlPort] = freePorts(1);
        QVERIFY(port != 0);
        const QString dir = dataDir_.filePath("ended");
        QElapsedTimer destruction;
        {
            DevClusterController controller;
            controller.setBrokerExecutable(TIDELINE_BROKER_PATH);
            controller.launch({.brokers = 1, .dataDir = dir, .port = port, .controlPort = controlPort});
            QTRY_VERIFY_WITH_TIMEOUT(controller.state().status != DevClusterStatus::Starting, kClusterWaitMs);
            QCOMPARE(controller.state().status, DevClusterStatus::Running);
            destruction.start();
        }
        // SIGTERM takes the broker's orderly path, which is quick: the controller never had to kill it.
        QVERIFY2(destruction.elapsed() < 4000, qPrintable(QString::number(destruction.elapsed())));
        QVERIFY(portIsFree(port));
        DevClusterController attached;  // the control API is gone with it
        attached.attach(dir, controlPort);
        QTRY_COMPARE_WITH_TIMEOUT(attached.state().status, DevClusterStatus::Failed, 10000);
    }

private:
    QTemporaryDir dataDir_;
};

QTEST_GUILESS_MAIN(TestDevClusterController)
#include "test_dev_cluster_controller.moc"
