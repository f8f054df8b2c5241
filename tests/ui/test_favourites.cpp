// Favourite topics against a real tideline-broker: Ctrl+D stars the selected topics, they get a star,
// "Favourites first" keeps them on top in either sort order, "Only favourites" shows them alone, and
// both the stars (per profile) and the mode survive a restart. Starring is offered on read-only
// profiles too, since it changes nothing on the cluster.
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "model/models/topics_model.h"
#include "support/broker_process.h"
#include "ui/main_window.h"
#include "ui/pages/topics_page.h"
#include "ui/widgets/favourite_topics.h"

using namespace tideline::ui;
using tideline::model::TopicsModel;

namespace {

constexpr int kWaitMs = 30000;

QStringList shownTopics(TopicsPage* page) {
    QStringList names;
    const QAbstractItemModel* model = page->table()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        names << model->index(row, TopicsModel::NameColumn).data().toString();
    }
    return names;
}

bool starred(TopicsPage* page, const QString& topic) {
    const QAbstractItemModel* model = page->table()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, TopicsModel::NameColumn);
        if (index.data().toString() == topic) {
            return index.data(Qt::ToolTipRole).toString().contains("favourite");
        }
    }
    return false;
}

void selectTopics(TopicsPage* page, const QStringList& topics) {
    QTableView* table = page->table();
    table->clearSelection();
    const QAbstractItemModel* model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (topics.contains(model->index(row, TopicsModel::NameColumn).data().toString())) {
            table->selectionModel()->select(model->index(row, 0),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
}

}  // namespace

class TestFavourites : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;

    void waitForTopics(MainWindow& window, int count) {
        QTRY_VERIFY_WITH_TIMEOUT(shownTopics(window.topicsPage()).size() >= count, kWaitMs);
    }

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_favourites");
        QVERIFY2(broker_.start(1, work_.filePath("cluster")), qPrintable(broker_.output()));
        for (const char* topic : {"alpha", "beta", "gamma", "delta"}) {
            const auto produced = tideline::testing::runTool(
                "kcat", {"-P", "-b", broker_.bootstrap(), "-t", topic}, "x\n", 30000);
            QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
        }
    }

    void starFilterAndKeep() {
        {
            MainWindow window;
            window.setSessionOptions(testing::fastSessionOptions());
            window.selectCluster(window.addBootstrapCluster(broker_.bootstrap()));
            window.showPage({PageId::Topics, {}});
            window.show();
            TopicsPage* page = window.topicsPage();
            waitForTopics(window, 4);
            QCOMPARE(shownTopics(page), QStringList({"alpha", "beta", "delta", "gamma"}));

            // Ctrl+D on the table stars the selection; again unstars it.
            selectTopics(page, {"gamma", "delta"});
            page->table()->setFocus();
            QTest::keyClick(page->table(), Qt::Key_D, Qt::ControlModifier);
            QCOMPARE(page->favourites()->topics(), QStringList({"delta", "gamma"}));
            QVERIFY(starred(page, "gamma") && starred(page, "delta") && !starred(page, "alpha"));
            selectTopics(page, {"delta"});
            QTest::keyClick(page->table(), Qt::Key_D, Qt::ControlModifier);
            QCOMPARE(page->favourites()->topics(), QStringList({"gamma"}));
            QVERIFY(!starred(page, "delta"));
            // The same through the context menu's action, which lists it.
            QVERIFY(page->table()->actions().contains(page->favouriteAction()));
            selectTopics(page, {"alpha"});
            page->favouriteAction()->trigger();
            QCOMPARE(page->favourites()->topics(), QStringList({"alpha", "gamma"}));

            // Favourites first, ascending and descending.
            page->favouritesMode()->setCurrentIndex(1);
            QCOMPARE(shownTopics(page), QStringList({"alpha", "gamma", "beta", "delta"}));
            page->table()->sortByColumn(TopicsModel::NameColumn, Qt::DescendingOrder);
            QCOMPARE(shownTopics(page), QStringList({"gamma", "alpha", "delta", "beta"}));
            page->table()->sortByColumn(TopicsModel::NameColumn, Qt::AscendingOrder);
            // New snapshots keep the order.
            QTest::qWait(2500);
            QCOMPARE(shownTopics(page), QStringList({"alpha", "gamma", "beta", "delta"}));
            const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR", work_.path());
            QVERIFY(window.grab().save(dir + "/topics-favourites.png"));

            // Only favourites, combined with the name filter.
            page->favouritesMode()->setCurrentIndex(2);
            QCOMPARE(shownTopics(page), QStringList({"alpha", "gamma"}));
            QVERIFY(page->findChild<QLabel*>("topicsSummary")->text().contains("2 favourite"));
            QTest::keyClicks(page->filter(), "gam");
            QCOMPARE(shownTopics(page), QStringList({"gamma"}));
            page->filter()->clear();
            window.close();
        }
        {
            // A new window: the same profile has its stars and the mode back.
            MainWindow window;
            window.setSessionOptions(testing::fastSessionOptions());
            window.selectCluster(window.addBootstrapCluster(broker_.bootstrap()));
            window.showPage({PageId::Topics, {}});
            TopicsPage* page = window.topicsPage();
            QCOMPARE(page->favouritesMode()->currentIndex(), 2);
            QTRY_COMPARE_WITH_TIMEOUT(shownTopics(page), QStringList({"alpha", "gamma"}), kWaitMs);

            // Another (read-only) profile on the same cluster has its own, empty, set and can star too.
            tideline::model::ConnectionProfile profile;
            profile.name = "read-only view";
            profile.bootstrapServers = broker_.bootstrap();
            profile.readOnly = true;
            window.selectCluster(window.addProfileCluster(profile));
            QVERIFY(page->favourites()->topics().isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(
                page->findChild<QLabel*>("topicsSummary")->text().contains("no favourites"), kWaitMs);
            page->favouritesMode()->setCurrentIndex(0);
            waitForTopics(window, 4);
            selectTopics(page, {"beta"});
            QVERIFY(page->favouriteAction()->isEnabled() && page->favouriteAction()->isVisible());
            page->favouriteAction()->trigger();
            QCOMPARE(page->favourites()->topics(), QStringList({"beta"}));
        }
        // Each profile kept its own.
        FavouriteTopics favourites;
        favourites.setProfile("read-only view");
        QCOMPARE(favourites.topics(), QStringList({"beta"}));
        favourites.setProfile(broker_.bootstrap());
        QCOMPARE(favourites.topics(), QStringList({"alpha", "gamma"}));
    }

    void cleanupTestCase() { QVERIFY(broker_.stop()); }
};

QTEST_MAIN(TestFavourites)
#include "test_favourites.moc"
