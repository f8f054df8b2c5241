// `tideline` from the command line, as scripts and the docs use it: a bad --show is refused, a
// screenshot of a page whose data never comes fails with the reason, and one that has data is saved.
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "support/broker_process.h"

using tideline::testing::BrokerProcess;
using tideline::testing::runTool;

namespace {

tideline::testing::ToolResult runApp(const QStringList& arguments, const QString& home,
                                     int timeoutMs = 60000) {
    // The app's settings go to a fresh XDG config dir, so a user's saved page cannot interfere.
    qputenv("XDG_CONFIG_HOME", home.toUtf8());
    qputenv("QT_QPA_PLATFORM", "offscreen");
    return runTool(QStringLiteral(TIDELINE_APP_PATH), arguments, {}, timeoutMs);
}

}  // namespace

class TestAppCli : public QObject {
    Q_OBJECT

    QTemporaryDir work_;

private slots:
    void unknownPageIsAUsageError() {
        const auto result =
            runApp({"--show", "partitions", "--screenshot", work_.filePath("x.png")}, work_.path());
        QVERIFY(result.finished);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("unknown page \"partitions\""), result.err.constData());
    }

    void unreachableClusterFailsWithTheReason() {
        const int port = tideline::testing::findFreePortRange(1);
        const QString shot = work_.filePath("unreachable.png");
        const auto result = runApp({"--bootstrap", QString("127.0.0.1:%1").arg(port), "--show", "topics",
                                    "--screenshot", shot, "--timeout", "6"},
                                   work_.path());
        QVERIFY(result.finished);
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("the topics page had no data after 6 s"), result.err.constData());
        QVERIFY(!QFile::exists(shot));
    }

    void screenshotOfATopicPage() {
        BrokerProcess broker;
        QVERIFY2(broker.start(2, work_.filePath("cluster")), qPrintable(broker.output()));
        const auto produced =
            runTool("kcat", {"-P", "-b", broker.bootstrap(), "-t", "cli-topic"}, "a\nb\n", 30000);
        QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
        const QString shot = work_.filePath("topic.png");
        const auto result =
            runApp({"--bootstrap", broker.bootstrap(), "--show", "topic:cli-topic", "--screenshot", shot},
                   work_.path());
        QVERIFY(result.finished);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QImage image(shot);
        QVERIFY(!image.isNull());
        QVERIFY(tideline::ui::testing::distinctColours(image) > 20);
        QVERIFY(broker.stop());
    }
};

QTEST_GUILESS_MAIN(TestAppCli)
#include "test_app_cli.moc"
