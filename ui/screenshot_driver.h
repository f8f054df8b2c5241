// Saves the window as a PNG once the page in view has its data, for --screenshot, docs and tests.
// Gives up after a timeout, saying what it waited for, so scripts get an error instead of a blank image.
#pragma once

#include <QObject>
#include <QString>

class QTimer;

namespace tideline::ui {

class MainWindow;

class ScreenshotDriver : public QObject {
    Q_OBJECT

public:
    ScreenshotDriver(MainWindow* window, QString path, int timeoutMs, QObject* parent = nullptr);

    // Lets tables resize and charts draw after the data arrived, before grabbing.
    void setSettleMs(int ms) { settleMs_ = ms; }
    void start();

signals:
    // `message` says where the file went, or why there is none.
    void finished(bool ok, const QString& message);

private:
    void check();
    void capture();
    void finish(bool ok, const QString& message);

    MainWindow* window_;
    QString path_;
    QTimer* timeout_;
    QTimer* settle_;
    int settleMs_ = 800;
    bool done_ = false;
};

}  // namespace tideline::ui
