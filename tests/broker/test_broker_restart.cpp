// Lifecycle of the tideline-broker process: data survives a restart, one data dir serves one
// process, a taken port is reported by number, SIGTERM shuts down cleanly.
#include <QJsonArray>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include "support/broker_process.h"

using tideline::testing::BrokerProcess;
using tideline::testing::findFreePortRange;
using tideline::testing::httpRequest;
using tideline::testing::runTool;

namespace {

const QString kKcat = QStringLiteral("/usr/bin/kcat");
constexpr int kExitDataDirInUse = 3;
constexpr int kExitPortInUse = 4;

QString clusterId(const BrokerProcess& broker) {
    const auto answer = httpRequest(broker.controlPort(), "GET", "/v1/cluster", broker.token());
    return answer.json().object().value("cluster_id").toString();
}

QStringList consumeAll(const BrokerProcess& broker, const QString& topic) {
    auto run = runTool(kKcat, {"-b", broker.bootstrap(), "-C", "-e", "-q", "-o", "beginning", "-t", topic,
                               "-f", "%k:%s\\n"});
    auto lines = QString::fromUtf8(run.out).split('\n', Qt::SkipEmptyParts);
    lines.sort();
    return lines;
}

}  // namespace

class TestBrokerRestart : public QObject {
    Q_OBJECT

private slots:
    void restartKeepsTopicsAndRecords() {
        if (!QFile::exists(kKcat))
            QFAIL("kcat is missing: install the Debian package kcat (installer/deps.sh does)");
        QTemporaryDir dataDir;
        BrokerProcess broker;
        QVERIFY2(broker.start(3, dataDir.path()), qPrintable(broker.output()));
        const auto id = clusterId(broker);
        QCOMPARE(id.size(), 22);

        QByteArray records;
        for (int i = 0; i < 300; ++i) records += QStringLiteral("k%1:restart-%1\n").arg(i).toUtf8();
        auto produce =
            runTool(kKcat, {"-b", broker.bootstrap(), "-P", "-K:", "-t", "restart-t", "-z", "lz4"}, records);
        QVERIFY2(produce.exitCode == 0, produce.err.constData());
        auto expected = QString::fromUtf8(records).split('\n', Qt::SkipEmptyParts);
        expected.sort();
        QCOMPARE(consumeAll(broker, "restart-t"), expected);

        QVERIFY2(broker.stop(), qPrintable(broker.output()));
        QCOMPARE(broker.exitCode(), 0);
        QVERIFY2(broker.restart(), qPrintable(broker.output()));

        QCOMPARE(clusterId(broker), id);
        auto listing = runTool(kKcat, {"-b", broker.bootstrap(), "-L", "-t", "restart-t"});
        QVERIFY2(listing.out.contains("topic \"restart-t\" with 3 partitions"), listing.out.constData());
        QCOMPARE(consumeAll(broker, "restart-t"), expected);

        // Appending after the restart continues the offsets rather than overwriting.
        produce = runTool(kKcat, {"-b", broker.bootstrap(), "-P", "-K:", "-t", "restart-t"}, "late:record\n");
        QVERIFY2(produce.exitCode == 0, produce.err.constData());
        QCOMPARE(consumeAll(broker, "restart-t").size(), expected.size() + 1);
        QVERIFY2(broker.stop(), qPrintable(broker.output()));
    }

    void secondInstanceOnSameDataDirFails() {
        QTemporaryDir dataDir;
        BrokerProcess first;
        QVERIFY2(first.start(1, dataDir.path()), qPrintable(first.output()));
        const int ports = findFreePortRange(2);
        QVERIFY(ports != 0);
        const auto second = runTool(BrokerProcess::program(),
                                    {"--brokers", "1", "--data-dir", dataDir.path(), "--port",
                                     QString::number(ports), "--control-port", QString::number(ports + 1)},
                                    {}, 20'000);
        QVERIFY(second.finished);
        QCOMPARE(second.exitCode, kExitDataDirInUse);
        QVERIFY2(second.err.contains("already in use by another tideline-broker"), second.err.constData());
        QVERIFY2(first.running(), "the first instance must keep running");
        QVERIFY2(first.stop(), qPrintable(first.output()));
    }

    void portInUseIsReportedByNumber() {
        QTemporaryDir dataDir;
        QTcpServer squatter;
        const int ports = findFreePortRange(3);
        QVERIFY(ports != 0);
        // The second broker's port is taken: the message must name that very port.
        QVERIFY(squatter.listen(QHostAddress::LocalHost, static_cast<quint16>(ports + 1)));
        const auto run = runTool(BrokerProcess::program(),
                                 {"--brokers", "2", "--data-dir", dataDir.path(), "--port",
                                  QString::number(ports), "--control-port", QString::number(ports + 2)},
                                 {}, 20'000);
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, kExitPortInUse);
        QVERIFY2(run.err.contains(QStringLiteral("port %1 is already in use").arg(ports + 1).toUtf8()),
                 run.err.constData());
    }

    void sigtermShutsDownCleanly() {
        QTemporaryDir dataDir;
        QProcess process;
        const int ports = findFreePortRange(2);
        process.start(BrokerProcess::program(),
                      {"--brokers", "1", "--data-dir", dataDir.path(), "--port", QString::number(ports),
                       "--control-port", QString::number(ports + 1)});
        QVERIFY(process.waitForStarted());
        QByteArray out;
        QDeadlineTimer deadline(20'000);
        while (!out.contains("cluster ready") && !deadline.hasExpired() &&
               process.state() == QProcess::Running) {
            process.waitForReadyRead(100);
            out += process.readAllStandardOutput();
        }
        QVERIFY2(out.contains("broker 1 ready at 127.0.0.1:" + QByteArray::number(ports)), out.constData());
        process.terminate();  // SIGTERM, to the process this test started
        QVERIFY2(process.waitForFinished(15'000), process.readAllStandardError().constData());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestBrokerRestart)
#include "test_broker_restart.moc"
