// A live connection to one cluster, as the GUI sees it: start it, and it keeps delivering snapshots
// and reports whether the cluster can be reached. Implementations do their I/O off the GUI thread.
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

#include "model/lag/lag_report.h"
#include "model/snapshot.h"

namespace tideline::model {

enum class SessionStatus {
    Stopped,     // not started, or stopped by the user
    Connecting,  // started, no answer from the cluster yet
    Connected,   // the last metadata poll succeeded
    Error,       // the last attempt failed; `retryInMs` says whether and when it tries again
};

struct SessionState {
    SessionStatus status = SessionStatus::Stopped;
    QString message;    // for Error: what failed, phrased for the user
    int retryInMs = 0;  // for Error: delay before the next attempt; 0 when it will not retry

    bool operator==(const SessionState&) const = default;
};

QString sessionStatusName(SessionStatus status);

class ClusterSession : public QObject {
    Q_OBJECT

public:
    explicit ClusterSession(QObject* parent = nullptr);
    ~ClusterSession() override;

    virtual SessionState state() const = 0;

public slots:
    // Returns at once; the first snapshot or error arrives through the signals.
    virtual void start() = 0;
    // Returns at once; nothing from before the stop is delivered afterwards.
    virtual void stop() = 0;
    // Polls everything now instead of waiting for the next interval, and retries at once after an error.
    virtual void refreshNow() = 0;

signals:
    void snapshotReady(const tideline::model::ClusterSnapshot& snapshot);
    void stateChanged(const tideline::model::SessionState& state);
    // Consumer lag computed from a snapshot already delivered through snapshotReady: it comes
    // afterwards, once the timestamps of the records waiting behind the groups have been read.
    void lagReportReady(const tideline::model::LagReport& report);
};

// Makes SessionState, the snapshot types and LagReport usable in queued signals; safe to call repeatedly.
void registerSessionMetaTypes();

}  // namespace tideline::model

Q_DECLARE_METATYPE(tideline::model::SessionState)
