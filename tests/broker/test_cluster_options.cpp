#include <QtTest>
#include <cstdlib>
#include <optional>

#include "broker/core/cluster_options.h"

using tideline::broker::ClusterOptions;
using tideline::broker::parseClusterOptions;
using tideline::broker::SaslUser;

namespace {

std::vector<std::string> toArgs(const QStringList& list) {
    std::vector<std::string> args;
    for (const QString& item : list) {
        args.push_back(item.toStdString());
    }
    return args;
}

// Sets or clears an environment variable for one scope, restoring it afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, std::optional<QByteArray> value)
        : name_(name), saved_(qEnvironmentVariableIsSet(name) ? std::optional(qgetenv(name)) : std::nullopt) {
        apply(value);
    }
    ~ScopedEnv() { apply(saved_); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    void apply(const std::optional<QByteArray>& value) {
        if (value) {
            qputenv(name_, *value);
        } else {
            qunsetenv(name_);
        }
    }
    const char* name_;
    std::optional<QByteArray> saved_;
};

}  // namespace

class TestClusterOptions : public QObject {
    Q_OBJECT

private slots:
    void defaults() {
        const auto parsed = parseClusterOptions({});
        QVERIFY2(parsed.options.has_value(), parsed.error.c_str());
        const ClusterOptions& options = *parsed.options;
        QCOMPARE(options.brokers, 3);
        QCOMPARE(options.host, std::string("127.0.0.1"));
        QCOMPARE(options.port, 19092);
        QCOMPARE(options.controlPort, 19644);
        QCOMPARE(options.dataDir, tideline::broker::defaultDataDir());
        QVERIFY(options.settings.empty());
        QVERIFY(options.saslUsers.empty());
        QVERIFY(tideline::broker::validateClusterOptions(options).empty());
    }

    void dataDirFollowsXdgDataHome() {
        const ScopedEnv xdg("XDG_DATA_HOME", QByteArray("/srv/xdg"));
        QCOMPARE(tideline::broker::defaultDataDir().string(), std::string("/srv/xdg/tideline/dev-cluster"));
    }

    void dataDirFallsBackToHome() {
        const ScopedEnv home("HOME", QByteArray("/home/ada"));
        const ScopedEnv unset("XDG_DATA_HOME", std::nullopt);
        QCOMPARE(tideline::broker::defaultDataDir().string(),
                 std::string("/home/ada/.local/share/tideline/dev-cluster"));

        // The XDG spec says relative values must be ignored.
        const ScopedEnv relative("XDG_DATA_HOME", QByteArray("relative/dir"));
        QCOMPARE(tideline::broker::defaultDataDir().string(),
                 std::string("/home/ada/.local/share/tideline/dev-cluster"));
    }

    void parsesEveryOption() {
        const auto parsed = parseClusterOptions(toArgs({
            "--brokers",      "5",
            "--data-dir",     "/tmp/cluster",
            "--host",         "localhost",
            "--port",         "29092",
            "--control-port", "29644",
            "--set",          "log.retention.ms=1000",
            "--set",          "ssl.endpoint.identification.algorithm=",
            "--set",          "a.b=x=y",
            "--sasl-user",    "alice:s3cr:et",
            "--sasl-user",    "bob:pw",
        }));
        QVERIFY2(parsed.options.has_value(), parsed.error.c_str());
        const ClusterOptions& options = *parsed.options;
        QCOMPARE(options.brokers, 5);
        QCOMPARE(options.dataDir.string(), std::string("/tmp/cluster"));
        QCOMPARE(options.host, std::string("localhost"));
        QCOMPARE(options.port, 29092);
        QCOMPARE(options.controlPort, 29644);
        const std::map<std::string, std::string> expectedSettings{
            {"log.retention.ms", "1000"},
            {"ssl.endpoint.identification.algorithm", ""},
            {"a.b", "x=y"},
        };
        QVERIFY(options.settings == expectedSettings);
        const std::vector<SaslUser> expectedUsers{{"alice", "s3cr:et"}, {"bob", "pw"}};
        QVERIFY(options.saslUsers == expectedUsers);
    }

    void shortBrokerFlag() {
        const auto parsed = parseClusterOptions({"-n", "1"});
        QVERIFY2(parsed.options.has_value(), parsed.error.c_str());
        QCOMPARE(parsed.options->brokers, 1);
    }

    void rejects_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("errorMentions");

        QTest::newRow("no brokers") << QStringList{"--brokers", "0"} << "--brokers";
        QTest::newRow("too many brokers") << QStringList{"--brokers", "17"} << "--brokers";
        QTest::newRow("brokers not a number") << QStringList{"--brokers", "three"} << "--brokers";
        QTest::newRow("port zero") << QStringList{"--port", "0"} << "--port";
        QTest::newRow("port too high") << QStringList{"--port", "65536"} << "--port";
        QTest::newRow("control port too high") << QStringList{"--control-port", "70000"} << "--control-port";
        QTest::newRow("ports past 65535") << QStringList{"--port", "65534", "--brokers", "3"} << "no room";
        QTest::newRow("control port among broker ports")
            << QStringList{"--control-port", "19093"} << "collides";
        QTest::newRow("set without equals") << QStringList{"--set", "log.retention.ms"} << "name=value";
        QTest::newRow("set without name") << QStringList{"--set", "=1"} << "name=value";
        QTest::newRow("set with bad name") << QStringList{"--set", "log retention=1"} << "may only hold";
        QTest::newRow("set twice") << QStringList{"--set", "a=1", "--set", "a=2"} << "more than once";
        QTest::newRow("sasl user without password") << QStringList{"--sasl-user", "alice"} << "name:password";
        QTest::newRow("sasl user empty password") << QStringList{"--sasl-user", "alice:"} << "name:password";
        QTest::newRow("sasl user empty name") << QStringList{"--sasl-user", ":pw"} << "name:password";
        QTest::newRow("sasl user twice")
            << QStringList{"--sasl-user", "alice:a", "--sasl-user", "alice:b"} << "more than once";
        QTest::newRow("empty host") << QStringList{"--host", ""} << "--host";
        QTest::newRow("unknown option") << QStringList{"--bogus"} << "--bogus";
    }

    void rejects() {
        QFETCH(QStringList, args);
        QFETCH(QString, errorMentions);
        const auto parsed = parseClusterOptions(toArgs(args));
        QVERIFY2(!parsed.options.has_value(), "options were accepted");
        QVERIFY2(QString::fromStdString(parsed.error).contains(errorMentions),
                 qPrintable("error was: " + QString::fromStdString(parsed.error)));
    }
};

QTEST_GUILESS_MAIN(TestClusterOptions)
#include "test_cluster_options.moc"
