// The messages page's live tail against a real tideline-broker: switched on, it shows records
// produced afterwards (by kcat) without another browse, keeps at most the limit (the oldest go
// first), and switched off (paused) it takes nothing more.
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "support/broker_process.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/pages/messages/records_model.h"
#include "ui/pages/messages_page.h"

using namespace tideline::ui;

namespace {

constexpr int kWaitMs = 30000;

// The end of ticks/0 as the latest snapshot knows it. Found by name: the session's group lookups make
// the broker create __consumer_offsets too, so ticks need not be the first topic.
qint64 ticksEnd(MainWindow& window) {
    const auto& snapshot = window.currentConnection()->snapshot();
    if (!snapshot) {
        return -1;
    }
    for (const auto& topic : snapshot->topics) {
        if (topic.name == "ticks") {
            return topic.partitions.value(0).highWatermark.value_or(-1);
        }
    }
    return -1;
}

QStringList valuesOf(MessagesPage* page) {
    QStringList values;
    for (const auto& record : page->records()->records()) {
        values << QString::fromUtf8(record.value.value_or(QByteArray()));
    }
    return values;
}

}  // namespace

class TestLiveTail : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;

    void produce(const QByteArray& lines) {
        const auto produced = tideline::testing::runTool(
            "kcat", {"-P", "-b", broker_.bootstrap(), "-t", "ticks", "-p", "0"}, lines, 30000);
        QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
    }

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_live_tail");
        QVERIFY2(broker_.start(1, work_.filePath("cluster")), qPrintable(broker_.output()));
        produce("t1\nt2\n");
    }

    void followsBoundsAndPauses() {
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        window.selectCluster(window.addBootstrapCluster(broker_.bootstrap()));
        window.showPage({PageId::Messages, "ticks"});
        window.show();
        MessagesPage* page = window.messagesPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->hasData(), kWaitMs);
        QCOMPARE(valuesOf(page), QStringList({"t1", "t2"}));
        // The snapshot must know the end the tail starts from.
        QTRY_VERIFY_WITH_TIMEOUT(ticksEnd(window) == 2, kWaitMs);

        page->limitEdit()->setValue(5);
        QPushButton* tail = page->liveTailButton();
        QTest::mouseClick(tail, Qt::LeftButton);
        QVERIFY(tail->isChecked());
        produce("t3\nt4\nt5\n");
        QTRY_COMPARE_WITH_TIMEOUT(valuesOf(page), QStringList({"t1", "t2", "t3", "t4", "t5"}), kWaitMs);
        QVERIFY(page->statusText().contains("Live tail"));
        const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR", work_.path());
        QVERIFY(window.grab().save(dir + "/live-tail.png"));

        // A bounded buffer: the oldest leave as new ones come.
        produce("t6\nt7\n");
        QTRY_COMPARE_WITH_TIMEOUT(valuesOf(page), QStringList({"t3", "t4", "t5", "t6", "t7"}), kWaitMs);

        // Paused: nothing more arrives.
        QTest::mouseClick(tail, Qt::LeftButton);
        QVERIFY(!tail->isChecked());
        QVERIFY(page->statusText().contains("paused"));
        produce("t8\n");
        QTest::qWait(4000);
        QCOMPARE(valuesOf(page), QStringList({"t3", "t4", "t5", "t6", "t7"}));

        // On again: it follows from the end, so t8 (produced while paused) is skipped, t9 comes.
        QTRY_VERIFY_WITH_TIMEOUT(ticksEnd(window) == 8, kWaitMs);
        QTest::mouseClick(tail, Qt::LeftButton);
        produce("t9\n");
        QTRY_COMPARE_WITH_TIMEOUT(valuesOf(page).last(), QString("t9"), kWaitMs);
        QVERIFY(!valuesOf(page).contains("t8"));
    }

    void cleanupTestCase() { QVERIFY(broker_.stop()); }
};

QTEST_MAIN(TestLiveTail)
#include "test_live_tail.moc"
