// Runs the built tideline-broker binary the way a user or script would.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runBroker(const QStringList& args) {
    QProcess process;
    process.start(TIDELINE_BROKER_PATH, args);
    if (!process.waitForFinished(30'000) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        return {};
    }
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

}  // namespace

class TestBrokerCli : public QObject {
    Q_OBJECT

private slots:
    void helpListsEveryOption() {
        const Run run = runBroker({"--help"});
        QCOMPARE(run.exitCode, 0);
        for (const char* option :
             {"--brokers", "--data-dir", "--host", "--port", "--control-port", "--set", "--sasl-user"}) {
            QVERIFY2(run.out.contains(option), option);
        }
        // The footer documents what --set acts on, the control API and the exit codes.
        for (const char* text :
             {"num.partitions", "min.insync.replicas", "replica.lag.time.max.ms", "auto.create.topics.enable",
              "group.initial.rebalance.delay.ms", "/v1/cluster", "/v1/brokers/ID/stop", "/v1/shutdown",
              "control.token", "4 port in use"}) {
            QVERIFY2(run.out.contains(text), text);
        }
    }

    void versionIsPrinted() {
        const Run run = runBroker({"--version"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(!run.out.trimmed().isEmpty());
    }

    // Settings the engine relies on are checked before anything starts, naming the setting.
    void unusableSettingIsReportedByName() {
        QTemporaryDir dataDir;
        QVERIFY(dataDir.isValid());
        const Run run =
            runBroker({"--brokers", "1", "--data-dir", dataDir.path(), "--set", "num.partitions=many"});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("num.partitions"), qPrintable(run.err));
    }

    void badOptionIsReportedWithItsName() {
        const Run run = runBroker({"--brokers", "0"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--brokers"), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestBrokerCli)
#include "test_broker_cli.moc"
