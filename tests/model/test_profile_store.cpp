// ProfileStore on a real QSettings file: what persists, what never reaches the file, and how
// importing and exporting treat secrets, bad files and clashing names.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "model/client_properties.h"
#include "model/profiles/profile_store.h"

using namespace tideline::model;

namespace {

const QString kSaslPassword = QStringLiteral("hunter2-sasl-XYZ");
const QString kClientSecret = QStringLiteral("oauth-client-secret-ABC");

ConnectionProfile sampleProfile(const QString& name) {
    ConnectionProfile profile;
    profile.name = name;
    profile.bootstrapServers = "kafka-1:9092,kafka-2:9092";
    profile.securityProtocol = SecurityProtocol::SaslSsl;
    profile.saslMechanism = "SCRAM-SHA-512";
    profile.saslUser = "alice";
    profile.extraProperties = {{"client.rack", "eu-west-1a"}};
    profile.colour = "#aa3300";
    return profile;
}

}  // namespace

class TestProfileStore : public QObject {
    Q_OBJECT

private:
    QString settingsPath() const { return dir_->filePath("tideline.ini"); }
    std::unique_ptr<QSettings> openSettings() const {
        return std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat);
    }
    QByteArray settingsFileContents() const {
        QFile file(settingsPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    std::unique_ptr<QTemporaryDir> dir_;
    InMemorySecretStore secrets_;

private slots:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        secrets_ = InMemorySecretStore();
    }

    void profilesPersistAcrossStores() {
        auto settings = openSettings();
        {
            ProfileStore store(*settings, secrets_);
            QCOMPARE(store.add(sampleProfile("prod"), {}), QString());
            ConnectionProfile staging = sampleProfile("staging");
            staging.readOnly = true;
            QCOMPARE(store.add(staging, {}), QString());
            QCOMPARE(store.setLastUsed("staging"), QString());
        }
        auto reopened = openSettings();
        ProfileStore store(*reopened, secrets_);
        QCOMPARE(store.profiles().size(), 2);
        QCOMPARE(store.profiles().at(0), sampleProfile("prod"));
        QVERIFY(store.profile("staging")->readOnly);
        QCOMPARE(store.lastUsed(), QString("staging"));
    }

    void refusesDuplicatesInvalidAndUnknownNames() {
        auto settings = openSettings();
        ProfileStore store(*settings, secrets_);
        QCOMPARE(store.add(sampleProfile("prod"), {}), QString());
        QCOMPARE(store.add(sampleProfile("prod"), {}), QString("A connection named 'prod' already exists."));
        ConnectionProfile broken = sampleProfile("broken");
        broken.bootstrapServers = "no-port";
        QVERIFY(store.add(broken, {}).contains("host:port"));
        QCOMPARE(store.update("ghost", sampleProfile("ghost"), std::nullopt),
                 QString("There is no connection named 'ghost'."));
        QCOMPARE(store.remove("ghost"), QString("There is no connection named 'ghost'."));
        QCOMPARE(store.setLastUsed("ghost"), QString("There is no connection named 'ghost'."));
        QCOMPARE(store.add(sampleProfile("staging"), {}), QString());
        QCOMPARE(store.update("staging", sampleProfile("prod"), std::nullopt),
                 QString("A connection named 'prod' already exists."));
        QCOMPARE(store.profiles().size(), 2);
    }

    void secretsGoToTheSecretStoreNeverToTheFile() {
        auto settings = openSettings();
        ProfileStore store(*settings, secrets_);
        ConnectionProfile profile = sampleProfile("prod");
        profile.extraProperties.insert("sasl.oauthbearer.client.secret", kClientSecret);
        SessionSecrets secrets;
        secrets.saslPassword = kSaslPassword;
        QString written = "not called";
        QCOMPARE(store.add(profile, secrets, [&](const QString& error) { written = error; }), QString());
        QCOMPARE(written, QString());

        settings->sync();
        const QByteArray file = settingsFileContents();
        QVERIFY(file.contains("kafka-1:9092"));
        QVERIFY(!file.contains(kSaslPassword.toUtf8()));
        QVERIFY(!file.contains(kClientSecret.toUtf8()));
        QVERIFY(!store.profile("prod")->extraProperties.contains("sasl.oauthbearer.client.secret"));

        SessionSecrets loaded;
        store.loadSecrets("prod", [&](const SessionSecrets& s, const QString& error) {
            QCOMPARE(error, QString());
            loaded = s;
        });
        QCOMPARE(loaded.saslPassword, kSaslPassword);
        QCOMPARE(loaded.secretProperties.value("sasl.oauthbearer.client.secret"), kClientSecret);
        // The session gets the secret property back from the secrets, not from the profile.
        const ClientProperties properties = clientProperties(*store.profile("prod"), loaded, {});
        QVERIFY(properties.contains(
            std::pair<QByteArray, QByteArray>("sasl.oauthbearer.client.secret", kClientSecret.toUtf8())));
    }

    void renameCarriesSecretsAndRemoveDeletesThem() {
        auto settings = openSettings();
        ProfileStore store(*settings, secrets_);
        SessionSecrets secrets;
        secrets.saslPassword = kSaslPassword;
        QCOMPARE(store.add(sampleProfile("prod"), secrets), QString());
        QCOMPARE(store.setLastUsed("prod"), QString());

        ConnectionProfile renamed = sampleProfile("production");
        QString done = "not called";
        QCOMPARE(store.update("prod", renamed, std::nullopt, [&](const QString& e) { done = e; }), QString());
        QCOMPARE(done, QString());
        QVERIFY(!secrets_.entries().contains(ProfileStore::secretKey("prod")));
        QVERIFY(secrets_.entries().contains(ProfileStore::secretKey("production")));
        QCOMPARE(store.lastUsed(), QString("production"));

        QCOMPARE(store.remove("production"), QString());
        QVERIFY(secrets_.entries().isEmpty());
        QCOMPARE(store.lastUsed(), QString());
        QVERIFY(store.profiles().isEmpty());
    }

    void updateWithoutSecretsKeepsTheStoredOnes() {
        auto settings = openSettings();
        ProfileStore store(*settings, secrets_);
        SessionSecrets secrets;
        secrets.saslPassword = kSaslPassword;
        QCOMPARE(store.add(sampleProfile("prod"), secrets), QString());

        // A new secret property joins the stored password; the profile is saved without it.
        ConnectionProfile changed = sampleProfile("prod");
        changed.extraProperties.insert("sasl.oauthbearer.client.secret", kClientSecret);
        changed.colour = "#00ff00";
        QString done = "not called";
        QCOMPARE(store.update("prod", changed, std::nullopt, [&](const QString& e) { done = e; }), QString());
        QCOMPARE(done, QString());
        QCOMPARE(store.profile("prod")->colour, QString("#00ff00"));
        SessionSecrets loaded;
        store.loadSecrets("prod", [&](const SessionSecrets& s, const QString&) { loaded = s; });
        QCOMPARE(loaded.saslPassword, kSaslPassword);
        QCOMPARE(loaded.secretProperties.value("sasl.oauthbearer.client.secret"), kClientSecret);

        // Secrets given replace the stored ones entirely.
        SessionSecrets replaced;
        replaced.saslPassword = "new-password";
        QCOMPARE(store.update("prod", sampleProfile("prod"), replaced), QString());
        store.loadSecrets("prod", [&](const SessionSecrets& s, const QString&) { loaded = s; });
        QCOMPARE(loaded, replaced);
    }

    void secretStoreFailuresAreReported() {
        auto settings = openSettings();
        ProfileStore store(*settings, secrets_);
        secrets_.failWith("keychain locked");
        QString done;
        SessionSecrets secrets;
        secrets.saslPassword = kSaslPassword;
        QCOMPARE(store.add(sampleProfile("prod"), secrets, [&](const QString& e) { done = e; }), QString());
        QCOMPARE(done, QString("keychain locked"));
    }

    void exportHasNoSecretsAndImportRenamesClashes() {
        auto settings = openSettings();
        ProfileStore store(*settings, secrets_);
        ConnectionProfile profile = sampleProfile("prod");
        profile.readOnly = true;
        profile.extraProperties.insert("ssl.key.password", "key-pass-QQQ");
        SessionSecrets secrets;
        secrets.saslPassword = kSaslPassword;
        QCOMPARE(store.add(profile, secrets), QString());

        const QByteArray exported = store.exportJson();
        QVERIFY(!exported.contains(kSaslPassword.toUtf8()));
        QVERIFY(!exported.contains("key-pass-QQQ"));
        const QJsonObject root = QJsonDocument::fromJson(exported).object();
        QCOMPARE(root.value("format").toString(), QString("tideline-connections"));
        QCOMPARE(root.value("profiles").toArray().size(), 1);

        // Importing the same file twice never replaces: the copies get the next free names.
        ProfileImport first = store.importJson(exported);
        QCOMPARE(first.error, QString());
        QCOMPARE(first.renamed, (QList<std::pair<QString, QString>>{{"prod", "prod (2)"}}));
        ProfileImport second = store.importJson(exported);
        QCOMPARE(second.renamed, (QList<std::pair<QString, QString>>{{"prod", "prod (3)"}}));
        QCOMPARE(store.profiles().size(), 3);
        QVERIFY(store.profile("prod (3)")->readOnly);
        // Imported profiles have no secrets.
        QVERIFY(!secrets_.entries().contains(ProfileStore::secretKey("prod (2)")));
    }

    void importRefusesBadFilesWhole_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("not json") << QByteArray("{\"profiles\": [") << QString("not valid JSON");
        QTest::newRow("other format") << QByteArray(R"({"format":"kafka-ui","profiles":[]})")
                                      << QString("not a Tideline connections file");
        QTest::newRow("newer") << QByteArray(R"({"format":"tideline-connections","version":7,"profiles":[]})")
                               << QString("newer Tideline");
        QTest::newRow("no list") << QByteArray(R"({"format":"tideline-connections"})")
                                 << QString("no 'profiles' list");
        QTest::newRow("entry not object") << QByteArray(R"([{"name":"a","bootstrapServers":"a:1"}, 5])")
                                          << QString("Profile 2 is not a JSON object");
        QTest::newRow("wrong type") << QByteArray(
                                           R"([{"name":"a","bootstrapServers":"a:1","readOnly":"yes"}])")
                                    << QString("Profile 1: 'readOnly' must be true or false");
        QTest::newRow("invalid") << QByteArray(R"([{"name":"ok","bootstrapServers":"a:1"},
                                                   {"name":"bad","bootstrapServers":"a:99999"}])")
                                 << QString("Profile 2 ('bad'): Bootstrap server");
    }

    void importRefusesBadFilesWhole() {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        auto settings = openSettings();
        ProfileStore store(*settings, secrets_);
        const ProfileImport result = store.importJson(json);
        QVERIFY2(result.error.contains(error), qPrintable(result.error));
        QVERIFY(result.profiles.isEmpty());
        QVERIFY(store.profiles().isEmpty());
    }

    void importDropsSecretsThatSlippedIn() {
        const ProfileImport result = importProfiles(
            R"([{"name":"a","bootstrapServers":"a:1","extraProperties":{"sasl.password":"x","linger.ms":"5"}},
                {"name":"a","bootstrapServers":"b:1"}])",
            {});
        QCOMPARE(result.error, QString());
        QCOMPARE(result.profiles.size(), 2);
        QCOMPARE(result.profiles.at(0).extraProperties, (QMap<QString, QString>{{"linger.ms", "5"}}));
        QCOMPARE(result.profiles.at(1).name, QString("a (2)"));
    }

    // The real keychain: on a desktop it stores and reads back; without one (a CI container) it must
    // say so, and in neither case may the secret reach a plain file.
    void keychainStoreAnswersAndNeverFallsBackToAFile() {
        KeychainSecretStore keychain("Tideline-test");
        bool answered = false;
        QString error;
        keychain.write("probe", kSaslPassword, [&](const QString& e) {
            answered = true;
            error = e;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 15000);
        if (error.isEmpty()) {
            std::optional<QString> read;
            bool readAnswered = false;
            keychain.read("probe", [&](const std::optional<QString>& secret, const QString&) {
                read = secret;
                readAnswered = true;
            });
            QTRY_VERIFY_WITH_TIMEOUT(readAnswered, 15000);
            QCOMPARE(read, std::optional<QString>(kSaslPassword));
            bool removed = false;
            keychain.remove("probe", [&](const QString& e) { removed = e.isEmpty(); });
            QTRY_VERIFY_WITH_TIMEOUT(removed, 15000);
        } else {
            QVERIFY(error.startsWith("The system keychain refused"));
            qInfo("No usable keychain here: %s", qPrintable(error));
        }
        // QtKeychain's insecure fallback would have written to the application's default QSettings.
        QSettings fallback;
        for (const QString& key : fallback.allKeys()) {
            QVERIFY(!fallback.value(key).toString().contains(kSaslPassword));
        }
    }
};

QTEST_GUILESS_MAIN(TestProfileStore)
#include "test_profile_store.moc"
