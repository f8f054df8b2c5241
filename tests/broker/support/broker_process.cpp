#include "support/broker_process.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <sys/prctl.h>
#include <csignal>

namespace tideline::testing {

ToolResult runTool(const QString& program, const QStringList& arguments, const QByteArray& input,
                   int timeoutMs) {
    QProcess process;
    process.start(program, arguments);
    ToolResult result;
    if (!process.waitForStarted(10'000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    if (!input.isEmpty()) process.write(input);
    process.closeWriteChannel();
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5'000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

HttpResult httpRequest(int port, const QByteArray& method, const QByteArray& path, const QString& token) {
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(port));
    if (!socket.waitForConnected(5'000)) return {};
    QByteArray request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!token.isEmpty()) request += "Authorization: Bearer " + token.toUtf8() + "\r\n";
    request += "Content-Length: 0\r\n\r\n";
    socket.write(request);
    QByteArray answer;
    QDeadlineTimer deadline(10'000);
    while (!deadline.hasExpired() && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(200)) answer += socket.readAll();
    }
    answer += socket.readAll();
    HttpResult result;
    const auto headerEnd = answer.indexOf("\r\n\r\n");
    const auto statusLine = answer.left(answer.indexOf("\r\n")).split(' ');
    if (headerEnd < 0 || statusLine.size() < 2) return result;
    result.status = statusLine[1].toInt();
    result.body = answer.mid(headerEnd + 4);
    return result;
}

int findFreePortRange(int count) {
    for (int attempt = 0; attempt < 200; ++attempt) {
        // Away from the defaults (19092, 19644) and from the kernel's ephemeral range (32768+).
        const int base = 20000 + static_cast<int>(QRandomGenerator::global()->bounded(12000));
        bool allFree = true;
        for (int i = 0; i < count && allFree; ++i) {
            QTcpServer probe;
            allFree = probe.listen(QHostAddress::LocalHost, static_cast<quint16>(base + i));
        }
        if (allFree) return base;
    }
    return 0;
}

BrokerProcess::~BrokerProcess() { stop(); }

QString BrokerProcess::program() { return QStringLiteral(TIDELINE_BROKER_PATH); }

QString BrokerProcess::bootstrap() const {
    QStringList servers;
    for (int id = 1; id <= brokers_; ++id) servers << QStringLiteral("127.0.0.1:%1").arg(port(id));
    return servers.join(',');
}

QString BrokerProcess::token() const {
    QFile file(dataDir_ + "/control.token");
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

QString BrokerProcess::output() {
    output_ += process_.readAllStandardOutput();
    output_ += process_.readAllStandardError();
    return QString::fromUtf8(output_);
}

bool BrokerProcess::start(int brokers, const QString& dataDir, const QStringList& extraArgs, int timeoutMs) {
    brokers_ = brokers;
    dataDir_ = dataDir;
    extraArgs_ = extraArgs;
    // Another test may grab a port between our probe and the broker's bind: then pick again.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int base = findFreePortRange(brokers + 1);
        if (base == 0) return false;
        firstPort_ = base;
        controlPort_ = base + brokers;
        if (launch(timeoutMs)) return true;
        if (!output().contains("already in use")) return false;
    }
    return false;
}

bool BrokerProcess::restart(int timeoutMs) { return launch(timeoutMs); }

bool BrokerProcess::launch(int timeoutMs) {
    output_.clear();
    QStringList args{"--brokers",      QString::number(brokers_),
                     "--data-dir",     dataDir_,
                     "--host",         "127.0.0.1",
                     "--port",         QString::number(firstPort_),
                     "--control-port", QString::number(controlPort_)};
    args << extraArgs_;
    // If this test process dies without cleaning up (a crash, an abort), its broker goes too
    // instead of lingering with ports and a data dir that nobody removes.
    process_.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    process_.start(program(), args);
    if (!process_.waitForStarted(10'000)) return false;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (process_.state() == QProcess::NotRunning) return false;
        process_.waitForReadyRead(100);
        output_ += process_.readAllStandardOutput();
        output_ += process_.readAllStandardError();
        if (output_.contains("cluster ready")) return true;
    }
    return false;
}

void BrokerProcess::killHard() {
    if (process_.state() == QProcess::NotRunning) return;
    process_.kill();
    process_.waitForFinished(10'000);
    output();
}

bool BrokerProcess::stop(int timeoutMs) {
    if (process_.state() == QProcess::NotRunning) return true;
    const auto answer = httpRequest(controlPort_, "POST", "/v1/shutdown", token());
    if (answer.status == 202 && process_.waitForFinished(timeoutMs)) {
        output();
        return process_.exitStatus() == QProcess::NormalExit && process_.exitCode() == 0;
    }
    process_.terminate();  // SIGTERM to our own child only
    if (!process_.waitForFinished(timeoutMs)) {
        process_.kill();
        process_.waitForFinished(5'000);
        return false;
    }
    output();
    return process_.exitStatus() == QProcess::NormalExit && process_.exitCode() == 0;
}

}  // namespace tideline::testing
