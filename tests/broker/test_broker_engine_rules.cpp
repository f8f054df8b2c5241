// Unit tests of the engine's pure rules: topic names, replica placement, ids, broker settings.
#include <QtTest>

#include <map>
#include <set>

#include "broker/core/broker_config.h"
#include "broker/core/random_ids.h"
#include "broker/core/topic_rules.h"

using namespace tideline::broker;

class TestBrokerEngineRules : public QObject {
    Q_OBJECT

private slots:
    void topicNames_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("legal");
        QTest::newRow("plain") << "orders" << true;
        QTest::newRow("all legal characters") << "a.B_c-9" << true;
        QTest::newRow("249 characters") << QString(249, 'x') << true;
        QTest::newRow("250 characters") << QString(250, 'x') << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("dot") << "." << false;
        QTest::newRow("dot dot") << ".." << false;
        QTest::newRow("space and bang") << "bad name!" << false;
        QTest::newRow("slash") << "a/b" << false;
        QTest::newRow("non-ascii") << QString::fromUtf8("caf\xc3\xa9") << false;
    }

    void topicNames() {
        QFETCH(QString, name);
        QFETCH(bool, legal);
        QCOMPARE(!topic_name_problem(name.toStdString()).has_value(), legal);
    }

    void illegalNameMessageMatchesKafka() {
        QCOMPARE(
            QString::fromStdString(*topic_name_problem("bad name!")),
            QStringLiteral("Topic name \"bad name!\" is illegal, it contains a character other than ASCII "
                           "alphanumerics, '.', '_' and '-'"));
    }

    void dotAndUnderscoreCollide() {
        QVERIFY(topic_names_collide("a.b", "a_b"));
        QVERIFY(!topic_names_collide("a.b", "a.b"));
        QVERIFY(!topic_names_collide("a.b", "a-b"));
    }

    // The pattern of Kafka's AdminUtils for 5 brokers, 10 partitions, RF 3, start 0, shift 0.
    void assignmentFollowsKafka() {
        const auto assignment = assign_replicas({1, 2, 3, 4, 5}, 10, 3, {0, 0, 0});
        const std::vector<std::vector<std::int32_t>> expected = {
            {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 1}, {5, 1, 2},
            {1, 3, 4}, {2, 4, 5}, {3, 5, 1}, {4, 1, 2}, {5, 2, 3},
        };
        QCOMPARE(assignment, expected);
    }

    void assignmentSpreadsLeadersAndNeverRepeatsABroker() {
        for (int start = 0; start < 3; ++start) {
            const auto assignment = assign_replicas({1, 2, 3}, 6, 3, {start, start, 0});
            std::map<std::int32_t, int> leaders;
            for (const auto& replicas : assignment) {
                QCOMPARE(std::set<std::int32_t>(replicas.begin(), replicas.end()).size(), std::size_t{3});
                ++leaders[replicas.front()];
            }
            for (const auto& [broker, count] : leaders) QCOMPARE(count, 2);
        }
    }

    void singleBrokerAssignment() {
        const auto assignment = assign_replicas({1}, 3, 1, {0, 0, 0});
        QCOMPARE(assignment.size(), std::size_t{3});
        for (const auto& replicas : assignment) QCOMPARE(replicas, std::vector<std::int32_t>{1});
    }

    void uuidBase64RoundTrips() {
        for (int i = 0; i < 100; ++i) {
            const auto uuid = random_uuid();
            const auto text = uuid_to_base64(uuid);
            QCOMPARE(text.size(), std::size_t{22});
            QCOMPARE(uuid_from_base64(text), std::optional(uuid));
        }
        QVERIFY(!uuid_from_base64("not a uuid").has_value());
    }

    void randomHexIsHex() {
        const auto token = random_hex(16);
        QCOMPARE(token.size(), std::size_t{32});
        QVERIFY(token.find_first_not_of("0123456789abcdef") == std::string::npos);
        QVERIFY(random_hex(16) != token);
    }

    void configDefaultsSuitDevelopment() {
        const auto one = BrokerConfig::with_defaults(1);
        QCOMPARE(one.default_replication_factor(), std::int16_t{1});
        const auto five = BrokerConfig::with_defaults(5);
        QCOMPARE(five.default_replication_factor(), std::int16_t{3});
        QCOMPARE(five.num_partitions(), 3);
        QVERIFY(five.auto_create_topics());
        QCOMPARE(five.offsets_topic_num_partitions(), 10);
        QCOMPARE(five.message_max_bytes(), 1048588);
        QVERIFY(five.validate().empty());
    }

    void configRejectsUnusableValues() {
        auto config = BrokerConfig::with_defaults(3);
        config.set("num.partitions", "0");
        QVERIFY(config.validate().find("num.partitions") != std::string::npos);
        config = BrokerConfig::with_defaults(3);
        config.set("auto.create.topics.enable", "yes");
        QVERIFY(config.validate().find("auto.create.topics.enable") != std::string::npos);
        config = BrokerConfig::with_defaults(3);
        config.set("some.unknown.setting", "kept");
        QVERIFY(config.validate().empty());
        QCOMPARE(config.get("some.unknown.setting"), std::optional<std::string>("kept"));
    }
};

QTEST_GUILESS_MAIN(TestBrokerEngineRules)
#include "test_broker_engine_rules.moc"
