// Client of the HTTP control API of a running tideline-broker: loopback only, authorized by the
// bearer token the broker keeps in its data dir. Asynchronous, on QNetworkAccessManager.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <functional>

class QNetworkAccessManager;

namespace tideline::model {

struct DevClusterBroker {
    qint32 id = -1;
    QString host;
    quint16 port = 0;
    bool running = false;

    bool operator==(const DevClusterBroker&) const = default;
};

class DevClusterControlApi : public QObject {
    Q_OBJECT

public:
    // `error` is empty on success, else says why: no answer at all, or the API's own error text.
    using Handler = std::function<void(const QByteArray& body, const QString& error)>;

    explicit DevClusterControlApi(QObject* parent = nullptr);

    // Answers to requests sent before are dropped from then on: they concern an earlier cluster.
    void setTarget(quint16 controlPort, QByteArray token);
    void get(const QString& path, Handler handler) { send("GET", path, std::move(handler)); }
    void post(const QString& path, Handler handler) { send("POST", path, std::move(handler)); }

    // The brokers in a GET /v1/cluster answer.
    static QList<DevClusterBroker> brokersOf(const QByteArray& clusterStatus);
    // The token the broker wrote to DIR/control.token; false, saying why, without one.
    static bool readToken(const QString& dataDir, QByteArray* token, QString* error);

private:
    void send(const QByteArray& verb, const QString& path, Handler handler);

    QNetworkAccessManager* network_;
    quint16 controlPort_ = 0;
    QByteArray token_;
    quint32 target_ = 0;
};

}  // namespace tideline::model

Q_DECLARE_METATYPE(tideline::model::DevClusterBroker)
