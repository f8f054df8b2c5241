// The Ctrl+K quick switcher: its ranking on hand-built items, then against a real tideline-broker:
// Ctrl+K opens it, typing narrows it (substring and letters in order), the arrow keys move, Enter
// jumps to the topic or broker, Esc closes it and nothing changes.
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "model/models/brokers_model.h"
#include "support/broker_process.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/pages/brokers_page.h"
#include "ui/pages/topic_page.h"
#include "ui/switcher/quick_switcher.h"

using namespace tideline::ui;
using Kind = QuickSwitchItem::Kind;

namespace {

constexpr int kWaitMs = 30000;

QStringList names(const QList<QuickSwitchItem>& items) {
    QStringList out;
    for (const QuickSwitchItem& item : items) {
        out << item.name;
    }
    return out;
}

tideline::model::ClusterSnapshot handBuiltSnapshot() {
    tideline::model::ClusterSnapshot snapshot;
    for (qint32 id : {1, 2}) {
        tideline::model::BrokerInfo broker;
        broker.id = id;
        broker.host = id == 1 ? "kafka-a" : "kafka-b";
        broker.port = 9092;
        snapshot.brokers.append(broker);
    }
    for (const char* name : {"orders", "orders-archive-dev", "orders-dev", "payments", "shipments"}) {
        tideline::model::TopicInfo topic;
        topic.name = name;
        topic.partitions.resize(3);
        snapshot.topics.append(topic);
    }
    tideline::model::ConsumerGroupInfo group;
    group.id = "billing-service";
    group.state = "Stable";
    snapshot.groups.append(group);
    return snapshot;
}

}  // namespace

class TestQuickSwitcher : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;

    // The window with the popup drawn where it sits, as a user would see it.
    void keepShot(MainWindow& window, QuickSwitcher* switcher, const QString& name) {
        QImage image = window.grab().toImage();
        QPainter painter(&image);
        painter.drawPixmap(window.mapFromGlobal(switcher->mapToGlobal(QPoint(0, 0))), switcher->grab());
        painter.end();
        const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR", work_.path());
        QVERIFY(image.save(dir + '/' + name));
        QVERIFY(testing::distinctColours(image) > 20);
    }

