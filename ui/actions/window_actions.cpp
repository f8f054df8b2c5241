#include "ui/actions/window_actions.h"

#include <QAction>
#include <QTableView>

#include "model/models/consumer_groups_model.h"
#include "model/models/topics_model.h"
#include "ui/actions/group_actions.h"
#include "ui/actions/topic_actions.h"
#include "ui/cluster_connection.h"
#include "ui/main_window.h"
#include "ui/pages/groups_page.h"
#include "ui/pages/topic_page.h"
#include "ui/pages/topics_page.h"

namespace tideline::ui {

void installWindowActions(MainWindow* window) {
    QTableView* topicsTable = window->topicsPage()->table();
    auto* topics = new TopicActions(
        topicsTable,
        [topicsTable] {
            QStringList names;
            for (const QModelIndex& row :
                 topicsTable->selectionModel()->selectedRows(model::TopicsModel::NameColumn)) {
                names << row.data(model::TopicsModel::KeyRole).toString();
            }
            return names;
        },
        true);
    TopicPage* page = window->topicPage();
    auto* topic = new TopicActions(
        page->table(),
        [page] { return page->topic().isEmpty() ? QStringList() : QStringList{page->topic()}; }, false);
    // Reading changes nothing, so it is offered on read-only profiles too.
    for (QTableView* view : {topicsTable, page->table()}) {
        auto* browse = new QAction(QObject::tr("&Browse messages"), view);
        browse->setObjectName("browseMessagesAction");
        browse->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
        browse->setShortcutContext(Qt::WidgetShortcut);
        view->insertAction(view->actions().value(1), browse);
        QObject::connect(browse, &QAction::triggered, window, [window, view, topicsTable, page] {
            QString topic = page->topic();
            if (view == topicsTable) {
                const QModelIndexList rows =
                    topicsTable->selectionModel()->selectedRows(model::TopicsModel::NameColumn);
                topic =
                    rows.isEmpty() ? QString() : rows.first().data(model::TopicsModel::KeyRole).toString();
            }
            if (!topic.isEmpty()) {
                window->showPage({PageId::Messages, topic});
            }
        });
    }
    GroupsPage* groupsPage = window->groupsPage();
    QTableView* groupsTable = groupsPage->groupsTable();
    auto* groups = new GroupActions(groupsTable, [groupsTable] {
        const QModelIndexList rows = groupsTable->selectionModel()->selectedRows();
        return rows.isEmpty() ? QString() : rows.first().data(model::ConsumerGroupsModel::KeyRole).toString();
    });
    QObject::connect(window, &MainWindow::clusterChanged, topics, [window, topics, topic, groups] {
        topics->setConnection(window->currentConnection());
        topic->setConnection(window->currentConnection());
        groups->setConnection(window->currentConnection());
    });
}

}  // namespace tideline::ui
