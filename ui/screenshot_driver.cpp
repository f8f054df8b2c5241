#include "ui/screenshot_driver.h"

#include <QTimer>

#include "ui/main_window.h"

namespace tideline::ui {

ScreenshotDriver::ScreenshotDriver(MainWindow* window, QString path, int timeoutMs, QObject* parent)
    : QObject(parent),
      window_(window),
      path_(std::move(path)),
      timeout_(new QTimer(this)),
      settle_(new QTimer(this)) {
    timeout_->setSingleShot(true);
    timeout_->setInterval(timeoutMs);
    settle_->setSingleShot(true);
    connect(timeout_, &QTimer::timeout, this, [this] {
        const QString problem = window_->currentProblem();
        finish(false, QString("the %1 page had no data after %2 s: %3")
                          .arg(pageRequestText(window_->currentPage()))
                          .arg(timeout_->interval() / 1000.0)
                          .arg(problem.isEmpty() ? QString("does the topic or group exist?") : problem));
    });
    connect(settle_, &QTimer::timeout, this, &ScreenshotDriver::capture);
}

void ScreenshotDriver::start() {
    connect(window_, &MainWindow::pageDataChanged, this, &ScreenshotDriver::check);
    timeout_->start();
    // Queued: the window may already have its data (e.g. a page that needs none) before any signal.
    QTimer::singleShot(0, this, &ScreenshotDriver::check);
}

void ScreenshotDriver::check() {
    if (!done_ && !settle_->isActive() && window_->currentPageHasData()) {
        settle_->start(settleMs_);
    }
}

void ScreenshotDriver::capture() {
    if (!window_->currentPageHasData()) {
        return;  // lost it while settling (e.g. the cluster went away); wait for the next change
    }
    const bool saved = window_->grab().save(path_, "PNG");
    finish(saved, saved ? QString("saved %1").arg(path_) : QString("could not write %1").arg(path_));
}

void ScreenshotDriver::finish(bool ok, const QString& message) {
    if (done_) {
        return;
    }
    done_ = true;
    timeout_->stop();
    settle_->stop();
    emit finished(ok, message);
}

}  // namespace tideline::ui
