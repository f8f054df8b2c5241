#include "ui/actions/confirmed_operation.h"

#include <QMessageBox>
#include <QPointer>
#include <QWidget>

#include "ui/actions/pending_operation.h"
#include "ui/cluster_connection.h"

namespace tideline::ui {

QMessageBox* confirmThenRun(ConfirmedOperation operation, ClusterConnection* connection, QWidget* window,
                            QObject* context) {
    auto* box = new QMessageBox(QMessageBox::Warning, operation.title, operation.question,
                                QMessageBox::Yes | QMessageBox::Cancel, window);
    box->setObjectName(operation.objectName);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<ClusterConnection> target = connection;
    QPointer<QWidget> parent = window;
    QObject::connect(box, &QMessageBox::accepted, context, [target, parent, context, operation] {
        if (target == nullptr || target->session() == nullptr) {
            return;
        }
        auto* pending = new PendingOperation(target->session(), operation.start(*target->session()), context);
        QObject::connect(pending, &PendingOperation::finished, context,
                         [target, parent, title = operation.title](const model::OperationResult& result) {
                             if (target != nullptr) {
                                 target->refreshNow();
                             }
                             if (!result.ok()) {
                                 QMessageBox::warning(
                                     parent, title, QObject::tr("The cluster refused: %1").arg(result.error));
                             }
                         });
    });
    box->show();
    return box;
}

}  // namespace tideline::ui
