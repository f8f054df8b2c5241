// Waits for the answer to one session operation: the session answers every request on the same
// signal, so this picks out the result carrying its own request id and then deletes itself.
#pragma once

#include <QObject>
#include <QPointer>

#include "model/cluster_session.h"

namespace tideline::ui {

class PendingOperation : public QObject {
    Q_OBJECT

public:
    // Parented to `parent`, so closing a dialog drops an answer nobody waits for any more.
    PendingOperation(model::ClusterSession* session, quint64 requestId, QObject* parent);

signals:
    void finished(const tideline::model::OperationResult& result);
    void offsetResetFinished(const tideline::model::OffsetResetResult& result);
    void recordsBrowsed(const tideline::model::BrowseResult& result);

private:
    quint64 requestId_;
};

}  // namespace tideline::ui
