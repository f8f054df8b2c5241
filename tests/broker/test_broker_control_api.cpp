// The HTTP control API of tideline-broker: bearer token, cluster status, stopping and starting
// one broker (its partitions get new leaders and later the broker rejoins the ISR).
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "support/broker_process.h"

using tideline::testing::BrokerProcess;
using tideline::testing::httpRequest;
using tideline::testing::runTool;

class TestBrokerControlApi : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void tokenFileIsPrivate() {
        QCOMPARE(broker_.token().size(), 32);
        const QFileInfo file(dataDir_.path() + "/control.token");
        QCOMPARE(file.permissions() &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions{});
    }

    void requestsWithoutTheTokenAreRefused() {
        QCOMPARE(httpRequest(broker_.controlPort(), "GET", "/v1/cluster", {}).status, 401);
        QCOMPARE(httpRequest(broker_.controlPort(), "GET", "/v1/cluster", QString(32, 'a')).status, 401);
        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/shutdown", "wrong").status, 401);
        QVERIFY(broker_.running());
    }

    void clusterDescribesEveryBroker() {
        const auto answer = httpRequest(broker_.controlPort(), "GET", "/v1/cluster", broker_.token());
        QCOMPARE(answer.status, 200);
        const auto cluster = answer.json().object();
        QCOMPARE(cluster.value("cluster_id").toString().size(), 22);
        QCOMPARE(cluster.value("controller_id").toInt(), 1);
        const auto brokers = cluster.value("brokers").toArray();
        QCOMPARE(brokers.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const auto broker = brokers[i].toObject();
            QCOMPARE(broker.value("id").toInt(), i + 1);
            QCOMPARE(broker.value("host").toString(), QStringLiteral("127.0.0.1"));
            QCOMPARE(broker.value("port").toInt(), broker_.port(i + 1));
            QCOMPARE(broker.value("state").toString(), QStringLiteral("running"));
            const auto counters = broker.value("counters").toObject();
            for (const char* counter : {"bytes_in", "bytes_out", "requests", "connections"}) {
                QVERIFY2(counters.contains(counter), counter);
            }
        }
    }

    void countersMoveWithTraffic() {
        if (!QFile::exists("/usr/bin/kcat"))
            QFAIL("kcat is missing: install the Debian package kcat (installer/deps.sh does)");
        const auto requests = [this] {
            const auto cluster =
                httpRequest(broker_.controlPort(), "GET", "/v1/cluster", broker_.token()).json();
            return cluster.object().value("brokers").toArray()[0].toObject().value("counters").toObject();
        };
        const auto before = requests();
        runTool("/usr/bin/kcat", {"-b", QStringLiteral("127.0.0.1:%1").arg(broker_.port(1)), "-L"});
        const auto after = requests();
        QVERIFY(after.value("requests").toInteger() > before.value("requests").toInteger());
        QVERIFY(after.value("bytes_in").toInteger() > before.value("bytes_in").toInteger());
        QVERIFY(after.value("bytes_out").toInteger() > before.value("bytes_out").toInteger());
    }

    void stoppedBrokerLeavesAndComesBack() {
        const auto token = broker_.token();
        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/1/stop", token).status, 200);
        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/1/stop", token).status, 409);
        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/7/stop", token).status, 404);

        auto cluster = httpRequest(broker_.controlPort(), "GET", "/v1/cluster", token).json().object();
        QCOMPARE(cluster.value("brokers").toArray()[0].toObject().value("state").toString(),
                 QStringLiteral("stopped"));
        QCOMPARE(cluster.value("controller_id").toInt(), 2);  // the lowest running broker

        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(broker_.port(1)));
        QVERIFY2(!socket.waitForConnected(2'000), "a stopped broker must not accept connections");

        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/1/start", token).status, 200);
        cluster = httpRequest(broker_.controlPort(), "GET", "/v1/cluster", token).json().object();
        QCOMPARE(cluster.value("brokers").toArray()[0].toObject().value("state").toString(),
                 QStringLiteral("running"));
        QCOMPARE(cluster.value("controller_id").toInt(), 1);
        QTcpSocket again;
        again.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(broker_.port(1)));
        QVERIFY(again.waitForConnected(5'000));
    }

    // With broker 1 stopped its partitions are led by others and records still flow; once it is back
    // its replicas have caught up and every ISR is complete again.
    void recordsFlowWhileABrokerIsStopped() {
        const QString kcat = "/usr/bin/kcat";
        if (!QFile::exists(kcat))
            QFAIL("kcat is missing: install the Debian package kcat (installer/deps.sh does)");
        const auto token = broker_.token();
        const auto others =
            QStringLiteral("127.0.0.1:%1,127.0.0.1:%2").arg(broker_.port(2)).arg(broker_.port(3));
        QByteArray first, second;
        for (int i = 0; i < 50; ++i) first += QStringLiteral("a%1:before\n").arg(i).toUtf8();
        for (int i = 0; i < 50; ++i) second += QStringLiteral("b%1:during\n").arg(i).toUtf8();
        QCOMPARE(runTool(kcat, {"-b", broker_.bootstrap(), "-P", "-K:", "-t", "ctl-t"}, first).exitCode, 0);

        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/1/stop", token).status, 200);
        auto listing = QString::fromUtf8(runTool(kcat, {"-b", others, "-L", "-t", "ctl-t"}).out);
        QVERIFY2(!listing.contains("leader 1,"), qPrintable(listing));
        QCOMPARE(runTool(kcat, {"-b", others, "-P", "-K:", "-t", "ctl-t"}, second).exitCode, 0);
        auto consumed = runTool(kcat, {"-b", others, "-C", "-e", "-q", "-o", "beginning", "-t", "ctl-t"});
        QCOMPARE(QString::fromUtf8(consumed.out).split('\n', Qt::SkipEmptyParts).size(), 100);

        QCOMPARE(httpRequest(broker_.controlPort(), "POST", "/v1/brokers/1/start", token).status, 200);
        listing = QString::fromUtf8(runTool(kcat, {"-b", broker_.bootstrap(), "-L", "-t", "ctl-t"}).out);
        const QRegularExpression isr(R"(isrs: (\d(,\d)*))");
        int partitions = 0;
        for (auto it = isr.globalMatch(listing); it.hasNext(); ++partitions) {
            QCOMPARE(it.next().captured(1).split(',').size(), 3);
        }
        QCOMPARE(partitions, 3);
    }

    void unknownEndpointIs404() {
        QCOMPARE(httpRequest(broker_.controlPort(), "GET", "/v1/nothing", broker_.token()).status, 404);
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerControlApi)
#include "test_broker_control_api.moc"
