#include "ui/pages/dev_cluster_page.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "ui/theme.h"

namespace tideline::ui {
namespace {

constexpr int kLogLines = 5000;
// The control API is cheap to ask; this keeps states right when brokers change from elsewhere.
constexpr int kRefreshMs = 2000;

QSpinBox* portSpin(quint16 value, QWidget* parent) {
    auto* spin = new QSpinBox(parent);
    spin->setRange(1024, 65535);
    spin->setValue(value);
    spin->setMaximumWidth(120);
    return spin;
}

}  // namespace

DevClusterPage::DevClusterPage(QWidget* parent)
    : QWidget(parent),
      controller_(new model::DevClusterController(this)),
      brokers_(new QSpinBox(this)),
      dataDir_(new QLineEdit(this)),
      port_(portSpin(model::DevClusterLaunch{}.port, this)),
      controlPort_(portSpin(model::DevClusterLaunch{}.controlPort, this)),
      start_(new QPushButton(QIcon(":/tideline/icons/play.svg"), tr("Start cluster"), this)),
      stop_(new QPushButton(QIcon(":/tideline/icons/stop.svg"), tr("Stop cluster"), this)),
      wipe_(new QPushButton(QIcon(":/tideline/icons/trash.svg"), tr("Wipe data…"), this)),
      demoButton_(new QPushButton(QIcon(":/tideline/icons/play.svg"), tr("Load demo workload"), this)),
      demo_(new model::DemoWorkload(this)),
      status_(new QLabel(this)),
      brokerTable_(new QTableWidget(0, 4, this)),
      log_(new QPlainTextEdit(this)),
      refreshTimer_(new QTimer(this)) {
    brokers_->setObjectName("brokersSpin");
    dataDir_->setObjectName("dataDirEdit");
    port_->setObjectName("portSpin");
    controlPort_->setObjectName("controlPortSpin");
    start_->setObjectName("startClusterButton");
    stop_->setObjectName("stopClusterButton");
    wipe_->setObjectName("wipeDataButton");
    demoButton_->setObjectName("demoWorkloadButton");
    demoButton_->setToolTip(
        tr("Create demo topics, then run a producer and a deliberately slow consumer "
           "group inside Tideline, so lag and charts come alive"));
    status_->setObjectName("devClusterStatus");
    brokerTable_->setObjectName("devBrokerTable");
    log_->setObjectName("brokerLog");

    brokerTable_->setHorizontalHeaderLabels({tr("Broker"), tr("Address"), tr("State"), QString()});
    brokerTable_->verticalHeader()->hide();
    brokerTable_->horizontalHeader()->setStretchLastSection(true);
    brokerTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    brokerTable_->setSelectionMode(QAbstractItemView::NoSelection);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(kLogLines);
    log_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    log_->setPlaceholderText(tr("The broker's log appears here once Tideline has started it."));
    status_->setWordWrap(true);

    auto* title = new QLabel(tr("<h2>Local dev cluster</h2>"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(stop_);
    buttons->addWidget(demoButton_);
    buttons->addStretch(1);
    buttons->addWidget(wipe_);

    auto* logBox = new QGroupBox(tr("Broker log"), this);
    (new QVBoxLayout(logBox))->addWidget(log_);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(brokerTable_);
    splitter->addWidget(logBox);
    splitter->setSizes({160, 240});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(makeSettings());
    layout->addLayout(buttons);
    layout->addWidget(status_);
    layout->addWidget(splitter, 1);

    refreshTimer_->setInterval(kRefreshMs);
    connect(refreshTimer_, &QTimer::timeout, controller_, &model::DevClusterController::refresh);
    connect(start_, &QPushButton::clicked, this, &DevClusterPage::startOrAttach);
    connect(stop_, &QPushButton::clicked, this, &DevClusterPage::shutdown);
    connect(wipe_, &QPushButton::clicked, this, &DevClusterPage::confirmWipe);
    connect(demoButton_, &QPushButton::clicked, this, &DevClusterPage::toggleDemoWorkload);
    connect(demo_, &model::DemoWorkload::started, this, [this] {
        appendLog(tr("tideline: demo workload running (producer and group demo-slow-readers)\n"));
        updateButtons();
    });
    connect(demo_, &model::DemoWorkload::stopped, this, [this] {
        appendLog(tr("tideline: demo workload stopped\n"));
        updateButtons();
    });
    connect(demo_, &model::DemoWorkload::failed, this, [this](const QString& error) {
        appendLog(tr("tideline: demo workload failed: %1\n").arg(error));
        updateButtons();
    });
    connect(controller_, &model::DevClusterController::stateChanged, this, &DevClusterPage::takeState);
    connect(controller_, &model::DevClusterController::brokersChanged, this, &DevClusterPage::takeBrokers);
    connect(controller_, &model::DevClusterController::logReceived, this, &DevClusterPage::appendLog);
    connect(controller_, &model::DevClusterController::commandFailed, this,
            [this](const QString& message) { appendLog("tideline: " + message + '\n'); });
    takeState(controller_->state());
}

QWidget* DevClusterPage::makeSettings() {
    auto* box = new QGroupBox(tr("Settings"), this);
    brokers_->setRange(1, 9);
    brokers_->setMaximumWidth(120);
    brokers_->setValue(model::DevClusterLaunch{}.brokers);
    brokers_->setToolTip(tr("How many brokers the cluster runs; each listens on its own port"));
    dataDir_->setText(model::DevClusterController::defaultDataDir());
    dataDir_->setToolTip(tr("Where the brokers keep their partition logs; kept across restarts"));
    port_->setToolTip(tr("Broker 1 listens on this port, broker 2 on the next, and so on"));
    controlPort_->setToolTip(tr("The broker's HTTP control API, used to stop and start single brokers"));
    auto* browse = new QPushButton(tr("Browse…"), box);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Data directory"), dataDir_->text());
        if (!dir.isEmpty()) {
            dataDir_->setText(dir);
        }
    });
    auto* dirRow = new QHBoxLayout;
    dirRow->addWidget(dataDir_, 1);
    dirRow->addWidget(browse);
    auto* form = new QFormLayout(box);
    form->addRow(tr("Brokers"), brokers_);
    form->addRow(tr("Data directory"), dirRow);
    form->addRow(tr("First broker port"), port_);
    form->addRow(tr("Control port"), controlPort_);
    return box;
}

model::DevClusterLaunch DevClusterPage::launchOptions() const {
    model::DevClusterLaunch options;
    options.brokers = brokers_->value();
    options.dataDir = dataDir_->text().trimmed();
    options.port = quint16(port_->value());
    options.controlPort = quint16(controlPort_->value());
    return options;
}

void DevClusterPage::setLaunchOptions(const model::DevClusterLaunch& options) {
    brokers_->setValue(options.brokers);
    dataDir_->setText(options.dataDir.isEmpty() ? model::DevClusterController::defaultDataDir()
                                                : options.dataDir);
    port_->setValue(options.port);
    controlPort_->setValue(options.controlPort);
}

void DevClusterPage::startOrAttach() {
    const model::DevClusterLaunch options = launchOptions();
    const QString dataDir =
        options.dataDir.isEmpty() ? model::DevClusterController::defaultDataDir() : options.dataDir;
    if (QFileInfo::exists(dataDir + "/control.token")) {
        // A token may be left over from a cluster that is gone; then attaching fails and we launch.
        launchIfAttachFails_ = true;
        appendLog(tr("tideline: looking for a running cluster in %1\n").arg(dataDir));
        controller_->attach(dataDir, options.controlPort);
        return;
    }
    controller_->launch(options);
}

void DevClusterPage::shutdown() { controller_->shutdown(); }

void DevClusterPage::confirmWipe() {
    const QString dir = launchOptions().dataDir;
    const auto answer = QMessageBox::warning(
        this, tr("Wipe the dev cluster's data?"),
        tr("This deletes %1 with every topic and record of the local cluster. It cannot be undone.").arg(dir),
        QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Discard) {
        wipeData();
    }
}

void DevClusterPage::wipeData() {
    const auto status = controller_->state().status;
    if (wiping_ || status == model::DevClusterStatus::Running ||
        status == model::DevClusterStatus::Starting) {
        emit wipeFinished(false, tr("Stop the cluster before wiping its data."));
        return;
    }
    const QString dir = launchOptions().dataDir;
    wiping_ = true;
    updateButtons();
    auto* watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, dir] {
        wiping_ = false;
        const bool ok = watcher->result();
        watcher->deleteLater();
        const QString message = ok ? tr("Deleted %1.").arg(dir) : tr("Could not delete all of %1.").arg(dir);
        appendLog("tideline: " + message + '\n');
        updateButtons();
        emit wipeFinished(ok, message);
    });
    // A data dir with big logs takes a while to delete: not on the GUI thread.
    watcher->setFuture(QtConcurrent::run([dir] { return QDir(dir).removeRecursively(); }));
}

