// kcat (librdkafka) against a real 3-broker tideline-broker: metadata listing, every compression
// codec through produce and consume, and consuming as a group member that commits.
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "support/broker_process.h"
#include "support/raw_kafka_client.h"

using tideline::testing::BrokerProcess;
using tideline::testing::committedOffsets;
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

// Each partition's log end offset as kcat -Q (ListOffsets, latest) reports it.
std::map<std::int32_t, std::int64_t> endOffsets(const BrokerProcess& broker, const QString& topic,
                                                int partitions) {
    QStringList arguments = {"-b", broker.bootstrap(), "-Q"};
    for (int p = 0; p < partitions; ++p) arguments << "-t" << QStringLiteral("%1:%2:-1").arg(topic).arg(p);
    const auto run = runTool(kKcat, arguments);
    std::map<std::int32_t, std::int64_t> ends;
    const QRegularExpression line(QStringLiteral(R"(^%1 \[(\d+)\] offset (\d+)$)").arg(topic),
                                  QRegularExpression::MultilineOption);
    for (auto it = line.globalMatch(QString::fromUtf8(run.out)); it.hasNext();) {
        const auto match = it.next();
        ends[match.captured(1).toInt()] = match.captured(2).toLongLong();
    }
    return ends;
}

}  // namespace

class TestBrokerKcat : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!QFile::exists(kKcat))
            QFAIL("kcat is missing: install the Debian package kcat (installer/deps.sh does)");
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

    void groupConsumesEveryRecordOnceAndCommitsTheEnds() {
        const QString topic = "kcat-group";
        const QString group = "kcat-group-member";
        const auto records = keyedRecords("group", kRecordsPerCodec);
        const auto produce =
            runTool(kKcat, {"-b", broker_.bootstrap(), "-P", "-K:", "-t", topic, "-z", "lz4"}, records);
        QVERIFY2(produce.exitCode == 0, produce.err.constData());

        // A balanced consumer (JoinGroup/SyncGroup, OffsetCommit) reading until every partition ends;
        // librdkafka commits what it has read when it closes.
        const auto consume = runTool(kKcat, {"-b", broker_.bootstrap(), "-G", group, "-e", "-q", "-f",
                                             "%k:%s\\n", "-X", "auto.offset.reset=earliest", topic});
        QVERIFY2(consume.exitCode == 0, consume.err.constData());
        const auto got = sortedLines(consume.out);
        QCOMPARE(got.size(), kRecordsPerCodec);  // with the comparison below: each record exactly once
        QCOMPARE(got, sortedLines(records));

        const auto ends = endOffsets(broker_, topic, 3);
        QCOMPARE(ends.size(), std::size_t(3));
        std::int64_t total = 0;
        for (const auto& [partition, end] : ends) total += end;
        QCOMPARE(total, std::int64_t(kRecordsPerCodec));
        const auto committed = committedOffsets(broker_.port(1), group.toStdString(), topic.toStdString());
        QVERIFY(committed.has_value());
        QCOMPARE(*committed, ends);
    }

private:
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
};

QTEST_GUILESS_MAIN(TestBrokerKcat)
#include "test_broker_kcat.moc"
