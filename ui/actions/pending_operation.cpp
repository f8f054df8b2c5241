#include "ui/actions/pending_operation.h"

namespace tideline::ui {

PendingOperation::PendingOperation(model::ClusterSession* session, quint64 requestId, QObject* parent)
    : QObject(parent), requestId_(requestId) {
    connect(session, &model::ClusterSession::operationFinished, this,
            [this](const model::OperationResult& result) {
                if (result.requestId == requestId_) {
                    emit finished(result);
                    deleteLater();
                }
            });
    connect(session, &model::ClusterSession::offsetResetFinished, this,
            [this](const model::OffsetResetResult& result) {
                if (result.requestId == requestId_) {
                    emit offsetResetFinished(result);
                    deleteLater();
                }
            });
    connect(session, &model::ClusterSession::recordsBrowsed, this, [this](const model::BrowseResult& result) {
        if (result.requestId == requestId_) {
            emit recordsBrowsed(result);
            deleteLater();
        }
    });
    // A stopped session never answers; leave with it rather than wait forever.
    connect(session, &QObject::destroyed, this, &QObject::deleteLater);
}

}  // namespace tideline::ui
