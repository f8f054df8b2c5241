// The window without a cluster: sidebar, pages, command-line page names, persisted page and theme.
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/main_window.h"
#include "ui/page_request.h"
#include "ui/pages/messages/messages_view.h"
#include "ui/pages/overview_page.h"
#include "ui/pages/topic_page.h"
#include "ui/pages/topics_page.h"
#include "ui/theme.h"

using namespace tideline::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() {
        // Keep the user's own window state out of the tests and the tests' out of it.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QCoreApplication::setOrganizationName("TidelineTests");
        QCoreApplication::setApplicationName("test_main_window");
    }

    void localDevClusterComesFirst() {
        MainWindow window;
        QCOMPARE(window.windowTitle(), QString("Tideline"));
        auto* clusters = window.findChild<QListWidget*>("clusterList");
        QVERIFY(clusters != nullptr);
        QVERIFY(clusters->item(0)->text().startsWith("Local dev cluster"));

        window.addBootstrapCluster("127.0.0.1:1");
        QCOMPARE(clusters->count(), 2);
        QVERIFY(clusters->item(1)->text().startsWith("127.0.0.1:1"));
        QVERIFY(clusters->item(0)->text().startsWith("Local dev cluster"));
    }

    void devClusterPageOnlyForTheLocalEntry() {
        MainWindow window;
        auto* pages = window.findChild<QListWidget*>("pageList");
        QCOMPARE(pages->item(0)->text(), QString("Dev cluster"));
        const QString key = window.addBootstrapCluster("127.0.0.1:1");
        window.showPage({PageId::DevCluster, {}});
        window.selectCluster(key);
        QCOMPARE(pages->item(0)->text(), QString("Overview"));
        QCOMPARE(window.currentPage().id, PageId::Overview);  // the dev page has no meaning there
    }

    void pageNamesRoundTrip_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        for (const char* ok :
             {"overview", "brokers", "topics", "topic:orders", "groups", "group:billing", "dev-cluster",
              "topic:a:b", "topic:orders/messages", "topic:orders/configs", "group:team/billing"}) {
            QTest::newRow(ok) << QString(ok) << true;
        }
        for (const char* bad : {"", "topic", "topic:", "group", "overview:x", "Topics", "partitions",
                                "topic:orders/", "topic:orders/nope", "topic:/messages"}) {
            QTest::newRow(qPrintable(QString("bad ") + bad)) << QString(bad) << false;
        }
    }
    void pageNamesRoundTrip() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const auto request = parsePageRequest(text);
        QCOMPARE(request.has_value(), valid);
        if (request) {
            QCOMPARE(pageRequestText(*request), text);
        }
    }

    void lastPagePersists() {
        {
            MainWindow window;
            window.show();
            window.showPage({PageId::Topic, "orders"});
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.currentPage(), (PageRequest{PageId::Topic, "orders"}));
    }

    void topicTabPersists() {
        {
            MainWindow window;
            window.show();
            window.showPage({PageId::Topic, "orders", "messages"});
            QCOMPARE(window.topicPage()->tabs()->currentWidget()->findChild<MessagesView*>(),
                     window.topicPage()->messages());
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.currentPage(), (PageRequest{PageId::Topic, "orders", "messages"}));
        // Without a tab, the page keeps the one in view; the partitions tab names no tab.
        again.showPage({PageId::Topic, "payments"});
        QCOMPARE(again.currentPage().tab, QString("messages"));
        again.showPage({PageId::Topic, "payments", "partitions"});
        QCOMPARE(again.currentPage(), (PageRequest{PageId::Topic, "payments"}));
    }

    void overviewFiguresOpenTheirLists() {
        MainWindow window;
        window.show();
        window.showPage({PageId::Overview, {}});
        OverviewPage* overview = window.overviewPage();
        QTest::mouseClick(overview->tile("topics"), Qt::LeftButton);
        QCOMPARE(window.currentPage().id, PageId::Topics);
        window.showPage({PageId::Overview, {}});
        QTest::mouseClick(overview->tile("brokersDown"), Qt::LeftButton);
        QCOMPARE(window.currentPage().id, PageId::Brokers);
        window.showPage({PageId::Overview, {}});
        QTest::mouseClick(overview->tile("groups"), Qt::LeftButton);
        QCOMPARE(window.currentPage().id, PageId::Groups);
        QVERIFY(!overview->tile("underReplicated")->toolTip().isEmpty());
    }

    void statusBarSaysTheDevClusterIsNotRunning() {
        MainWindow window;
        auto* state = window.statusBar()->findChild<QLabel*>("connectionState");
        QVERIFY(state != nullptr);
        QCOMPARE(state->text(), QString("Dev cluster not running"));
        QVERIFY(!window.currentPageHasData());
        QVERIFY(!window.currentProblem().isEmpty());
    }

    void darkThemeChangesThePalette() {
        applyTheme(ThemeMode::Dark);
        QVERIFY(darkThemeActive());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
        applyTheme(ThemeMode::Light);
        QVERIFY(!darkThemeActive());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
        QCOMPARE(themeModeFromName("DARK"), ThemeMode::Dark);
        QCOMPARE(themeModeFromName("whatever"), ThemeMode::System);
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
