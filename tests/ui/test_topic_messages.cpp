// The topic page's Messages tab against a real tideline-broker: closed, it reads nothing; opened, it
// reads the last 50 records of each partition once; browsing from the beginning shows kcat's records
// (partition, offset, key, value, headers) in one partition or all; a record produced from the tab
// arrives; F5 reads again; live tail shows a record kcat writes meanwhile; a read-only profile gets no
// produce panel.
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "gui_test_support.h"
#include "support/broker_process.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/pages/messages/messages_view.h"
#include "ui/pages/messages/produce_panel.h"
#include "ui/pages/messages/records_model.h"
#include "ui/pages/topic_page.h"

using namespace tideline::ui;

namespace {

constexpr int kWaitMs = 30000;
constexpr int kMessagesTab = 3;
constexpr int kFillerRecords = 60;  // in partition 1: more than the 50 the tab reads on opening

bool browse(MessagesView* view) {
    QSignalSpy finished(view, &MessagesView::browseFinished);
    view->browse();
    return finished.wait(kWaitMs);
}

QStringList valuesOf(MessagesView* view) {
    QStringList values;
    for (const auto& record : view->records()->records()) {
        values << QString::fromUtf8(record.value.value_or(QByteArray()));
    }
    return values;
}

}  // namespace

class TestTopicMessages : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;
    std::unique_ptr<MainWindow> window_;
    QString key_;

    void produce(int partition, const QByteArray& lines, const QStringList& extra = {}) {
        const auto produced = tideline::testing::runTool(
            "kcat",
            QStringList{"-P", "-b", broker_.bootstrap(), "-t", "events", "-p", QString::number(partition)} +
                extra,
            lines, 30000);
        QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
    }

    qint64 highWatermark(int partition) const {
        const auto& snapshot = window_->connection(key_)->snapshot();
        for (const auto& topic : snapshot->topics) {
            if (topic.name == "events") {
                return topic.partitions.value(partition).highWatermark.value_or(-1);
            }
        }
        return -1;
    }

    MessagesView* view() const { return window_->topicPage()->messages(); }

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_topic_messages");
        QVERIFY2(broker_.start(1, work_.filePath("cluster"), {"--set", "num.partitions=2"}),
                 qPrintable(broker_.output()));
        // Partition 0: keys after '|', one header each. Partition 1: plain filler.
        produce(0,
                "alpha|{\"id\":1,\"name\":\"alpha\"}\nbeta|{\"id\":2,\"name\":\"beta\"}\ngamma|plain text\n",
                {"-K", "|", "-H", "origin=kcat"});
        QByteArray filler;
        for (int i = 0; i < kFillerRecords; ++i) {
            filler += "filler-" + QByteArray::number(i) + "\n";
        }
        produce(1, filler);
        window_ = std::make_unique<MainWindow>();
        window_->setSessionOptions(testing::fastSessionOptions());
        window_->resize(1180, 820);
        key_ = window_->addBootstrapCluster(broker_.bootstrap());
        window_->selectCluster(key_);
        window_->showPage({PageId::Topic, "events", "partitions"});
        window_->show();
        QTRY_VERIFY_WITH_TIMEOUT(highWatermark(1) == kFillerRecords && highWatermark(0) == 3, kWaitMs);
    }

    void closedTabReadsNothing() {
        TopicPage* page = window_->topicPage();
        QCOMPARE(page->tabs()->currentIndex(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(page->hasData(), kWaitMs);
        // A few snapshots go by: the hidden tab must not start a read on any of them.
        QTest::qWait(2500);
        QVERIFY(!view()->browsing());
        QVERIFY(!view()->hasData());
        QCOMPARE(view()->records()->rowCount(), 0);
        // The partition selector lists this topic's partitions.
        QCOMPARE(view()->partitionBox()->count(), 3);
        QCOMPARE(view()->partitionBox()->itemText(2), QString("Partition 1"));
    }

    void openingReadsTheLast50OfEachPartition() {
        TopicPage* page = window_->topicPage();
        page->tabs()->setCurrentIndex(kMessagesTab);
        QCOMPARE(window_->currentPage(), (PageRequest{PageId::Topic, "events", "messages"}));
        QVERIFY(!page->hasData() || view()->hasData());  // the page waits for the tab's first read
        QTRY_VERIFY_WITH_TIMEOUT(view()->hasData(), kWaitMs);
        QVERIFY(page->hasData());
        QCOMPARE(view()->startBox()->currentIndex(), int(MessagesView::FromEndMinusN));
        QCOMPARE(view()->records()->rowCount(), 3 + 50);
        qint64 lowestFiller = kFillerRecords;
        for (const auto& record : view()->records()->records()) {
            if (record.partition == 1) {
                lowestFiller = std::min(lowestFiller, record.offset);
            }
        }
        QCOMPARE(lowestFiller, qint64(kFillerRecords - 50));
        // Once: flipping tabs does not read again.
        page->tabs()->setCurrentIndex(0);
        page->tabs()->setCurrentIndex(kMessagesTab);
        QTest::qWait(1500);
        QVERIFY(!view()->browsing());
    }

    void browsesFromTheBeginning() {
        MessagesView* messages = view();
        messages->startBox()->setCurrentIndex(MessagesView::FromBeginning);
        messages->partitionBox()->setCurrentIndex(1);  // partition 0
        QVERIFY(browse(messages));
        QCOMPARE(messages->records()->rowCount(), 3);
        const auto& first = messages->records()->record(0);
        QCOMPARE(first.partition, 0);
        QCOMPARE(first.offset, 0);
        QCOMPARE(*first.key, QByteArray("alpha"));
        QCOMPARE(*first.value, QByteArray("{\"id\":1,\"name\":\"alpha\"}"));
        QCOMPARE(first.headers.size(), 1);
        QCOMPARE(first.headers.first().key, QString("origin"));
        QCOMPARE(*first.headers.first().value, QByteArray("kcat"));
        QTableView* table = messages->table();
        QCOMPARE(table->model()->index(2, RecordsModel::PartitionColumn).data().toInt(), 0);
        QCOMPARE(table->model()->index(2, RecordsModel::OffsetColumn).data().toLongLong(), 2);
        QCOMPARE(table->model()->index(2, RecordsModel::KeyColumn).data().toString(), QString("gamma"));
        QCOMPARE(table->model()->index(2, RecordsModel::ValueColumn).data().toString(),
                 QString("plain text"));
        QCOMPARE(table->model()->index(2, RecordsModel::HeadersColumn).data().toString(),
                 QString("origin=kcat"));

        messages->partitionBox()->setCurrentIndex(0);  // all partitions
        QVERIFY(browse(messages));
        QCOMPARE(messages->records()->rowCount(), 3 + kFillerRecords);
        QVERIFY(valuesOf(messages).contains("filler-0"));
    }

    void f5ReadsAgain() {
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        view()->table()->setFocus();
        QSignalSpy finished(view(), &MessagesView::browseFinished);
        QTest::keyClick(view()->table(), Qt::Key_F5);
        QVERIFY(finished.wait(kWaitMs));
    }

    void producesFromTheTab() {
        MessagesView* messages = view();
        ProducePanel* panel = messages->producePanel();
        // On the topic page the panel starts folded, one tick away.
        QVERIFY(messages->produceBox()->isVisibleTo(window_.get()));
        QVERIFY(!panel->isVisibleTo(window_.get()));
        QTest::mouseClick(messages->produceToggle(), Qt::LeftButton);
        QVERIFY(panel->isVisibleTo(window_.get()));
        panel->keyEdit()->setText("from-the-tab");
        panel->valueEdit()->setPlainText("{\"made\": \"here\"}");
        panel->headersEdit()->setPlainText("source=tideline");
        panel->partitionBox()->setCurrentIndex(1);  // partition 0
        QSignalSpy produced(panel, &ProducePanel::produced);
        QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
        QVERIFY(produced.wait(kWaitMs));
        QCOMPARE(produced.first().at(0).toInt(), 0);
        QCOMPARE(produced.first().at(1).toLongLong(), 3);

        messages->partitionBox()->setCurrentIndex(1);
        messages->startBox()->setCurrentIndex(MessagesView::FromOffset);
        messages->startValueEdit()->setText("3");
        QVERIFY(browse(messages));
        QCOMPARE(messages->records()->rowCount(), 1);
        const auto& record = messages->records()->record(0);
        QCOMPARE(record.offset, 3);
        QCOMPARE(*record.key, QByteArray("from-the-tab"));
        QCOMPARE(*record.value, QByteArray("{\"made\": \"here\"}"));
        QCOMPARE(record.headers.size(), 1);
        QCOMPARE(*record.headers.first().value, QByteArray("tideline"));
    }

    void liveTailShowsRecordsProducedElsewhere() {
        MessagesView* messages = view();
        messages->partitionBox()->setCurrentIndex(0);  // all partitions
        // The tail starts from the snapshot's end: let it know the record produced above.
        QTRY_VERIFY_WITH_TIMEOUT(highWatermark(0) == 4, kWaitMs);
        QTest::mouseClick(messages->liveTailButton(), Qt::LeftButton);
        QVERIFY(messages->liveTailButton()->isChecked());
        produce(1, "tailed-1\ntailed-2\n");
        QTRY_VERIFY_WITH_TIMEOUT(valuesOf(messages).contains("tailed-2"), kWaitMs);
        QVERIFY(valuesOf(messages).contains("tailed-1"));
        QVERIFY2(messages->statusText().contains("Live tail"), qPrintable(messages->statusText()));
        QTest::mouseClick(messages->liveTailButton(), Qt::LeftButton);
        QVERIFY(!messages->liveTailButton()->isChecked());

        // For the docs: the tab with a JSON record selected.
        messages->startBox()->setCurrentIndex(MessagesView::FromBeginning);
        messages->partitionBox()->setCurrentIndex(1);
        QVERIFY(browse(messages));
        messages->table()->setCurrentIndex(messages->table()->model()->index(0, RecordsModel::ValueColumn));
        const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR", work_.path());
        QVERIFY(window_->grab().save(dir + "/topic-messages.png"));
    }

    void readOnlyProfileHasNoProduce() {
        tideline::model::ConnectionProfile profile;
        profile.name = "watch only";
        profile.bootstrapServers = broker_.bootstrap();
        profile.readOnly = true;
        const QString key = window_->addProfileCluster(profile);
        window_->selectCluster(key);
        window_->showPage({PageId::Topic, "events", "messages"});
        MessagesView* messages = view();
        QVERIFY(!messages->produceBox()->isVisibleTo(window_.get()));
        QVERIFY(!messages->producePanel()->isVisibleTo(window_.get()));
        // A new cluster: the open tab reads once by itself, and browsing stays available.
        QTRY_VERIFY_WITH_TIMEOUT(messages->hasData(), kWaitMs);
        QVERIFY(!messages->produceBox()->isVisibleTo(window_.get()));
        QVERIFY(valuesOf(messages).contains("tailed-2"));
        window_->selectCluster(key_);
        QVERIFY(messages->produceBox()->isVisibleTo(window_.get()));
    }

    void cleanupTestCase() {
        window_.reset();
        QVERIFY(broker_.stop());
    }
};

QTEST_MAIN(TestTopicMessages)
#include "test_topic_messages.moc"
