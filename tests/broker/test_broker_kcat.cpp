// kcat (librdkafka) against a real 3-broker tideline-broker: metadata listing, and every
// compression codec through produce and consume.
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "support/broker_process.h"

using tideline::testing::BrokerProcess;
using tideline::testing::runTool;

namespace {

const QString kKcat = QStringLiteral("/usr/bin/kcat");
constexpr int kRecordsPerCodec = 100'000;

QByteArray keyedRecords(const QString& tag, int count) {
    QByteArray lines;
    for (int i = 0; i < count; ++i) lines += QStringLiteral("key-%1:%2-value-%1\n").arg(i).arg(tag).toUtf8();
    return lines;
}

QStringList sortedLines(const QByteArray& text) {
    auto lines = QString::fromUtf8(text).split('\n', Qt::SkipEmptyParts);
    lines.sort();
    return lines;
}

}  // namespace

class TestBrokerKcat : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!QFile::exists(kKcat)) QSKIP("kcat is not installed");
        QVERIFY(dataDir_.isValid());
        QVERIFY2(broker_.start(3, dataDir_.path()), qPrintable(broker_.output()));
    }

    void cleanupTestCase() { QVERIFY2(broker_.stop(), qPrintable(broker_.output())); }

    void metadataListsBrokersAndTopics() {
        // -t with a new name makes librdkafka ask for it, which auto-creates it with the defaults.
        auto run = runTool(kKcat, {"-b", broker_.bootstrap(), "-L", "-t", "kcat-auto", "-m", "10"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        run = runTool(kKcat, {"-b", broker_.bootstrap(), "-L", "-m", "10"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto listing = QString::fromUtf8(run.out);
        QVERIFY2(listing.contains(" 3 brokers:"), qPrintable(listing));
        for (int id = 1; id <= 3; ++id) {
            QVERIFY2(
                listing.contains(QStringLiteral("broker %1 at 127.0.0.1:%2").arg(id).arg(broker_.port(id))),
                qPrintable(listing));
        }
        QVERIFY2(listing.contains("(controller)"), qPrintable(listing));
        QVERIFY2(listing.contains("topic \"kcat-auto\" with 3 partitions:"), qPrintable(listing));
        // Every partition has a leader and three replicas, all in sync.
        const QRegularExpression partition(
            R"(partition (\d), leader (\d), replicas: (\d,\d,\d), isrs: (\d,\d,\d))");
        int partitions = 0;
        for (auto it = partition.globalMatch(listing); it.hasNext(); ++partitions) {
            const auto match = it.next();
            QVERIFY(match.captured(3).contains(match.captured(2)));
            QCOMPARE(match.captured(4).split(',').size(), 3);
        }
        QCOMPARE(partitions, 3);
    }

    void everyCodecRoundTrips_data() {
        QTest::addColumn<QString>("codec");
        for (const char* codec : {"none", "gzip", "snappy", "lz4", "zstd"}) QTest::newRow(codec) << codec;
    }

    void everyCodecRoundTrips() {
        QFETCH(QString, codec);
        const auto topic = "kcat-" + codec;
        const auto records = keyedRecords(codec, kRecordsPerCodec);
        auto produce = runTool(kKcat,
                               {"-b", broker_.bootstrap(), "-P", "-K:", "-t", topic, "-z", codec, "-X",
                                "topic.request.required.acks=-1"},
                               records);
        QVERIFY2(produce.exitCode == 0, produce.err.constData());

        auto consume = runTool(kKcat, {"-b", broker_.bootstrap(), "-C", "-e", "-q", "-o", "beginning", "-t",
                                       topic, "-f", "%k:%s\\n"});
        QVERIFY2(consume.exitCode == 0, consume.err.constData());
        const auto got = sortedLines(consume.out);
        QCOMPARE(got.size(), kRecordsPerCodec);
        QCOMPARE(got, sortedLines(records));
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerKcat)
#include "test_broker_kcat.moc"
