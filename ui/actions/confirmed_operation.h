// A destructive cluster operation behind a Yes/Cancel question (Cancel is the default): on Yes it
// starts on the connection's session; when the answer comes the cluster is refreshed and a refusal
// is shown with the cluster's own text.
#pragma once

#include <QString>
#include <functional>

#include "model/cluster_session.h"

class QMessageBox;
class QObject;
class QWidget;

namespace tideline::ui {

class ClusterConnection;

struct ConfirmedOperation {
    QString title;
    QString question;
    QString objectName;  // lets tests find the question box
    std::function<quint64(model::ClusterSession&)> start;
};

// Shows the question (deleted on close) and returns it; `context` owns the pending answer.
QMessageBox* confirmThenRun(ConfirmedOperation operation, ClusterConnection* connection, QWidget* window,
                            QObject* context);

}  // namespace tideline::ui
