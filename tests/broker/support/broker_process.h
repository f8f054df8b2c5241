// Runs the real tideline-broker binary for interop tests: free ports, a data dir, waiting for
// "cluster ready", the control API, and stopping exactly the process it started.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace tideline::testing {

struct ToolResult {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a program to the end (killing it after timeoutMs) and collects its output.
ToolResult runTool(const QString& program, const QStringList& arguments, const QByteArray& input = {},
                   int timeoutMs = 60'000);

struct HttpResult {
    int status = 0;  // 0: no answer
    QByteArray body;
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
};

// A minimal blocking HTTP/1.1 request to 127.0.0.1:port; `token` empty sends no Authorization.
HttpResult httpRequest(int port, const QByteArray& method, const QByteArray& path, const QString& token);

// `count` consecutive ports on 127.0.0.1 that were free a moment ago (bound, then released).
int findFreePortRange(int count);

class BrokerProcess {
public:
    BrokerProcess() = default;
    ~BrokerProcess();
    BrokerProcess(const BrokerProcess&) = delete;
    BrokerProcess& operator=(const BrokerProcess&) = delete;

    // Starts `brokers` brokers on fresh free ports (retrying if a port was taken meanwhile) and waits
    // for "cluster ready". False when it did not get there; output() tells why.
    bool start(int brokers, const QString& dataDir, const QStringList& extraArgs = {},
               int timeoutMs = 30'000);
    // Starts again on the same ports and data dir (after stop()).
    bool restart(int timeoutMs = 30'000);
    // POST /v1/shutdown and wait for the exit; falls back to SIGTERM, then SIGKILL, of this process only.
    // True for a clean exit with code 0.
    bool stop(int timeoutMs = 15'000);
    // SIGKILL to this process only, as a crash would end it; restart() brings it back.
    void killHard();

    bool running() const { return process_.state() != QProcess::NotRunning; }
    int exitCode() const { return process_.exitCode(); }
    int port(int brokerId) const { return firstPort_ + brokerId - 1; }
    int controlPort() const { return controlPort_; }
    QString bootstrap() const;  // every broker, comma-separated
    QString token() const;      // from the data dir's control.token
    QString dataDir() const { return dataDir_; }
    QString output();  // stdout and stderr so far

    static QString program();

private:
    bool launch(int timeoutMs);

    QProcess process_;
    QString dataDir_;
    QStringList extraArgs_;
    int brokers_ = 0;
    int firstPort_ = 0;
    int controlPort_ = 0;
    QByteArray output_;
};

}  // namespace tideline::testing
