#include "ui/actions/topic_actions.h"

#include <QAction>
#include <QMessageBox>
#include <QWidget>

#include "ui/actions/confirmed_operation.h"
#include "ui/actions/context_menu_refresh.h"
#include "ui/cluster_connection.h"
#include "ui/dialogs/add_partitions_dialog.h"
#include "ui/dialogs/create_topic_dialog.h"
#include "ui/dialogs/delete_topics_dialog.h"

namespace tideline::ui {
namespace {

QAction* addSeparator(QWidget* view) {
    auto* separator = new QAction(view);
    separator->setSeparator(true);
    view->addAction(separator);
    return separator;
}

}  // namespace

TopicActions::TopicActions(QWidget* view, Selection selection, bool offerCreate)
    : QObject(view), view_(view), selection_(std::move(selection)) {
    addSeparator(view);
    if (offerCreate) {
        create_ = new QAction(tr("&Create topic…"), view);
        create_->setObjectName("createTopicAction");
        create_->setShortcut(QKeySequence::New);
        create_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        create_->setToolTip(tr("Create a topic with its partitions, replication factor and configs"));
        connect(create_, &QAction::triggered, this, &TopicActions::createTopic);
        view->addAction(create_);
    }
    addPartitions_ = new QAction(tr("&Add partitions…"), view);
    addPartitions_->setObjectName("addPartitionsAction");
    connect(addPartitions_, &QAction::triggered, this, &TopicActions::addPartitions);
    purge_ = new QAction(tr("&Purge records…"), view);
    purge_->setObjectName("purgeAction");
    purge_->setToolTip(
        tr("Delete every record up to each partition's high watermark (DeleteRecords); "
           "the topic and its configs stay"));
    connect(purge_, &QAction::triggered, this, &TopicActions::purge);
    electLeaders_ = new QAction(tr("&Elect preferred leaders…"), view);
    electLeaders_->setObjectName("electLeadersAction");
    electLeaders_->setToolTip(
        tr("Move each partition's leadership back to its preferred replica, the first in its replica "
           "list, where that replica is in sync"));
    connect(electLeaders_, &QAction::triggered, this, &TopicActions::electPreferredLeaders);
    delete_ = new QAction(QIcon(":/tideline/icons/trash.svg"), tr("&Delete topic…"), view);
    delete_->setObjectName("deleteTopicsAction");
    delete_->setShortcut(QKeySequence::Delete);
    delete_->setShortcutContext(Qt::WidgetShortcut);
    connect(delete_, &QAction::triggered, this, &TopicActions::deleteTopics);
    view->addAction(addPartitions_);
    view->addAction(purge_);
    view->addAction(electLeaders_);
    view->addAction(delete_);
    refreshBeforeContextMenu(view, this, [this] { update(); });
    update();
}

QList<QAction*> TopicActions::mutatingActions() const {
    QList<QAction*> actions{delete_, addPartitions_, purge_, electLeaders_};
    if (create_ != nullptr) {
        actions.prepend(create_);
    }
    return actions;
}

void TopicActions::setConnection(ClusterConnection* connection) {
    connection_ = connection;
    update();
}

bool TopicActions::writable() const {
    return connection_ != nullptr && !connection_->readOnly() && connection_->session() != nullptr;
}

void TopicActions::update() {
    const bool readOnly = connection_ == nullptr || connection_->readOnly();
    const QStringList topics = selection_();
    for (QAction* action : mutatingActions()) {
        action->setVisible(!readOnly);
    }
    if (create_ != nullptr) {
        create_->setEnabled(writable());
    }
    // Enabled whatever the selection (the slots check it): the selection changes without telling
    // these actions, and a disabled action would swallow the Delete key.
    delete_->setEnabled(writable());
    delete_->setText(topics.size() > 1 ? tr("&Delete %1 topics…").arg(topics.size()) : tr("&Delete topic…"));
    addPartitions_->setEnabled(writable());
    purge_->setEnabled(writable());
    electLeaders_->setEnabled(writable());
}

int TopicActions::partitionCount(const QString& topic) const {
    if (connection_ != nullptr && connection_->snapshot()) {
        for (const model::TopicInfo& info : connection_->snapshot()->topics) {
            if (info.name == topic) {
                return int(info.partitions.size());
            }
        }
    }
    return 0;
}

void TopicActions::createTopic() {
    update();
    if (create_ == nullptr || !create_->isEnabled()) {
        return;
    }
    auto* dialog = new CreateTopicDialog(connection_, view_->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    emit dialogOpened(dialog);
}

void TopicActions::deleteTopics() {
    update();
    if (!delete_->isEnabled() || selection_().isEmpty()) {
        return;
    }
    auto* dialog = new DeleteTopicsDialog(connection_, selection_(), view_->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    emit dialogOpened(dialog);
}

void TopicActions::addPartitions() {
    update();
    if (!addPartitions_->isEnabled() || selection_().size() != 1) {
        return;
    }
    const QString topic = selection_().first();
    auto* dialog = new AddPartitionsDialog(connection_, topic, partitionCount(topic), view_->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    emit dialogOpened(dialog);
}

void TopicActions::purge() {
    update();
    const QStringList topics = selection_();
    if (!purge_->isEnabled() || topics.isEmpty()) {
        return;
    }
    QList<model::PartitionOffset> before;
    for (const QString& topic : topics) {
        for (int partition = 0; partition < partitionCount(topic); ++partition) {
            before.append({topic, partition, -1});
        }
    }
    auto* box =
        confirmThenRun({tr("Purge records"),
                        tr("Delete every record of %1 up to now?\n\nThe topic, its partitions and "
                           "configs stay; consumers positioned before the new start will reset.")
                            .arg(topics.join(", ")),
                        "purgeConfirmation",
                        [before](model::ClusterSession& session) { return session.deleteRecords(before); }},
                       connection_, view_->window(), this);
    emit dialogOpened(box);
}

void TopicActions::electPreferredLeaders() {
    update();
    const QStringList topics = selection_();
    if (!electLeaders_->isEnabled() || topics.isEmpty() || connection_ == nullptr ||
        !connection_->snapshot()) {
        return;
    }
    QList<model::TopicPartition> partitions;
    int displaced = 0;
    for (const model::TopicInfo& info : connection_->snapshot()->topics) {
        if (!topics.contains(info.name)) {
            continue;
        }
        for (const model::PartitionInfo& partition : info.partitions) {
            partitions.append({info.name, partition.id});
            if (!partition.replicas.isEmpty() && partition.leader != partition.replicas.first()) {
                ++displaced;
            }
        }
    }
    if (partitions.isEmpty()) {
        return;
    }
    auto* box = confirmThenRun(
        {tr("Elect preferred leaders"),
         tr("Move the leadership of %1 back to each partition's preferred replica?\n\n"
            "Partitions led by another replica now: %2 of %3. Clients of the moved partitions "
            "reconnect to the new leaders; a partition whose preferred replica is not in sync keeps its "
            "leader.")
             .arg(topics.join(", "))
             .arg(displaced)
             .arg(partitions.size()),
         "electLeadersConfirmation",
         [partitions](model::ClusterSession& session) { return session.electPreferredLeaders(partitions); }},
        connection_, view_->window(), this);
    emit dialogOpened(box);
}

}  // namespace tideline::ui
