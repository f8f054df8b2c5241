#include "model/cluster_session.h"

namespace tideline::model {

QString sessionStatusName(SessionStatus status) {
    switch (status) {
        case SessionStatus::Stopped:
            return QStringLiteral("Stopped");
        case SessionStatus::Connecting:
            return QStringLiteral("Connecting");
        case SessionStatus::Connected:
            return QStringLiteral("Connected");
        case SessionStatus::Error:
            return QStringLiteral("Error");
    }
    Q_UNREACHABLE();
}

ClusterSession::ClusterSession(QObject* parent) : QObject(parent) { registerSessionMetaTypes(); }

ClusterSession::~ClusterSession() = default;

void registerSessionMetaTypes() {
    registerSnapshotMetaTypes();
    registerLagMetaTypes();
    registerOperationMetaTypes();
    qRegisterMetaType<SessionState>();
}

}  // namespace tideline::model
