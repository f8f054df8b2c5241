#include "model/dev_cluster_control_api.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>

namespace tideline::model {
namespace {

// The control API listens on loopback only: its token is all that guards it.
const QString kControlHost = QStringLiteral("127.0.0.1");
constexpr int kControlTimeoutMs = 5000;

// What the JSON error body of the control API says, or the HTTP status when it says nothing.
QString controlError(int status, const QByteArray& body) {
    const QString error = QJsonDocument::fromJson(body).object().value("error").toString();
    return error.isEmpty() ? QString("HTTP status %1").arg(status) : error;
}

}  // namespace

DevClusterControlApi::DevClusterControlApi(QObject* parent)
    : QObject(parent), network_(new QNetworkAccessManager(this)) {
    qRegisterMetaType<DevClusterBroker>();
    // A proxy from the environment must never see loopback requests carrying the token.
    network_->setProxy(QNetworkProxy::NoProxy);
}

void DevClusterControlApi::setTarget(quint16 controlPort, QByteArray token) {
    controlPort_ = controlPort;
    token_ = std::move(token);
    ++target_;
}

void DevClusterControlApi::send(const QByteArray& verb, const QString& path, Handler handler) {
    QNetworkRequest request(QUrl(QString("http://%1:%2%3").arg(kControlHost).arg(controlPort_).arg(path)));
    request.setRawHeader("Authorization", "Bearer " + token_);
    // An idle keep-alive connection holds one of the control API's workers, and its shutdown waits
    // for that worker; commands are rare, so a connection each costs nothing.
    request.setRawHeader("Connection", "close");
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    request.setTransferTimeout(kControlTimeoutMs);
    QNetworkReply* reply = verb == "GET" ? network_->get(request) : network_->post(request, QByteArray());
    const quint32 target = target_;
    connect(reply, &QNetworkReply::finished, this, [this, reply, target, handler = std::move(handler)] {
        reply->deleteLater();
        if (target != target_) {
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        QString error;
        if (status == 0) {
            error = reply->errorString();  // no HTTP answer at all: refused, timed out
        } else if (status >= 300) {
            error = controlError(status, body);
        }
        handler(body, error);
    });
}

QList<DevClusterBroker> DevClusterControlApi::brokersOf(const QByteArray& clusterStatus) {
    QList<DevClusterBroker> brokers;
    const QJsonArray list = QJsonDocument::fromJson(clusterStatus).object().value("brokers").toArray();
    for (const QJsonValue& value : list) {
        const QJsonObject broker = value.toObject();
        brokers.append({broker.value("id").toInt(-1), broker.value("host").toString(),
                        static_cast<quint16>(broker.value("port").toInt()),
                        broker.value("state").toString() == "running"});
    }
    return brokers;
}

bool DevClusterControlApi::readToken(const QString& dataDir, QByteArray* token, QString* error) {
    QFile file(dataDir + "/control.token");
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QString("%1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    *token = file.readAll().trimmed();
    if (token->isEmpty()) {
        *error = QString("%1 is empty").arg(file.fileName());
        return false;
    }
    return true;
}

}  // namespace tideline::model