private slots:
    void initTestCase() { testing::isolateSettings(settingsDir_.path(), "test_quick_switcher"); }

    void scoresPreferExactThenPrefixThenSubstringThenInOrder() {
        QVERIFY(quickSwitchScore("orders", "orders") > quickSwitchScore("orders", "orders-dev"));
        QVERIFY(quickSwitchScore("orders", "orders-dev") > quickSwitchScore("orders", "old-orders"));
        QVERIFY(quickSwitchScore("orders", "old-orders") > quickSwitchScore("orders", "o-r-d-e-r-s"));
        QVERIFY(quickSwitchScore("ORD", "orders") > 0);  // case does not matter
        QCOMPARE(quickSwitchScore("xyz", "orders"), -1);
        QCOMPARE(quickSwitchScore("sro", "orders"), -1);  // letters out of order
        QCOMPARE(quickSwitchScore("", "anything"), 0);
        // Fewer gaps win among letters in order.
        QVERIFY(quickSwitchScore("ordev", "orders-dev") > quickSwitchScore("ordev", "orders-archive-dev"));
    }

    void itemsComeFromTheSnapshot() {
        const auto snapshot = handBuiltSnapshot();
        const QList<QuickSwitchItem> items = quickSwitchItems(&snapshot);
        const auto find = [&](const QString& name) {
            for (const QuickSwitchItem& item : items) {
                if (item.name == name) {
                    return item;
                }
            }
            return QuickSwitchItem{};
        };
        QCOMPARE(find("payments").target, (PageRequest{PageId::Topic, "payments"}));
        QCOMPARE(find("payments").kind, Kind::Topic);
        QCOMPARE(find("billing-service").target, (PageRequest{PageId::Group, "billing-service"}));
        QCOMPARE(find("broker 2").target, (PageRequest{PageId::Brokers, "2"}));
        QCOMPARE(find("broker 2").detail, QString("kafka-b:9092"));
        QCOMPARE(find("Topics").target, (PageRequest{PageId::Topics, {}}));
        // Without a snapshot only the pages are offered.
        QCOMPARE(quickSwitchItems(nullptr).size(), 5);

        QCOMPARE(names(quickSwitchMatches(items, "orders", 10)),
                 QStringList({"orders", "orders-dev", "orders-archive-dev"}));
        QCOMPARE(names(quickSwitchMatches(items, "ordev", 10)).first(), QString("orders-dev"));
        QCOMPARE(names(quickSwitchMatches(items, "bill", 10)), QStringList({"billing-service"}));
        QCOMPARE(quickSwitchMatches(items, "", 3).size(), 3);
        QVERIFY(quickSwitchMatches(items, "qqq", 10).isEmpty());
    }

    void jumpsThroughARealCluster() {
        tideline::testing::BrokerProcess broker;
        QVERIFY2(broker.start(3, work_.filePath("cluster")), qPrintable(broker.output()));
        for (const char* topic : {"orders", "orders-archive", "payments"}) {
            const auto produced = tideline::testing::runTool(
                "kcat", {"-P", "-b", broker.bootstrap(), "-t", topic}, "x\n", 30000);
            QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
        }
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        const QString key = window.addBootstrapCluster(broker.bootstrap());
        window.selectCluster(key);
        window.showPage({PageId::Overview, {}});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto connection = [&] { return window.connection(key); };
        QTRY_VERIFY_WITH_TIMEOUT(connection()->snapshot() && connection()->snapshot()->topics.size() >= 3 &&
                                     connection()->snapshot()->brokers.size() == 3,
                                 kWaitMs);
        QuickSwitcher* switcher = window.quickSwitcher();
        QVERIFY(!switcher->isVisible());

        // Ctrl+K opens it with the focus in its text field; a substring narrows it, Enter jumps.
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        QTRY_VERIFY(switcher->isVisible());
        QTRY_VERIFY(switcher->input()->hasFocus());
        QTest::keyClicks(switcher->input(), "pay");
        QCOMPARE(names(switcher->matches()), QStringList({"payments"}));
        QTest::keyClick(switcher->input(), Qt::Key_Return);
        QVERIFY(!switcher->isVisible());
        QCOMPARE(window.currentPage(), (PageRequest{PageId::Topic, "payments"}));

        // Letters in order match too; Down moves to the second match, which Enter opens.
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        QTRY_VERIFY(switcher->isVisible());
        QCOMPARE(switcher->input()->text(), QString());  // starts afresh
        QTest::keyClicks(switcher->input(), "ordrs");
        QCOMPARE(names(switcher->matches()), QStringList({"orders", "orders-archive"}));
        keepShot(window, switcher, "quick-switcher.png");
        QTest::keyClick(switcher->input(), Qt::Key_Down);
        QCOMPARE(switcher->list()->currentRow(), 1);
        QTest::keyClick(switcher->input(), Qt::Key_Down);  // wraps around
        QCOMPARE(switcher->list()->currentRow(), 0);
        QTest::keyClick(switcher->input(), Qt::Key_Up);
        QCOMPARE(switcher->list()->currentRow(), 1);
        QTest::keyClick(switcher->input(), Qt::Key_Enter);
        QCOMPARE(window.currentPage(), (PageRequest{PageId::Topic, "orders-archive"}));
        QTRY_VERIFY_WITH_TIMEOUT(window.currentPageHasData(), kWaitMs);

        // A broker: the brokers page with its row selected.
        window.openQuickSwitcher();
        QTest::keyClicks(switcher->input(), "broker 2");
        QCOMPARE(switcher->matches().first().target, (PageRequest{PageId::Brokers, "2"}));
        QTest::keyClick(switcher->input(), Qt::Key_Return);
        QCOMPARE(window.currentPage().id, PageId::Brokers);
        const QModelIndexList selected = window.brokersPage()->table()->selectionModel()->selectedRows(
            tideline::model::BrokersModel::IdColumn);
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data(tideline::model::BrokersModel::KeyRole).toInt(), 2);

        // Nothing matching: Enter does nothing; Esc closes without moving.
        window.openQuickSwitcher();
        QTest::keyClicks(switcher->input(), "no-such-thing");
        QVERIFY(switcher->matches().isEmpty());
        QTest::keyClick(switcher->input(), Qt::Key_Return);
        QVERIFY(switcher->isVisible());
        QTest::keyClick(switcher->input(), Qt::Key_Escape);
        QVERIFY(!switcher->isVisible());
        QCOMPARE(window.currentPage().id, PageId::Brokers);
        QVERIFY(broker.stop());
    }
};

QTEST_MAIN(TestQuickSwitcher)
#include "test_quick_switcher.moc"
