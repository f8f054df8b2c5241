// The messages page against a real tideline-broker: browse records written by kcat (key, headers,
// JSON values), the detail pane's pretty-printed JSON and hex, the filter, produce a record from the
// page and find it by browsing, "last N", export to JSON and CSV, and no produce panel when read-only.
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "support/broker_process.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/pages/messages/produce_panel.h"
#include "ui/pages/messages/record_detail.h"
#include "ui/pages/messages/records_model.h"
#include "ui/pages/messages_page.h"

using namespace tideline::ui;

namespace {

constexpr int kWaitMs = 30000;

bool browse(MessagesPage* page) {
    QSignalSpy finished(page, &MessagesPage::browseFinished);
    page->browse();
    return finished.wait(kWaitMs);
}

}  // namespace

class TestMessagesPage : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;
    std::unique_ptr<MainWindow> window_;
    QString key_;

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_messages_page");
        QVERIFY2(broker_.start(1, work_.filePath("cluster")), qPrintable(broker_.output()));
        // Keys after '|', one header each; one partition so that the order is known.
        const auto created = tideline::testing::runTool(
            "kcat",
            {"-P", "-b", broker_.bootstrap(), "-t", "events", "-p", "0", "-K", "|", "-H", "origin=kcat"},
            "alpha|{\"id\":1,\"name\":\"alpha\"}\nbeta|{\"id\":2,\"name\":\"beta\"}\ngamma|plain text\n",
            30000);
        QVERIFY2(created.finished && created.exitCode == 0, created.err.constData());
        window_ = std::make_unique<MainWindow>();
        window_->setSessionOptions(testing::fastSessionOptions());
        window_->resize(1180, 820);
        key_ = window_->addBootstrapCluster(broker_.bootstrap());
        window_->selectCluster(key_);
        window_->showPage({PageId::Messages, "events"});
        window_->show();
        ClusterConnection* connection = window_->connection(key_);
        QTRY_VERIFY_WITH_TIMEOUT(connection->snapshot() && !connection->snapshot()->topics.isEmpty(),
                                 kWaitMs);
        QCOMPARE(window_->currentPage(), (PageRequest{PageId::Messages, "events"}));
    }

    void browsesFromTheBeginning() {
        MessagesPage* page = window_->messagesPage();
        QVERIFY(browse(page));
        QCOMPARE(page->records()->rowCount(), 3);
        const auto& first = page->records()->record(0);
        QCOMPARE(first.partition, 0);
        QCOMPARE(first.offset, 0);
        QCOMPARE(*first.key, QByteArray("alpha"));
        QCOMPARE(first.headers.size(), 1);
        QCOMPARE(first.headers.first().key, QString("origin"));
        QTableView* table = page->table();
        QCOMPARE(table->model()->index(1, RecordsModel::KeyColumn).data().toString(), QString("beta"));
        QCOMPARE(table->model()->index(1, RecordsModel::HeadersColumn).data().toString(),
                 QString("origin=kcat"));

        table->setCurrentIndex(table->model()->index(0, RecordsModel::ValueColumn));
        QVERIFY2(page->detail()->valueText().contains("\n    \"id\": 1"),
                 qPrintable(page->detail()->valueText()));
        QVERIFY2(page->detail()->hexText().startsWith("00000000  7b 22 69 64"),
                 qPrintable(page->detail()->hexText()));
    }

    void filtersByTextAndRegex() {
        MessagesPage* page = window_->messagesPage();
        page->filterEdit()->setText("BETA");
        QCOMPARE(page->table()->model()->rowCount(), 1);
        page->regexBox()->setChecked(true);
        page->filterEdit()->setText("^(alpha|gamma)");
        QCOMPARE(page->table()->model()->rowCount(), 2);
        page->filterEdit()->setText("(");  // not an expression yet: the last good filter stays
        QCOMPARE(page->table()->model()->rowCount(), 2);
        page->filterEdit()->clear();
        page->regexBox()->setChecked(false);
        QCOMPARE(page->table()->model()->rowCount(), 3);
    }

    void producesAndBrowsesTheRecord() {
        MessagesPage* page = window_->messagesPage();
        ProducePanel* panel = page->producePanel();
        QVERIFY(panel->isVisibleTo(window_.get()));
        panel->keyEdit()->setText("made-here");
        panel->valueEdit()->setPlainText("{\"hello\": \"world\"}");
        panel->headersEdit()->setPlainText("source=tideline\ntrace=42");
        panel->partitionBox()->setCurrentIndex(1);  // partition 0
        QSignalSpy produced(panel, &ProducePanel::produced);
        QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
        QVERIFY(produced.wait(kWaitMs));
        QCOMPARE(produced.first().at(0).toInt(), 0);
        QCOMPARE(produced.first().at(1).toLongLong(), 3);
        QVERIFY2(panel->statusText().contains("offset 3"), qPrintable(panel->statusText()));

        // The last record of partition 0 is the one just produced.
        page->partitionBox()->setCurrentIndex(1);
        page->startBox()->setCurrentIndex(1);
        page->startValueEdit()->setText("1");
        QVERIFY(browse(page));
        QCOMPARE(page->records()->rowCount(), 1);
        const auto& record = page->records()->record(0);
        QCOMPARE(record.offset, 3);
        QCOMPARE(*record.key, QByteArray("made-here"));
        QCOMPARE(*record.value, QByteArray("{\"hello\": \"world\"}"));
        QCOMPARE(record.headers.size(), 2);
        QCOMPARE(record.headers.at(1).key, QString("trace"));
        QCOMPARE(*record.headers.at(1).value, QByteArray("42"));

        page->startBox()->setCurrentIndex(0);
        page->partitionBox()->setCurrentIndex(0);
        QVERIFY(browse(page));
        QCOMPARE(page->records()->rowCount(), 4);
        page->table()->setCurrentIndex(page->table()->model()->index(3, 0));
        const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR", work_.path());
        QVERIFY(window_->grab().save(dir + "/messages.png"));
    }

    void exportsJsonAndCsv() {
        MessagesPage* page = window_->messagesPage();
        const QString json = work_.filePath("all.json");
        QVERIFY(page->exportTo(json, MessagesPage::ExportFormat::Json, false));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray records = QJsonDocument::fromJson(file.readAll()).array();
        QCOMPARE(records.size(), 4);
        QCOMPARE(records.at(2).toObject().value("value").toString(), QString("plain text"));
        QCOMPARE(records.at(0).toObject().value("topic").toString(), QString("events"));

        page->table()->clearSelection();
        page->table()->selectRow(1);
        const QString csv = work_.filePath("selected.csv");
        QVERIFY(page->exportTo(csv, MessagesPage::ExportFormat::Csv, true));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csvFile.readAll().split('\n');
        QCOMPARE(lines.size(), 3);  // header, one record, and the empty rest after the last line break
        QVERIFY2(lines.at(1).startsWith("0,1,"), lines.at(1).constData());
        QVERIFY2(lines.at(1).contains("\"{\"\"id\"\":2,\"\"name\"\":\"\"beta\"\"}\""),
                 lines.at(1).constData());
        QVERIFY(!page->exportTo(work_.filePath("no/such/dir/x.csv"), MessagesPage::ExportFormat::Csv, false));
    }

    void readOnlyHasNoProducePanel() {
        tideline::model::ConnectionProfile profile;
        profile.name = "watch only";
        profile.bootstrapServers = broker_.bootstrap();
        profile.readOnly = true;
        const QString key = window_->addProfileCluster(profile);
        window_->selectCluster(key);
        window_->showPage({PageId::Messages, "events"});
        MessagesPage* page = window_->messagesPage();
        QVERIFY(!page->producePanel()->isVisibleTo(window_.get()));
        QTRY_VERIFY_WITH_TIMEOUT(window_->connection(key)->snapshot().has_value(), kWaitMs);
        QVERIFY(!page->producePanel()->isVisibleTo(window_.get()));
        // Browsing stays available.
        QVERIFY(browse(page));
        QCOMPARE(page->records()->rowCount(), 4);
        window_->selectCluster(key_);
        QVERIFY(page->producePanel()->isVisibleTo(window_.get()));
    }

    void cleanupTestCase() {
        window_.reset();
        QVERIFY(broker_.stop());
    }
};

QTEST_MAIN(TestMessagesPage)
#include "test_messages_page.moc"
