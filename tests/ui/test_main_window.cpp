#include <QListWidget>
#include <QSet>
#include <QStatusBar>
#include <QtTest>

#include "model/librdkafka_version.h"
#include "ui/main_window.h"

using tideline::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void showsTitleAndLocalCluster() {
        MainWindow window;
        QCOMPARE(window.windowTitle(), QString("Tideline"));

        auto* clusters = window.findChild<QListWidget*>("clusterList");
        QVERIFY(clusters != nullptr);
        QCOMPARE(clusters->findItems("Local dev cluster", Qt::MatchExactly).size(), 1);
        QVERIFY(window.findChild<QWidget*>("throughputPlot") != nullptr);
        QCOMPARE(window.statusBar()->currentMessage(), "librdkafka " + tideline::model::librdkafkaVersion());
    }

    void rendersSomethingVisible() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const QImage image = window.grab().toImage();
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 200 && image.height() > 200);

        // A blank window would be one colour; text, list and chart give many.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7) {
            for (int x = 0; x < image.width(); x += 7) {
                colours.insert(image.pixel(x, y));
            }
        }
        QVERIFY2(colours.size() >= 3, qPrintable(QString::number(colours.size())));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
