// Live tail of a topic for the messages page: follows the records that arrive after it starts. Each
// second it looks at the latest snapshot's high watermarks and, for each partition that has grown,
// reads from where it left off there (one browse per partition, through the session's operations
// thread), so the GUI thread never waits and an idle topic costs no requests.
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <optional>

#include "model/operations/operation_types.h"

class QTimer;

namespace tideline::ui {

class ClusterConnection;

class LiveTail : public QObject {
    Q_OBJECT

public:
    explicit LiveTail(QObject* parent = nullptr);

    // Follows `topic` (one partition, or all) from its current end; false when the cluster has not
    // listed the topic yet.
    bool start(ClusterConnection* connection, const QString& topic, std::optional<qint32> partition);
    void stop();
    bool running() const { return running_; }

signals:
    // New records of one partition, in offset order.
    void recordsArrived(const QList<tideline::model::BrowsedRecord>& records);
    void failed(const QString& error);

private:
    void poll();

    QPointer<ClusterConnection> connection_;
    QString topic_;
    std::optional<qint32> partition_;
    QHash<qint32, qint64> next_;  // per partition, the offset to read next
    QTimer* timer_;
    int inFlight_ = 0;
    bool running_ = false;
    quint64 generation_ = 0;  // answers from before a stop or restart are dropped
};

}  // namespace tideline::ui
