#include "ui/actions/group_actions.h"

#include <QAction>
#include <QMessageBox>
#include <QWidget>

#include "ui/actions/confirmed_operation.h"
#include "ui/actions/context_menu_refresh.h"
#include "ui/cluster_connection.h"
#include "ui/dialogs/reset_offsets_dialog.h"

namespace tideline::ui {

GroupActions::GroupActions(QWidget* view, Selection selection)
    : QObject(view),
      view_(view),
      selection_(std::move(selection)),
      reset_(new QAction(tr("&Reset offsets…"), view)),
      delete_(new QAction(QIcon(":/tideline/icons/trash.svg"), tr("&Delete group…"), view)) {
    reset_->setObjectName("resetOffsetsAction");
    reset_->setToolTip(tr("Move where the group resumes reading, with a preview of old and new offsets"));
    delete_->setObjectName("deleteGroupAction");
    delete_->setShortcut(QKeySequence::Delete);
    delete_->setShortcutContext(Qt::WidgetShortcut);
    delete_->setToolTip(tr("Delete the group and its committed offsets; Kafka refuses while it has members"));
    auto* separator = new QAction(view);
    separator->setSeparator(true);
    view->addAction(separator);
    view->addAction(reset_);
    view->addAction(delete_);
    connect(reset_, &QAction::triggered, this, &GroupActions::resetOffsets);
    connect(delete_, &QAction::triggered, this, &GroupActions::deleteGroup);
    refreshBeforeContextMenu(view, this, [this] { update(); });
    update();
}

void GroupActions::setConnection(ClusterConnection* connection) {
    connection_ = connection;
    update();
}

void GroupActions::update() {
    const bool readOnly = connection_ == nullptr || connection_->readOnly();
    // Whatever the selection (the slots check it), so the Delete key is never swallowed.
    const bool usable = !readOnly && connection_->session() != nullptr;
    for (QAction* action : mutatingActions()) {
        action->setVisible(!readOnly);
        action->setEnabled(usable);
    }
}

void GroupActions::resetOffsets() {
    update();
    if (!reset_->isEnabled() || selection_().isEmpty()) {
        return;
    }
    auto* dialog = new ResetOffsetsDialog(connection_, selection_(), view_->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    emit dialogOpened(dialog);
}

void GroupActions::deleteGroup() {
    update();
    if (!delete_->isEnabled() || selection_().isEmpty()) {
        return;
    }
    const QString group = selection_();
    auto* box = confirmThenRun(
        {tr("Delete group"), tr("Delete the consumer group %1 and all its committed offsets?").arg(group),
         "deleteGroupConfirmation",
         [group](model::ClusterSession& session) { return session.deleteGroup(group); }},
        connection_, view_->window(), this);
    emit dialogOpened(box);
}

}  // namespace tideline::ui
