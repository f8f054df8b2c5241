// The topic dialogs and actions against a real tideline-broker: the create dialog refuses invalid
// input before sending anything, creates a topic the topics table then shows, shows the cluster's own
// refusal, deletion needs the typed name, and a read-only profile offers no action that writes.
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "model/models/topics_model.h"
#include "support/broker_process.h"
#include "ui/actions/topic_actions.h"
#include "ui/cluster_connection.h"
#include "ui/dialogs/create_topic_dialog.h"
#include "ui/dialogs/delete_topics_dialog.h"
#include "ui/main_window.h"
#include "ui/pages/topics_page.h"

using namespace tideline::ui;

namespace {

constexpr int kWaitMs = 30000;

bool hasTopic(const ClusterConnection* connection, const QString& name) {
    if (!connection->snapshot()) {
        return false;
    }
    for (const auto& topic : connection->snapshot()->topics) {
        if (topic.name == name) {
            return true;
        }
    }
    return false;
}

// Records the snapshot still holds for `name`: -1 while the topic or its watermarks are unknown.
qint64 retainedRecords(const ClusterConnection* connection, const QString& name) {
    if (!connection->snapshot()) {
        return -1;
    }
    for (const auto& topic : connection->snapshot()->topics) {
        if (topic.name != name) {
            continue;
        }
        qint64 retained = 0;
        for (const auto& partition : topic.partitions) {
            if (!partition.lowWatermark || !partition.highWatermark) {
                return -1;
            }
            retained += *partition.highWatermark - *partition.lowWatermark;
        }
        return retained;
    }
    return -1;
}

int tableRowOf(QTableView* table, const QString& name) {
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, tideline::model::TopicsModel::NameColumn).data().toString() == name) {
            return row;
        }
    }
    return -1;
}

TopicActions* topicsTableActions(MainWindow& window) {
    return window.topicsPage()->table()->findChild<TopicActions*>();
}

}  // namespace

