// The reset offsets dialog against a real tideline-broker: a group that kcat committed for, a dry run
// whose table shows old and new offsets and commits nothing, then applying it. Skipped, naming the
// API, while the broker in this tree does not serve the group APIs.
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "model/models/topic_consumers_model.h"
#include "support/broker_process.h"
#include "ui/actions/group_actions.h"
#include "ui/cluster_connection.h"
#include "ui/dialogs/reset_offsets_dialog.h"
#include "ui/main_window.h"
#include "ui/page_request.h"
#include "ui/pages/groups_page.h"
#include "ui/pages/topic_page.h"

using namespace tideline::ui;

namespace {

constexpr int kWaitMs = 30000;

std::optional<qint64> committed(const ClusterConnection* connection, const QString& group) {
    if (!connection->snapshot()) {
        return std::nullopt;
    }
    for (const auto& info : connection->snapshot()->groups) {
        if (info.id == group && !info.committedOffsets.isEmpty()) {
            return info.committedOffsets.first().offset;
        }
    }
    return std::nullopt;
}

}  // namespace

class TestResetOffsets : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    tideline::testing::BrokerProcess broker_;

private slots:
    void initTestCase() {
        testing::isolateSettings(settingsDir_.path(), "test_reset_offsets");
        QVERIFY2(broker_.start(1, work_.filePath("cluster")), qPrintable(broker_.output()));
        const auto produced = tideline::testing::runTool(
            "kcat", {"-P", "-b", broker_.bootstrap(), "-t", "lagged"}, "1\n2\n3\n4\n5\n", 30000);
        QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
    }

    void previewThenApply() {
        // kcat's balanced consumer commits what it read: JoinGroup, SyncGroup and OffsetCommit. A new
        // group starts at the end unless told otherwise, so it would read (and commit) nothing.
        const auto consumed =
            tideline::testing::runTool("kcat",
                                       {"-C", "-b", broker_.bootstrap(), "-G", "resetters", "lagged", "-c",
                                        "3", "-e", "-X", "auto.offset.reset=earliest", "-X",
                                        "auto.commit.interval.ms=100", "-X", "session.timeout.ms=6000"},
                                       {}, 30000);
        if (!consumed.finished || consumed.exitCode != 0) {
            QFAIL(qPrintable("kcat could not consume as a group: " +
                             QString::fromUtf8(consumed.err.right(300))));
        }
        MainWindow window;
        window.setSessionOptions(testing::fastSessionOptions());
        const QString key = window.addBootstrapCluster(broker_.bootstrap());
        window.selectCluster(key);
        window.show();
        ClusterConnection* connection = window.connection(key);
        QTRY_VERIFY_WITH_TIMEOUT(connection->snapshot().has_value(), kWaitMs);
        if (!connection->snapshot()->warnings.isEmpty() &&
            connection->snapshot()->warnings.join(' ').contains("not supported")) {
            QFAIL(qPrintable("the session could not read the groups: " +
                             connection->snapshot()->warnings.join("; ")));
        }
        QTRY_VERIFY_WITH_TIMEOUT(committed(connection, "resetters").has_value(), kWaitMs);
        const qint64 before = *committed(connection, "resetters");
        QVERIFY(before > 0);

        ResetOffsetsDialog dialog(connection, "resetters", &window);
        dialog.show();
        dialog.targetBox()->setCurrentIndex(0);  // earliest
        QVERIFY(!dialog.applyButton()->isEnabled());
        QSignalSpy previewed(&dialog, &ResetOffsetsDialog::previewShown);
        QSignalSpy failed(&dialog, &ResetOffsetsDialog::failed);
        QTest::mouseClick(dialog.previewButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!previewed.isEmpty() || !failed.isEmpty(), kWaitMs);
        if (!failed.isEmpty() &&
            failed.first().first().toString().contains("not supported", Qt::CaseInsensitive)) {
            QFAIL(qPrintable("the dry run failed: " + failed.first().first().toString()));
        }
        QVERIFY2(failed.isEmpty(), qPrintable(dialog.statusText()));
        QTableWidget* table = dialog.previewTable();
        QVERIFY(table->rowCount() >= 1);
        QCOMPARE(table->item(0, 0)->text(), QString("lagged"));
        QCOMPARE(table->item(0, 2)->text(), QString::number(before));
        QCOMPARE(table->item(0, 3)->text(), QString("0"));
        const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR", work_.path());
        QVERIFY(dialog.grab().save(dir + "/reset-offsets.png"));
        // A dry run commits nothing.
        QTest::qWait(1500);
        QCOMPARE(*committed(connection, "resetters"), before);

        QVERIFY(dialog.applyButton()->isEnabled());
        QSignalSpy applied(&dialog, &ResetOffsetsDialog::resetApplied);
        dialog.applyConfirmed();
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty() || failed.size() > 0, kWaitMs);
        QVERIFY2(!applied.isEmpty(), qPrintable(dialog.statusText()));
        QTRY_COMPARE_WITH_TIMEOUT(*committed(connection, "resetters"), qint64(0), kWaitMs);

        // The topic's page lists the group among its readers, with its lag on this topic: back at
        // offset 0, every record of a committed partition is lag again.
        using tideline::model::TopicConsumersModel;
        window.showPage({PageId::Topic, "lagged"});
        TopicPage* page = window.topicPage();
        page->tabs()->setCurrentIndex(2);
        TopicConsumersModel* readers = page->consumers();
        QTRY_COMPARE_WITH_TIMEOUT(readers->rowCount(), 1, kWaitMs);
        auto raw = [readers](int column) {
            return readers->index(0, column).data(TopicConsumersModel::RawValueRole);
        };
        QCOMPARE(raw(TopicConsumersModel::GroupColumn).toString(), QString("resetters"));
        QCOMPARE(raw(TopicConsumersModel::PartitionsColumn).toInt(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(raw(TopicConsumersModel::LagColumn).toLongLong() > 0, kWaitMs);
        QVERIFY(raw(TopicConsumersModel::LagColumn).toLongLong() <= 5);
        QVERIFY(page->findChild<QLabel*>("topicConsumersEmpty")->isHidden());
        QVERIFY(window.grab().save(dir + "/topic-consumers.png"));
    }

    void cleanupTestCase() { QVERIFY(broker_.stop()); }
};

QTEST_MAIN(TestResetOffsets)
#include "test_reset_offsets.moc"
