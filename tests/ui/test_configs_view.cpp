// Topic configs edited in place and broker configs shown, against a real tideline-broker: a value
// typed into the Value column asks first, is applied through AlterConfigs and shows as an override;
// the cluster's refusal of a bad value is shown as its text; "Reset to default" drops the override;
// broker configs show values and sources but no editing; read-only profiles edit nothing.
#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "model/models/config_model.h"
#include "support/broker_process.h"
#include "ui/main_window.h"
#include "ui/pages/brokers_page.h"
#include "ui/pages/topic_page.h"
#include "ui/widgets/configs_view.h"

using namespace tideline::ui;
using tideline::model::ConfigModel;

namespace {

constexpr int kWaitMs = 30000;

QModelIndex rowOf(ConfigsView* view, const QString& name, int column) {
    const QAbstractItemModel* model = view->table()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, column);
        if (index.data(ConfigModel::KeyRole).toString() == name) {
            return index;
        }
    }
    return {};
}

QString valueOf(ConfigsView* view, const QString& name) {
    return rowOf(view, name, ConfigModel::ValueColumn).data().toString();
}

bool isOverride(ConfigsView* view, const QString& name) {
    return rowOf(view, name, ConfigModel::ValueColumn).data(ConfigModel::IsOverrideRole).toBool();
}

// Answers the confirmation the view opens next.
void answer(QSignalSpy& opened, QMessageBox::StandardButton button) {
    QTRY_COMPARE(opened.size(), 1);
    auto* box = qobject_cast<QMessageBox*>(opened.takeFirst().at(0).value<QWidget*>());
    QVERIFY(box != nullptr);
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
    QTest::mouseClick(box->button(button), Qt::LeftButton);
}

}  // namespace

class TestConfigsView : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_configs_view");
        QVERIFY2(broker_.start(1, work_.filePath("cluster")), qPrintable(broker_.output()));
        const auto produced = tideline::testing::runTool(
            "kcat", {"-P", "-b", broker_.bootstrap(), "-t", "orders"}, "x\n", 30000);
        QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
    }

    void editTopicConfigsInPlace() {
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        window.selectCluster(window.addBootstrapCluster(broker_.bootstrap()));
        window.showPage({PageId::Topic, "orders"});
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.currentPageHasData(), kWaitMs);
        TopicPage* page = window.topicPage();
        page->tabs()->setCurrentWidget(page->configs());
        ConfigsView* configs = page->configs();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(configs, "retention.ms", 0).isValid(), kWaitMs);
        const QString original = valueOf(configs, "retention.ms");
        QVERIFY(!isOverride(configs, "retention.ms"));
        QVERIFY(configs->editable("retention.ms"));
        QSignalSpy opened(configs, &ConfigsView::dialogOpened);
        QSignalSpy finished(configs, &ConfigsView::changeFinished);

        // Type into the Value cell; Cancel changes nothing.
        const auto typeValue = [&](const QString& text) {
            const QModelIndex index = rowOf(configs, "retention.ms", ConfigModel::ValueColumn);
            configs->table()->setCurrentIndex(index);
            configs->table()->edit(index);
            auto* editor = configs->table()->viewport()->findChild<QLineEdit*>();
            QVERIFY(editor != nullptr);
            QCOMPARE(editor->text(), valueOf(configs, "retention.ms"));
            editor->selectAll();
            QTest::keyClicks(editor, text);
            QTest::keyClick(editor, Qt::Key_Return);
        };
        typeValue("3600000");
        answer(opened, QMessageBox::Cancel);
        QTest::qWait(500);
        QCOMPARE(finished.size(), 0);
        QCOMPARE(valueOf(configs, "retention.ms"), original);

        // Yes: applied, and shown as this topic's override.
        typeValue("3600000");
        answer(opened, QMessageBox::Yes);
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.takeFirst().at(0).toString(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(valueOf(configs, "retention.ms"), QString("3600000"), kWaitMs);
        QVERIFY(isOverride(configs, "retention.ms"));
        QVERIFY(configs->status()->text().contains("retention.ms is now 3600000"));
        const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR", work_.path());
        QVERIFY(window.grab().save(dir + "/topic-configs.png"));

        // A value the cluster refuses: its text is shown, the value stays.
        typeValue("soon");
        answer(opened, QMessageBox::Yes);
        QVERIFY(finished.wait(kWaitMs));
        const QString refusal = finished.takeFirst().at(0).toString();
        QVERIFY(!refusal.isEmpty());
        QVERIFY2(configs->status()->text().contains("refused") && configs->status()->text().contains(refusal),
                 qPrintable(configs->status()->text()));
        QCOMPARE(valueOf(configs, "retention.ms"), QString("3600000"));

        // Reset to default drops the override.
        configs->table()->setCurrentIndex(rowOf(configs, "retention.ms", ConfigModel::NameColumn));
        QVERIFY(configs->resetAction()->isVisible());
        configs->resetAction()->trigger();
        answer(opened, QMessageBox::Yes);
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.takeFirst().at(0).toString(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(!isOverride(configs, "retention.ms"), kWaitMs);
        QCOMPARE(valueOf(configs, "retention.ms"), original);

        // Broker configs: values with their source, nothing editable.
        window.showPage({PageId::Brokers, "1"});
        ConfigsView* brokerConfigs = window.brokersPage()->configs();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(brokerConfigs, "log.retention.hours", 0).isValid() ||
                                     brokerConfigs->table()->model()->rowCount() > 5,
                                 kWaitMs);
        QCOMPARE(brokerConfigs->configs()->resource().type, tideline::model::ConfigResourceType::Broker);
        QCOMPARE(brokerConfigs->configs()->resource().name, QString("1"));
        const QModelIndex first = brokerConfigs->table()->model()->index(0, ConfigModel::SourceColumn);
        QVERIFY(!first.data().toString().isEmpty());
        QVERIFY(!brokerConfigs->editable(first.data(ConfigModel::KeyRole).toString()));
        QVERIFY(!brokerConfigs->resetAction()->isVisible());
        QVERIFY(window.grab().save(dir + "/broker-configs.png"));
    }

    void readOnlyProfilesEditNothing() {
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        tideline::model::ConnectionProfile profile;
        profile.name = "look only";
        profile.bootstrapServers = broker_.bootstrap();
        profile.readOnly = true;
        window.selectCluster(window.addProfileCluster(profile));
        window.showPage({PageId::Topic, "orders"});
        window.show();
        TopicPage* page = window.topicPage();
        page->tabs()->setCurrentWidget(page->configs());
        ConfigsView* configs = page->configs();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(configs, "retention.ms", 0).isValid(), kWaitMs);
        QVERIFY(!configs->editable("retention.ms"));
        QVERIFY(!configs->resetAction()->isVisible());
        const QModelIndex index = rowOf(configs, "retention.ms", ConfigModel::ValueColumn);
        QVERIFY(!configs->table()->model()->flags(index).testFlag(Qt::ItemIsEditable));
    }

    void cleanupTestCase() { QVERIFY(broker_.stop()); }
};

QTEST_MAIN(TestConfigsView)
#include "test_configs_view.moc"