class TestTopicActions : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;
    std::unique_ptr<MainWindow> window_;
    QString key_;

    ClusterConnection* connection() const { return window_->connection(key_); }

    void keepShot(QWidget* widget, const QString& name) {
        const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR", work_.path());
        QVERIFY(widget->grab().save(dir + '/' + name));
    }

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_topic_actions");
        QVERIFY2(broker_.start(3, work_.filePath("cluster")), qPrintable(broker_.output()));
        const auto produced = tideline::testing::runTool(
            "kcat", {"-P", "-b", broker_.bootstrap(), "-t", "orders"}, "first\nsecond\n", 30000);
        QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
        window_ = std::make_unique<MainWindow>();
        window_->setSessionOptions(testing::fastSessionOptions());
        key_ = window_->addBootstrapCluster(broker_.bootstrap());
        window_->selectCluster(key_);
        window_->showPage({PageId::Topics, {}});
        window_->show();
        QTRY_VERIFY_WITH_TIMEOUT(connection()->snapshot() && connection()->snapshot()->brokers.size() == 3,
                                 kWaitMs);
    }

    void createDialogRefusesInvalidInput() {
        CreateTopicDialog dialog(connection(), window_.get());
        dialog.show();
        const auto refused = [&](const QString& name, const QString& why) {
            dialog.nameEdit()->setText(name);
            QVERIFY2(!dialog.okButton()->isEnabled(), qPrintable(name));
            QVERIFY2(dialog.validationError().contains(why), qPrintable(dialog.validationError()));
        };
        refused("", "Enter a topic name");
        refused("has space", "not allowed");
        refused("..", "cannot be named");
        refused(QString(250, 'a'), "at most 249");
        refused("caf\u00e9", "not allowed");
        dialog.nameEdit()->setText("valid.name_1-x");
        QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(dialog.validationError()));

        dialog.replicationEdit()->setValue(4);
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY2(dialog.validationError().contains("the cluster has 3"),
                 qPrintable(dialog.validationError()));
        dialog.replicationEdit()->setValue(3);
        QVERIFY(dialog.okButton()->isEnabled());

        dialog.configsEdit()->setPlainText("retention.ms 1000");
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY2(dialog.validationError().contains("line 1"), qPrintable(dialog.validationError()));
        dialog.configsEdit()->setPlainText("retention.ms=1000\nretention.ms=2000");
        QVERIFY2(dialog.validationError().contains("set twice"), qPrintable(dialog.validationError()));
        dialog.configsEdit()->setPlainText("retention.ms=1000");
        QVERIFY(dialog.okButton()->isEnabled());

        // Invalid input never reaches the cluster.
        dialog.nameEdit()->setText("never sent!");
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QTest::qWait(1500);
        QVERIFY(!hasTopic(connection(), "never sent!"));
        dialog.nameEdit()->setText("bad name");
        keepShot(&dialog, "create-topic-invalid.png");
    }

    void createTopicThroughDialog() {
        auto* actions = topicsTableActions(*window_);
        QVERIFY(actions != nullptr);
        actions->update();
        QVERIFY(actions->createAction()->isVisible());
        QVERIFY(actions->createAction()->isEnabled());
        QSignalSpy opened(actions, &TopicActions::dialogOpened);
        actions->createAction()->trigger();
        QCOMPARE(opened.size(), 1);
        auto* dialog = qobject_cast<CreateTopicDialog*>(opened.first().first().value<QWidget*>());
        QVERIFY(dialog != nullptr);
        QSignalSpy finished(dialog, &QDialog::finished);
        dialog->nameEdit()->setText("made.by-dialog");
        dialog->partitionsEdit()->setValue(4);
        dialog->replicationEdit()->setValue(2);
        dialog->configsEdit()->setPlainText("retention.ms=3600000");
        QVERIFY2(dialog->okButton()->isEnabled(), qPrintable(dialog->validationError()));
        keepShot(dialog, "create-topic.png");
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().first().toInt(), int(QDialog::Accepted));

        QTRY_VERIFY_WITH_TIMEOUT(hasTopic(connection(), "made.by-dialog"), kWaitMs);
        QTableView* table = window_->topicsPage()->table();
        QTRY_VERIFY_WITH_TIMEOUT(tableRowOf(table, "made.by-dialog") >= 0, kWaitMs);
        const int row = tableRowOf(table, "made.by-dialog");
        QCOMPARE(table->model()->index(row, tideline::model::TopicsModel::PartitionsColumn).data().toInt(),
                 4);
        QCOMPARE(table->model()->index(row, tideline::model::TopicsModel::ReplicationColumn).data().toInt(),
                 2);
    }

    void existingNameAndClusterRefusal() {
        CreateTopicDialog dialog(connection(), window_.get());
        dialog.show();
        dialog.nameEdit()->setText("made.by-dialog");
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY2(dialog.validationError().contains("exists already"), qPrintable(dialog.validationError()));
        dialog.nameEdit()->setText("made_by-dialog");
        QVERIFY2(dialog.validationError().contains("collides"), qPrintable(dialog.validationError()));

        // A limit only the cluster knows (tideline-broker takes at most 10,000 partitions per topic):
        // its error text is shown and the dialog stays open.
        dialog.nameEdit()->setText("too-wide");
        dialog.partitionsEdit()->setValue(10001);
        QVERIFY(dialog.okButton()->isEnabled());
        QSignalSpy finished(&dialog, &QDialog::finished);
        dialog.accept();
        QTRY_VERIFY2_WITH_TIMEOUT(dialog.statusText().startsWith("The cluster refused"),
                                  qPrintable(dialog.statusText()), kWaitMs);
        QVERIFY2(dialog.statusText().contains("10000"), qPrintable(dialog.statusText()));
        QVERIFY(finished.isEmpty());
        QVERIFY(dialog.okButton()->isEnabled());
        keepShot(&dialog, "create-topic-refused.png");
        QTest::qWait(1500);
        QVERIFY(!hasTopic(connection(), "too-wide"));
    }

    void purgeAsksFirstThenEmptiesTheTopic() {
        QTableView* table = window_->topicsPage()->table();
        QTRY_COMPARE_WITH_TIMEOUT(retainedRecords(connection(), "orders"), qint64(2), kWaitMs);
        const int row = tableRowOf(table, "orders");
        QVERIFY(row >= 0);
        table->selectRow(row);
        auto* actions = topicsTableActions(*window_);
        QSignalSpy opened(actions, &TopicActions::dialogOpened);
        actions->purgeAction()->trigger();
        QCOMPARE(opened.size(), 1);
        auto* box = qobject_cast<QMessageBox*>(opened.first().first().value<QWidget*>());
        QVERIFY(box != nullptr);
        QCOMPARE(box->objectName(), QString("purgeConfirmation"));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
        QVERIFY(box->text().contains("orders"));
        box->button(QMessageBox::Yes)->click();
        QTRY_COMPARE_WITH_TIMEOUT(retainedRecords(connection(), "orders"), qint64(0), kWaitMs);
    }

    void deleteNeedsTheTypedName() {
        QTableView* table = window_->topicsPage()->table();
        const int row = tableRowOf(table, "made.by-dialog");
        QVERIFY(row >= 0);
        // The Delete shortcut belongs to the table, so the table needs the keyboard focus.
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        table->setFocus();
        table->selectRow(row);
        auto* actions = topicsTableActions(*window_);
        QSignalSpy opened(actions, &TopicActions::dialogOpened);
        QTest::keyClick(table, Qt::Key_Delete);
        QCOMPARE(opened.size(), 1);
        auto* dialog = qobject_cast<DeleteTopicsDialog*>(opened.first().first().value<QWidget*>());
        QVERIFY(dialog != nullptr);
        QCOMPARE(dialog->confirmationText(), QString("made.by-dialog"));
        QVERIFY(!dialog->deleteButton()->isEnabled());
        dialog->confirmEdit()->setText("made.by-dialo");
        QVERIFY(!dialog->deleteButton()->isEnabled());
        dialog->confirmEdit()->setText("made.by-dialog");
        QVERIFY(dialog->deleteButton()->isEnabled());
        keepShot(dialog, "delete-topic.png");
        QSignalSpy finished(dialog, &QDialog::finished);
        QTest::mouseClick(dialog->deleteButton(), Qt::LeftButton);
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().first().toInt(), int(QDialog::Accepted));
        QTRY_VERIFY_WITH_TIMEOUT(!hasTopic(connection(), "made.by-dialog"), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(tableRowOf(table, "made.by-dialog") < 0, kWaitMs);
    }

    void readOnlyProfileOffersNoMutatingAction() {
        tideline::model::ConnectionProfile profile;
        profile.name = "production (read-only)";
        profile.bootstrapServers = broker_.bootstrap();
        profile.readOnly = true;
        profile.colour = "#cf222e";
        const QString key = window_->addProfileCluster(profile);
        window_->selectCluster(key);
        ClusterConnection* readOnly = window_->connection(key);
        QTRY_VERIFY_WITH_TIMEOUT(readOnly->snapshot().has_value(), kWaitMs);
        window_->showPage({PageId::Topics, {}});
        QTableView* table = window_->topicsPage()->table();
        QTRY_VERIFY_WITH_TIMEOUT(tableRowOf(table, "orders") >= 0, kWaitMs);

        const QList<TopicActions*> all = window_->findChildren<TopicActions*>();
        QVERIFY(all.size() >= 2);  // the topics table and the topic page
        for (TopicActions* actions : all) {
            actions->update();
            for (QAction* action : actions->mutatingActions()) {
                QVERIFY2(!action->isVisible(), qPrintable(action->text()));
                QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
            }
        }
        // The shortcuts lead nowhere either.
        auto* actions = topicsTableActions(*window_);
        QSignalSpy opened(actions, &TopicActions::dialogOpened);
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        table->setFocus();
        table->selectRow(tableRowOf(table, "orders"));
        QTest::keyClick(table, Qt::Key_Delete);
        actions->deleteTopics();
        actions->createTopic();
        QCOMPARE(opened.size(), 0);

        // Back on the writable cluster, they return.
        window_->selectCluster(key_);
        actions->update();
        QVERIFY(actions->createAction()->isVisible());
        QVERIFY(actions->createAction()->isEnabled());
    }

    void cleanupTestCase() {
        window_.reset();
        QVERIFY(broker_.stop());
    }
};

QTEST_MAIN(TestTopicActions)
#include "test_topic_actions.moc"
