// The version table the broker serves against what the schemas define, and the header versions.
#include <QtTest>

#include <set>

#include "frame.h"
#include "supported_versions.h"

using namespace tideline::protocol;

class TestProtocolCatalog : public QObject {
    Q_OBJECT

private slots:
    void supportedRangesLieWithinTheSchemas() {
        std::set<std::int16_t> keys;
        for (const auto& api : supported_apis()) {
            const auto* schema = find_api_schema(api.key);
            QVERIFY2(schema, qPrintable(QString("no schema for key %1").arg(api.key)));
            QVERIFY2(api.min_version >= schema->min_version && api.max_version <= schema->max_version,
                     schema->name);
            QVERIFY2(api.min_version <= api.max_version, schema->name);
            QVERIFY2(api.advertised_min_version <= api.min_version, schema->name);
            QVERIFY2(keys.insert(api.key).second, schema->name);
        }
        QCOMPARE(keys.size(), 32u);  // every API the foundation issue lists
    }

    void issueRangesAreServed() {
        const auto produce = supported_api(static_cast<std::int16_t>(ApiKey::Produce));
        QVERIFY(produce);
        QCOMPARE(produce->min_version, std::int16_t{3});
        QCOMPARE(produce->max_version, std::int16_t{9});
        QCOMPARE(produce->advertised_min_version, std::int16_t{0});  // librdkafka compression quirk
        const auto fetch = supported_api(static_cast<std::int16_t>(ApiKey::Fetch));
        QCOMPARE(fetch->min_version, std::int16_t{4});
        QCOMPARE(fetch->max_version, std::int16_t{12});
        QCOMPARE(fetch->advertised_min_version, std::int16_t{4});
        QVERIFY(!supported_api(99));
    }

    void headerVersions() {
        const auto metadata = static_cast<std::int16_t>(ApiKey::Metadata);
        const auto api_versions = static_cast<std::int16_t>(ApiKey::ApiVersions);
        QCOMPARE(request_header_version(metadata, 8), std::int16_t{1});
        QCOMPARE(request_header_version(metadata, 9), std::int16_t{2});
        QCOMPARE(response_header_version(metadata, 8), std::int16_t{0});
        QCOMPARE(response_header_version(metadata, 9), std::int16_t{1});
        // ApiVersions is flexible from v3 in its request header, but its answer always uses v0.
        QCOMPARE(request_header_version(api_versions, 3), std::int16_t{2});
        QCOMPARE(response_header_version(api_versions, 3), std::int16_t{0});
    }
};

QTEST_GUILESS_MAIN(TestProtocolCatalog)
#include "test_protocol_catalog.moc"