void DevClusterPage::takeState(const model::DevClusterState& state) {
    if (state.status == model::DevClusterStatus::Failed && launchIfAttachFails_) {
        launchIfAttachFails_ = false;
        appendLog("tideline: " + state.message + tr("; starting a new cluster\n"));
        controller_->launch(launchOptions());
        return;
    }
    if (state.status != model::DevClusterStatus::Starting) {
        launchIfAttachFails_ = false;
    }
    if (state.status != model::DevClusterStatus::Running && demo_->running()) {
        demo_->stop(false);
    }
    QString text = model::devClusterStatusName(state.status);
    QColor colour = theme::muted();
    if (state.status == model::DevClusterStatus::Running) {
        colour = theme::healthy();
        text += tr(" · bootstrap %1").arg(controller_->bootstrapServers());
        if (!controller_->launchedByUs()) {
            text += tr(" · attached (started elsewhere, so its log is not shown here)");
        }
    } else if (state.status == model::DevClusterStatus::Failed) {
        colour = theme::danger();
        text += ": " + state.message;
    } else if (state.status == model::DevClusterStatus::Starting) {
        colour = theme::warning();
    }
    status_->setText(QString("<b style='color:%1'>●</b> %2").arg(colour.name(), text.toHtmlEscaped()));
    if (state.status == model::DevClusterStatus::Running) {
        refreshTimer_->start();
    } else {
        refreshTimer_->stop();
    }
    updateButtons();
}

