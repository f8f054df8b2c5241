#include "ui/main_window.h"

#include <qcustomplot.h>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include "model/librdkafka_version.h"

namespace tideline::ui {
namespace {

QListWidget* makeClusterList(QWidget* parent) {
    auto* list = new QListWidget(parent);
    list->setObjectName("clusterList");
    list->addItem("Local dev cluster");
    list->setCurrentRow(0);
    list->setMinimumWidth(200);
    return list;
}

// Empty until sessions deliver metrics; drawn now so the chart stack is exercised from day one.
QCustomPlot* makeThroughputPlot(QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setObjectName("throughputPlot");
    plot->xAxis->setLabel("time (s)");
    plot->yAxis->setLabel("messages/s");
    plot->xAxis->setRange(-60, 0);
    plot->yAxis->setRange(0, 100);
    plot->addGraph();
    plot->setMinimumHeight(220);
    return plot;
}

QWidget* makeClusterPage(QWidget* parent) {
    auto* page = new QWidget(parent);
    auto* layout = new QVBoxLayout(page);

    auto* title = new QLabel("<h2>Local dev cluster</h2>", page);
    auto* note = new QLabel(
        "Not connected. The cluster views (brokers, topics, consumer groups, lag) come next.", page);
    note->setObjectName("placeholderNote");
    note->setWordWrap(true);

    layout->addWidget(title);
    layout->addWidget(note);
    layout->addWidget(makeThroughputPlot(page), 1);
    return page;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("Tideline");
    resize(1000, 640);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(makeClusterList(splitter));
    splitter->addWidget(makeClusterPage(splitter));
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({220, 780});
    setCentralWidget(splitter);

    statusBar()->showMessage("librdkafka " + model::librdkafkaVersion());
}

}  // namespace tideline::ui
