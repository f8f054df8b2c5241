// Connection profiles in the window: the editor's inline validation, "Test connection" against a real
// tideline-broker and against a closed port, and new, remove, import and export through the
// ConnectionActions with a real settings file (secrets in memory: the test machine has no keychain).
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "support/broker_process.h"
#include "ui/actions/connection_actions.h"
#include "ui/cluster_connection.h"
#include "ui/dialogs/connection_dialog.h"
#include "ui/main_window.h"
#include "ui/sidebar.h"

using namespace tideline::ui;
using tideline::model::ConnectionProfile;

namespace {

constexpr int kWaitMs = 30000;

QStringList sidebarNames(MainWindow& window) {
    QStringList names;
    auto* list = window.sidebar()->findChild<QListWidget*>("clusterList");
    for (int row = 0; row < list->count(); ++row) {
        names << list->item(row)->text().section('\n', 0, 0);
    }
    return names;
}

}  // namespace

class TestConnectionProfiles : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;

    void keepShot(QWidget* widget, const QString& name) {
        const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR", work_.path());
        QVERIFY(widget->grab().save(dir + '/' + name));
    }

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_connection_profiles");
        QVERIFY2(broker_.start(2, work_.filePath("cluster")), qPrintable(broker_.output()));
    }

    void editorValidatesInline() {
        ConnectionDialog dialog({}, {}, {"staging"});
        dialog.show();
        QVERIFY(!dialog.okButton()->isEnabled());
        dialog.nameEdit()->setText("staging");
        dialog.serversEdit()->setText(broker_.bootstrap());
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY2(dialog.validationError().contains("named staging already"),
                 qPrintable(dialog.validationError()));
        dialog.nameEdit()->setText("local");
        QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(dialog.validationError()));
        dialog.serversEdit()->setText("no-port-here");
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(!dialog.validationError().isEmpty());
        QVERIFY(!dialog.testButton()->isEnabled());
        dialog.serversEdit()->setText(broker_.bootstrap());
        dialog.extraEdit()->setPlainText("client.id=tideline\nnot a property");
        QVERIFY2(dialog.validationError().contains("line 2"), qPrintable(dialog.validationError()));
        dialog.extraEdit()->setPlainText("client.id=tideline\nsasl.password=hunter2");
        QVERIFY(dialog.okButton()->isEnabled());
        // Secret properties never stay in the profile.
        QCOMPARE(dialog.profile().extraProperties.value("client.id"), QString("tideline"));
        QVERIFY(!dialog.profile().extraProperties.contains("sasl.password"));
        QCOMPARE(dialog.secrets().secretProperties.value("sasl.password"), QString("hunter2"));
        dialog.readOnlyBox()->setChecked(true);
        QVERIFY(dialog.profile().readOnly);
    }

    void testConnectionShowsTheClusterAnswer() {
        ConnectionDialog dialog({}, {}, {});
        dialog.show();
        dialog.nameEdit()->setText("local");
        dialog.serversEdit()->setText(broker_.bootstrap());
        QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
        QVERIFY(!dialog.testButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(dialog.testResult().startsWith("Connected"), kWaitMs);
        QVERIFY2(dialog.testResult().contains("brokers: 2,"), qPrintable(dialog.testResult()));
        QVERIFY(dialog.testButton()->isEnabled());
        keepShot(&dialog, "connection-editor.png");
    }

    void testConnectionShowsTheError() {
        // A port that was free a moment ago: nothing answers there.
        const int port = tideline::testing::findFreePortRange(1);
        ConnectionDialog dialog({}, {}, {});
        dialog.setTestTimeout(std::chrono::milliseconds(1500));
        dialog.show();
        dialog.nameEdit()->setText("nowhere");
        dialog.serversEdit()->setText(QString("127.0.0.1:%1").arg(port));
        QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.testResult().startsWith("Failed"), kWaitMs);
        QVERIFY2(dialog.testResult().size() > QString("Failed: ").size(), qPrintable(dialog.testResult()));
    }

    void profilesInTheSidebar() {
        QSettings settings(work_.filePath("profiles.ini"), QSettings::IniFormat);
        tideline::model::InMemorySecretStore secrets;
        {
            tideline::model::ProfileStore seed(settings, secrets);
            ConnectionProfile saved;
            saved.name = "prod";
            saved.bootstrapServers = broker_.bootstrap();
            saved.readOnly = true;
            saved.colour = "#cf222e";
            QCOMPARE(seed.add(saved, {}), QString());
        }
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        auto* actions = new ConnectionActions(&window, settings, secrets);
        window.show();
        QTRY_VERIFY(sidebarNames(window).contains("prod"));
        auto* list = window.sidebar()->findChild<QListWidget*>("clusterList");
        QVERIFY(list->item(sidebarNames(window).indexOf("prod"))->text().contains("read-only"));

        // New, through the editor.
        QSignalSpy opened(actions, &ConnectionActions::dialogOpened);
        actions->newAction()->trigger();
        QCOMPARE(opened.size(), 1);
        auto* dialog = qobject_cast<ConnectionDialog*>(opened.takeFirst().first().value<QWidget*>());
        QVERIFY(dialog != nullptr);
        dialog->nameEdit()->setText("prod");
        QVERIFY(!dialog->okButton()->isEnabled());
        dialog->nameEdit()->setText("dev");
        dialog->serversEdit()->setText(broker_.bootstrap());
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_VERIFY(sidebarNames(window).contains("dev"));
        QCOMPARE(window.currentCluster(), QString("profile:dev"));
        QVERIFY(actions->store().profile("dev").has_value());
        ClusterConnection* dev = window.currentConnection();
        QTRY_VERIFY_WITH_TIMEOUT(dev->snapshot().has_value(), kWaitMs);
        QCOMPARE(dev->snapshot()->brokers.size(), 2);
        window.resize(1100, 700);
        keepShot(&window, "sidebar-profiles.png");

        // Export, then import: the clashing names come back renamed, never overwritten.
        const QString file = work_.filePath("exported.json");
        actions->exportFile(file);
        QVERIFY(QFile::exists(file));
        actions->importFile(file);
        QVERIFY(actions->store().profile("prod (2)").has_value());
        QVERIFY(actions->store().profile("dev (2)").has_value());
        QTRY_VERIFY(sidebarNames(window).contains("prod (2)"));
        QVERIFY(actions->store().profile("prod (2)")->readOnly);
        QFile broken(work_.filePath("broken.json"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{\"format\": \"tideline-connections\", \"version\": 1, \"profiles\": [");
        broken.close();
        const int before = int(actions->store().profiles().size());
        QSignalSpy problems(actions, &ConnectionActions::problem);
        actions->importFile(broken.fileName());
        QCOMPARE(problems.size(), 1);
        QCOMPARE(int(actions->store().profiles().size()), before);

        // Remove asks first; cancelling keeps it.
        actions->removeAction()->trigger();
        QCOMPARE(opened.size(), 1);
        auto* box = qobject_cast<QMessageBox*>(opened.takeFirst().first().value<QWidget*>());
        QVERIFY(box != nullptr);
        box->button(QMessageBox::Cancel)->click();
        QVERIFY(actions->store().profile("dev").has_value());
        actions->removeAction()->trigger();
        box = qobject_cast<QMessageBox*>(opened.takeFirst().first().value<QWidget*>());
        box->button(QMessageBox::Yes)->click();
        QTRY_VERIFY(!sidebarNames(window).contains("dev"));
        QVERIFY(!actions->store().profile("dev").has_value());
        QCOMPARE(window.currentCluster(), QString("dev-cluster"));
    }

    void cleanupTestCase() { QVERIFY(broker_.stop()); }
};

QTEST_MAIN(TestConnectionProfiles)
#include "test_connection_profiles.moc"
