#include "model/dev_cluster_controller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>
#include <utility>

namespace tideline::model {
namespace {

const QString kBrokerProgram = QStringLiteral("tideline-broker");
// A clean shutdown flushes every partition log; past this the process is killed.
constexpr int kShutdownTimeoutMs = 10000;
constexpr int kDestructorWaitMs = 5000;
// Enough of the broker's log to explain an exit, without keeping hours of it.
constexpr qsizetype kStderrTailBytes = 16 * 1024;
constexpr int kStderrLinesInMessage = 5;

}  // namespace

QString devClusterStatusName(DevClusterStatus status) {
    switch (status) {
        case DevClusterStatus::Stopped:
            return QStringLiteral("Stopped");
        case DevClusterStatus::Starting:
            return QStringLiteral("Starting");
        case DevClusterStatus::Running:
            return QStringLiteral("Running");
        case DevClusterStatus::Failed:
            return QStringLiteral("Failed");
    }
    Q_UNREACHABLE();
}

DevClusterController::DevClusterController(QObject* parent)
    : QObject(parent),
      control_(new DevClusterControlApi(this)),
      readyTimer_(new QTimer(this)),
      shutdownTimer_(new QTimer(this)) {
    qRegisterMetaType<DevClusterState>();
    readyTimer_->setSingleShot(true);
    connect(readyTimer_, &QTimer::timeout, this, &DevClusterController::onReadyTimeout);
    shutdownTimer_->setSingleShot(true);
    connect(shutdownTimer_, &QTimer::timeout, this, [this] {
        if (process_ != nullptr) {
            process_->kill();  // finished() follows, which completes the shutdown
        }
    });
}

DevClusterController::~DevClusterController() {
    if (process_ == nullptr) {
        return;
    }
    disconnect(process_, nullptr, this, nullptr);
    if (process_->state() != QProcess::NotRunning) {
        process_->terminate();
        if (!process_->waitForFinished(kDestructorWaitMs)) {
            process_->kill();
            process_->waitForFinished(kDestructorWaitMs);
        }
    }
}

QStringList DevClusterController::brokerExecutableCandidates(const QString& applicationDir) {
    // Build tree: the app in <build>/app, tests in <build>/tests/<area>, the broker in <build>/broker.
    return {
        QDir::cleanPath(applicationDir + '/' + kBrokerProgram),
        QDir::cleanPath(applicationDir + "/../broker/" + kBrokerProgram),
        QDir::cleanPath(applicationDir + "/../../broker/" + kBrokerProgram),
    };
}

QString DevClusterController::findBrokerExecutable() {
    for (const QString& candidate : brokerExecutableCandidates(QCoreApplication::applicationDirPath())) {
        const QFileInfo file(candidate);
        if (file.isFile() && file.isExecutable()) {
            return candidate;
        }
    }
    return QStandardPaths::findExecutable(kBrokerProgram);
}

QString DevClusterController::defaultDataDir() {
    // Where tideline-broker keeps its cluster when given no --data-dir, so that the app attaches to a
    // cluster started from a terminal with the broker's defaults.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/tideline/dev-cluster";
}

QString DevClusterController::bootstrapServers() const {
    QStringList servers;
    for (const DevClusterBroker& broker : brokers_) {
        servers.append(QString("%1:%2").arg(broker.host).arg(broker.port));
    }
    return servers.join(',');
}

void DevClusterController::launch(const DevClusterLaunch& options) {
    if (state_.status == DevClusterStatus::Starting || state_.status == DevClusterStatus::Running) {
        return;
    }
    discardProcess();
    brokers_.clear();
    stderrTail_.clear();
    ready_ = false;
    shuttingDown_ = false;
    dataDir_ = options.dataDir.isEmpty() ? defaultDataDir() : options.dataDir;
    controlPort_ = options.controlPort;
    control_->setTarget(controlPort_, {});

    const QString program = brokerExecutable_.isEmpty() ? findBrokerExecutable() : brokerExecutable_;
    if (program.isEmpty()) {
        return fail(
            "The development cluster needs tideline-broker, found neither next to Tideline, "
            "in the build tree, nor on the PATH.");
    }
    const QFileInfo programFile(program);
    if (!programFile.isFile() || !programFile.isExecutable()) {
        return fail(
            QString("The development cluster's broker %1 is missing or not executable.").arg(program));
    }
    if (!QDir().mkpath(dataDir_)) {
        return fail(QString("The data directory %1 could not be created.").arg(dataDir_));
    }

    process_ = new QProcess(this);
    connect(process_, &QProcess::readyReadStandardOutput, this, &DevClusterController::readStandardOutput);
    connect(process_, &QProcess::readyReadStandardError, this, &DevClusterController::readStandardError);
    connect(process_, &QProcess::finished, this, &DevClusterController::onProcessFinished);
    connect(process_, &QProcess::errorOccurred, this, &DevClusterController::onProcessError);
    setState({DevClusterStatus::Starting, {}});
    readyTimer_->start(options.readyTimeout);
    process_->start(program,
                    {"--brokers", QString::number(options.brokers), "--data-dir", dataDir_, "--port",
                     QString::number(options.port), "--control-port", QString::number(controlPort_)});
}

void DevClusterController::attach(const QString& dataDir, quint16 controlPort) {
    if (state_.status == DevClusterStatus::Starting || state_.status == DevClusterStatus::Running) {
        return;
    }
    discardProcess();
    brokers_.clear();
    shuttingDown_ = false;
    dataDir_ = dataDir;
    controlPort_ = controlPort;
    QByteArray token;
    QString error;
    if (!DevClusterControlApi::readToken(dataDir_, &token, &error)) {
        return fail(QString("No development cluster to attach to in %1: %2").arg(dataDir_, error));
    }
    control_->setTarget(controlPort_, token);
    setState({DevClusterStatus::Starting, {}});
    control_->get("/v1/cluster", [this](const QByteArray& body, const QString& error) {
        if (!error.isEmpty()) {
            return fail(QString("The development cluster's control API on port %1 did not answer: %2")
                            .arg(controlPort_)
                            .arg(error));
        }
        takeClusterStatus(body);
        setState({DevClusterStatus::Running, {}});
    });
}

void DevClusterController::refresh() {
    if (state_.status != DevClusterStatus::Running) {
        return;
    }
    control_->get("/v1/cluster", [this](const QByteArray& body, const QString& error) {
        if (!error.isEmpty()) {
            emit commandFailed(QString("The cluster's state could not be read: %1").arg(error));
            return;
        }
        takeClusterStatus(body);
    });
}

void DevClusterController::stopBroker(qint32 id) {
    if (state_.status != DevClusterStatus::Running) {
        return;
    }
    control_->post(
        QString("/v1/brokers/%1/stop").arg(id), [this, id](const QByteArray&, const QString& error) {
            if (!error.isEmpty()) {
                emit commandFailed(QString("Broker %1 could not be stopped: %2").arg(id).arg(error));
                return;
            }
            setBrokerRunning(id, false);
        });
}

void DevClusterController::startBroker(qint32 id) {
    if (state_.status != DevClusterStatus::Running) {
        return;
    }
    control_->post(
        QString("/v1/brokers/%1/start").arg(id), [this, id](const QByteArray&, const QString& error) {
            if (!error.isEmpty()) {
                emit commandFailed(QString("Broker %1 could not be started: %2").arg(id).arg(error));
                return;
            }
            setBrokerRunning(id, true);
        });
}

void DevClusterController::shutdown() {
    if (shuttingDown_ ||
        (state_.status != DevClusterStatus::Starting && state_.status != DevClusterStatus::Running)) {
        return;
    }
    shuttingDown_ = true;
    if (process_ != nullptr && !ready_) {
        // Not ready yet, so no control API to ask: SIGTERM takes the same orderly path.
        process_->terminate();
        shutdownTimer_->start(kShutdownTimeoutMs);
        return;
    }
    control_->post("/v1/shutdown", [this](const QByteArray&, const QString& error) {
        if (process_ != nullptr) {
            if (!error.isEmpty()) {
                process_->terminate();
            }
            shutdownTimer_->start(kShutdownTimeoutMs);  // Stopped comes with the process's exit
            return;
        }
        if (!error.isEmpty()) {
            shuttingDown_ = false;
            emit commandFailed(QString("The cluster could not be shut down: %1").arg(error));
            return;
        }
        brokers_.clear();
        emit brokersChanged(brokers_);
        setState({DevClusterStatus::Stopped, {}});
    });
}

void DevClusterController::readStandardOutput() {
    static const QRegularExpression brokerReady(R"(^broker (\d+) ready at (.+):(\d+)$)");
    while (process_ != nullptr && process_->canReadLine()) {
        const QString line = QString::fromUtf8(process_->readLine()).trimmed();
        if (const QRegularExpressionMatch match = brokerReady.match(line); match.hasMatch()) {
            brokers_.append({match.captured(1).toInt(), match.captured(2),
                             static_cast<quint16>(match.captured(3).toUInt()), true});
        } else if (line == "cluster ready" && state_.status == DevClusterStatus::Starting) {
            onReady();
        }
    }
}

void DevClusterController::readStandardError() {
    const QByteArray text = process_->readAllStandardError();
    if (!text.isEmpty()) {
        emit logReceived(QString::fromUtf8(text));
    }
    stderrTail_ += text;
    if (stderrTail_.size() > kStderrTailBytes) {
        stderrTail_ = stderrTail_.right(kStderrTailBytes);
    }
}

void DevClusterController::onReady() {
    readyTimer_->stop();
    QByteArray token;
    QString error;
    if (!DevClusterControlApi::readToken(dataDir_, &token, &error)) {
        discardProcess();
        return fail(
            QString("The development cluster started, but its control token is unreadable: %1").arg(error));
    }
    control_->setTarget(controlPort_, token);
    ready_ = true;
    setState({DevClusterStatus::Running, {}});
    emit brokersChanged(brokers_);
    refresh();
}

void DevClusterController::onReadyTimeout() {
    if (state_.status != DevClusterStatus::Starting || process_ == nullptr) {
        return;
    }
    discardProcess();
    fail(QString("The development cluster did not report ready within %1 s.")
             .arg(readyTimer_->interval() / 1000.0));
}

void DevClusterController::onProcessFinished(int exitCode, QProcess::ExitStatus exitStatus) {
    readStandardError();
    const bool wanted = shuttingDown_;
    const DevClusterStatus before = state_.status;
    discardProcess();
    brokers_.clear();
    emit brokersChanged(brokers_);
    if (wanted) {
        setState({DevClusterStatus::Stopped, {}});
        return;
    }
    const QString how =
        exitStatus == QProcess::CrashExit ? QString("crashed") : QString("exited with code %1").arg(exitCode);
    if (before == DevClusterStatus::Starting) {
        fail(processFailure(QString("tideline-broker %1 before the cluster was ready.").arg(how)));
    } else {
        fail(QString("The development cluster stopped unexpectedly (%1): %2")
                 .arg(how, processFailure(QStringLiteral("no message"))));
    }
}

void DevClusterController::onProcessError(QProcess::ProcessError error) {
    // Crashes and exits come through finished(); only a start failure has no finished() after it.
    if (error != QProcess::FailedToStart || process_ == nullptr) {
        return;
    }
    const QString message =
        QString("%1 could not be started: %2").arg(process_->program(), process_->errorString());
    discardProcess();
    fail(message);
}

void DevClusterController::takeClusterStatus(const QByteArray& body) {
    const QList<DevClusterBroker> taken = DevClusterControlApi::brokersOf(body);
    if (taken != brokers_) {
        brokers_ = taken;
        emit brokersChanged(brokers_);
    }
}

void DevClusterController::setBrokerRunning(qint32 id, bool running) {
    for (DevClusterBroker& broker : brokers_) {
        if (broker.id == id && broker.running != running) {
            broker.running = running;
            emit brokersChanged(brokers_);
        }
    }
}

QString DevClusterController::processFailure(const QString& fallback) const {
    // The broker's own reason for giving up is a "tideline-broker: ..." line; logs around it are noise.
    const QStringList lines = QString::fromUtf8(stderrTail_).split('\n', Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (it->startsWith(kBrokerProgram + ": ")) {
            return it->mid(kBrokerProgram.size() + 2).trimmed();
        }
    }
    if (lines.isEmpty()) {
        return fallback;
    }
    return lines.mid(std::max<qsizetype>(0, lines.size() - kStderrLinesInMessage)).join('\n').trimmed();
}

void DevClusterController::fail(const QString& message) {
    readyTimer_->stop();
    shuttingDown_ = false;
    setState({DevClusterStatus::Failed, message});
}

void DevClusterController::setState(const DevClusterState& state) {
    if (state == state_) {
        return;
    }
    state_ = state;
    emit stateChanged(state_);
}

void DevClusterController::discardProcess() {
    shutdownTimer_->stop();
    if (process_ == nullptr) {
        return;
    }
    control_->setTarget(0, {});  // pending answers concern the process going away
    QProcess* process = std::exchange(process_, nullptr);
    disconnect(process, nullptr, this, nullptr);
    if (process->state() == QProcess::NotRunning) {
        process->deleteLater();
        return;
    }
    // Deleting a running QProcess waits for it; deleting it once it is gone does not.
    connect(process, &QProcess::finished, process, &QObject::deleteLater);
    process->kill();
}

}  // namespace tideline::model