void DevClusterPage::takeBrokers(const QList<model::DevClusterBroker>& brokers) {
    brokerTable_->setRowCount(int(brokers.size()));
    for (int row = 0; row < brokers.size(); ++row) {
        const model::DevClusterBroker& broker = brokers[row];
        auto* state = new QTableWidgetItem(broker.running ? tr("running") : tr("stopped"));
        state->setForeground(broker.running ? theme::healthy() : theme::danger());
        brokerTable_->setItem(row, 0, new QTableWidgetItem(QString::number(broker.id)));
        brokerTable_->setItem(row, 1,
                              new QTableWidgetItem(QString("%1:%2").arg(broker.host).arg(broker.port)));
        brokerTable_->setItem(row, 2, state);
        auto* toggle = new QPushButton(broker.running ? tr("Stop") : tr("Start"), brokerTable_);
        toggle->setObjectName(QString("brokerToggle%1").arg(broker.id));
        toggle->setToolTip(broker.running
                               ? tr("Stop this broker: its partitions elect new leaders and the ISRs shrink")
                               : tr("Start this broker again: its replicas catch up and rejoin the ISRs"));
        const qint32 id = broker.id;
        const bool running = broker.running;
        connect(toggle, &QPushButton::clicked, this, [this, id, running] {
            running ? controller_->stopBroker(id) : controller_->startBroker(id);
        });
        brokerTable_->setCellWidget(row, 3, toggle);
    }
    brokerTable_->resizeColumnsToContents();
}

void DevClusterPage::appendLog(const QString& text) {
    // The broker writes ANSI colours to its log; a plain text view shows them as noise.
    static const QRegularExpression ansi(QStringLiteral("\x1b\\[[0-9;]*m"));
    QString clean = text;
    clean.remove(ansi);
    if (clean.endsWith('\n')) {
        clean.chop(1);
    }
    log_->appendPlainText(clean);
}

void DevClusterPage::toggleDemoWorkload() {
    if (demo_->running()) {
        demo_->stop();
    } else if (controller_->state().status == model::DevClusterStatus::Running &&
               !controller_->brokers().isEmpty()) {
        demo_->start(controller_->bootstrapServers());
    }
    updateButtons();
}

void DevClusterPage::updateButtons() {
    const auto status = controller_->state().status;
    const bool idle = status == model::DevClusterStatus::Stopped || status == model::DevClusterStatus::Failed;
    start_->setEnabled(idle && !wiping_);
    stop_->setEnabled(!idle);
    wipe_->setEnabled(idle && !wiping_);
    demoButton_->setEnabled(status == model::DevClusterStatus::Running || demo_->running());
    demoButton_->setText(demo_->running() ? tr("Stop demo workload") : tr("Load demo workload"));
    for (QWidget* field : {static_cast<QWidget*>(brokers_), static_cast<QWidget*>(dataDir_),
                           static_cast<QWidget*>(port_), static_cast<QWidget*>(controlPort_)}) {
        field->setEnabled(idle);
    }
}

}  // namespace tideline::ui
