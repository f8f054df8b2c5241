// The local development cluster: one click starts the bundled tideline-broker (or attaches to one
// already running on the same data dir), lists its brokers with their state, stops and starts single
// brokers so leaders move and ISRs shrink and grow, wipes the data dir, shows the broker's log, and
// loads a demo workload (topics, a producer and a slow consumer group) so lag and charts move at once.
#pragma once

#include <QWidget>

#include "model/demo/demo_workload.h"
#include "model/dev_cluster_controller.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace tideline::ui {

class DevClusterPage : public QWidget {
    Q_OBJECT

public:
    explicit DevClusterPage(QWidget* parent = nullptr);

    model::DevClusterController* controller() const { return controller_; }
    model::DemoWorkload* demoWorkload() const { return demo_; }
    model::DevClusterLaunch launchOptions() const;
    void setLaunchOptions(const model::DevClusterLaunch& options);

public slots:
    // Attaches when the data dir holds a control token of a running cluster, else launches one.
    void startOrAttach();
    void shutdown();
    // Deletes the data dir in the background; only while no cluster runs. The button asks first.
    void wipeData();
    // Starts the demo workload on the running cluster (again: stops it).
    void toggleDemoWorkload();

signals:
    void wipeFinished(bool ok, const QString& message);

private:
    QWidget* makeSettings();
    void takeState(const model::DevClusterState& state);
    void takeBrokers(const QList<model::DevClusterBroker>& brokers);
    void confirmWipe();
    void appendLog(const QString& text);
    void updateButtons();

    model::DevClusterController* controller_;
    QSpinBox* brokers_;
    QLineEdit* dataDir_;
    QSpinBox* port_;
    QSpinBox* controlPort_;
    QPushButton* start_;
    QPushButton* stop_;
    QPushButton* wipe_;
    QPushButton* demoButton_;
    model::DemoWorkload* demo_;
    QLabel* status_;
    QTableWidget* brokerTable_;
    QPlainTextEdit* log_;
    QTimer* refreshTimer_;
    bool launchIfAttachFails_ = false;
    bool wiping_ = false;
};

}  // namespace tideline::ui
