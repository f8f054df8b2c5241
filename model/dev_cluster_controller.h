// Runs the bundled `tideline-broker` as a local development cluster, or attaches to one that already
// runs, and stops and starts its brokers through the broker's HTTP control API. Everything is
// asynchronous (QProcess, QNetworkAccessManager), so no method blocks the GUI thread; results arrive
// through the signals.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <chrono>

#include "model/dev_cluster_control_api.h"

class QTimer;

namespace tideline::model {

enum class DevClusterStatus {
    Stopped,
    Starting,  // launched and waiting for "cluster ready", or attaching and waiting for the control API
    Running,
    Failed,  // see DevClusterState::message
};

struct DevClusterState {
    DevClusterStatus status = DevClusterStatus::Stopped;
    QString message;  // for Failed: what went wrong, phrased for the user

    bool operator==(const DevClusterState&) const = default;
};

struct DevClusterLaunch {
    int brokers = 3;
    QString dataDir;  // empty: defaultDataDir(), $XDG_DATA_HOME/tideline/dev-cluster
    // The broker's own defaults, so that a cluster launched from a terminal is found at the same ports.
    quint16 port = 19092;  // broker i (from 0) listens on port + i
    quint16 controlPort = 19644;
    std::chrono::milliseconds readyTimeout{20000};
};

class DevClusterController : public QObject {
    Q_OBJECT

public:
    explicit DevClusterController(QObject* parent = nullptr);
    // Ends a cluster this controller launched (SIGTERM, so the brokers flush their logs), waiting for
    // it at most a few seconds; a cluster it merely attached to keeps running.
    ~DevClusterController() override;

    // Next to the running executable (installed layout), then where a build tree puts the broker
    // relative to the app and the tests, then PATH. Empty when none exists.
    static QString findBrokerExecutable();
    static QStringList brokerExecutableCandidates(const QString& applicationDir);
    static QString defaultDataDir();

    // Replaces the search, for tests and packagers; empty restores it.
    void setBrokerExecutable(const QString& path) { brokerExecutable_ = path; }

    DevClusterState state() const { return state_; }
    QList<DevClusterBroker> brokers() const { return brokers_; }
    // "host:port,host:port,...", running or not: a client may need any broker once it is back.
    QString bootstrapServers() const;
    QString dataDir() const { return dataDir_; }
    quint16 controlPort() const { return controlPort_; }
    // Whether the cluster is a process of ours rather than one attached to.
    bool launchedByUs() const { return process_ != nullptr; }

public slots:
    // From Stopped or Failed: Starting, then Running once the broker printed "cluster ready".
    void launch(const tideline::model::DevClusterLaunch& options);
    // Takes over a cluster that already runs with this data dir and control port: Starting, then Running
    // once the control API answered with the token from the data dir.
    void attach(const QString& dataDir, quint16 controlPort);
    // Reloads the broker states from the control API.
    void refresh();
    void stopBroker(qint32 id);
    void startBroker(qint32 id);
    // Asks the cluster to shut down; Stopped once it is gone (or, when attached, once it agreed).
    void shutdown();

signals:
    void stateChanged(const tideline::model::DevClusterState& state);
    void brokersChanged(const QList<tideline::model::DevClusterBroker>& brokers);
    // A command or refresh the cluster refused or did not answer, while the cluster itself still runs.
    void commandFailed(const QString& message);
    // Text the launched broker wrote to stderr (its log), as it arrives, for a log view.
    void logReceived(const QString& text);

private:
    void readStandardOutput();
    void readStandardError();
    void onProcessFinished(int exitCode, QProcess::ExitStatus exitStatus);
    void onProcessError(QProcess::ProcessError error);
    void onReady();
    void onReadyTimeout();
    void takeClusterStatus(const QByteArray& body);
    void setBrokerRunning(qint32 id, bool running);
    QString processFailure(const QString& fallback) const;
    void fail(const QString& message);
    void setState(const DevClusterState& state);
    void discardProcess();

    QString brokerExecutable_;
    DevClusterControlApi* control_;
    QTimer* readyTimer_;
    QTimer* shutdownTimer_;
    QProcess* process_ = nullptr;
    QByteArray stderrTail_;  // the last bytes of the broker's log, for the reason of an exit
    QString dataDir_;
    quint16 controlPort_ = 0;
    bool ready_ = false;  // launched: the broker printed "cluster ready", so its control API is up
    bool shuttingDown_ = false;
    DevClusterState state_;
    QList<DevClusterBroker> brokers_;
};

QString devClusterStatusName(DevClusterStatus status);

}  // namespace tideline::model

Q_DECLARE_METATYPE(tideline::model::DevClusterState)
