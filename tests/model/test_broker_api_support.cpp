// Reading which APIs each broker serves from librdkafka 2.0.2's "feature" debug log lines, as its log
// callback receives them (the lines below are in the format librdkafka writes).
#include <QtTest>

#include "model/operations/broker_api_support.h"

using namespace tideline::model;

class TestBrokerApiSupport : public QObject {
    Q_OBJECT

private slots:
    void parsesListStartsAndEntries() {
        const auto start = parseApiVersionLogLine(
            "[thrd:127.0.0.1:9092/bootstrap]: 127.0.0.1:9092/bootstrap: Broker API support:");
        QVERIFY(start.has_value());
        QCOMPARE(start->address, QString("127.0.0.1:9092"));
        QVERIFY(start->startsList);
        QVERIFY(!start->range.has_value());

        const auto entry = parseApiVersionLogLine(
            "[thrd:kafka-2.example:19093/2]: kafka-2.example:19093/2:   ApiKey DeleteGroups (42) Versions "
            "0..2");
        QVERIFY(entry.has_value());
        QCOMPARE(entry->address, QString("kafka-2.example:19093"));
        QVERIFY(!entry->startsList);
        QCOMPARE(entry->range, std::optional<ApiVersionRange>(ApiVersionRange{42, 0, 2}));

        QVERIFY(!parseApiVersionLogLine("[thrd:main]: Group \"x\" changed state").has_value());
        QVERIFY(!parseApiVersionLogLine(
                     "[thrd:127.0.0.1:9092/1]: 127.0.0.1:9092/1: Updated enabled protocol features to x")
                     .has_value());
    }

    void answersPerBrokerAddressAndVersionRange() {
        BrokerApiSupport apis;
        QCOMPARE(apis.supports("127.0.0.1:9092", 42, 0, 1), std::nullopt);  // never connected

        apis.noteLog("APIVERSION",
                     "[thrd:127.0.0.1:9092/bootstrap]: 127.0.0.1:9092/bootstrap: Broker API support:");
        apis.noteLog(
            "APIVERSION",
            "[thrd:127.0.0.1:9092/bootstrap]: 127.0.0.1:9092/bootstrap:   ApiKey Metadata (3) Versions 0..9");
        apis.noteLog("APIVERSION",
                     "[thrd:127.0.0.1:9092/bootstrap]: 127.0.0.1:9092/bootstrap:   ApiKey DeleteGroups (42) "
                     "Versions 0..2");
        apis.noteLog("APIVERSION", "[thrd:127.0.0.1:9093/2]: 127.0.0.1:9093/2: Broker API support:");
        apis.noteLog("APIVERSION",
                     "[thrd:127.0.0.1:9093/2]: 127.0.0.1:9093/2:   ApiKey Metadata (3) Versions 0..9");
        apis.noteLog("APIVERSION", "[thrd:127.0.0.1:9094/3]: 127.0.0.1:9094/3: Broker API support:");
        apis.noteLog("APIVERSION",
                     "[thrd:127.0.0.1:9094/3]: 127.0.0.1:9094/3:   ApiKey DeleteGroups (42) Versions 2..2");
        // Other facilities never count, whatever they say.
        apis.noteLog("PROTOCOL",
                     "[thrd:127.0.0.1:9093/2]: 127.0.0.1:9093/2:   ApiKey DeleteGroups (42) Versions 0..1");

        QCOMPARE(apis.supports("127.0.0.1:9092", 42, 0, 1), std::optional<bool>(true));
        QCOMPARE(apis.supports("127.0.0.1:9093", 42, 0, 1), std::optional<bool>(false));  // not listed
        QCOMPARE(apis.supports("127.0.0.1:9094", 42, 0, 1),
                 std::optional<bool>(false));  // only newer versions
        QCOMPARE(apis.supports("127.0.0.1:9095", 42, 0, 1), std::nullopt);

        // A reconnection lists afresh: what the broker no longer serves is forgotten.
        apis.noteLog("APIVERSION", "[thrd:127.0.0.1:9092/1]: 127.0.0.1:9092/1: Broker API support:");
        apis.noteLog("APIVERSION",
                     "[thrd:127.0.0.1:9092/1]: 127.0.0.1:9092/1:   ApiKey Metadata (3) Versions 0..9");
        QCOMPARE(apis.supports("127.0.0.1:9092", 42, 0, 1), std::optional<bool>(false));
    }
};

QTEST_GUILESS_MAIN(TestBrokerApiSupport)
#include "test_broker_api_support.moc"
