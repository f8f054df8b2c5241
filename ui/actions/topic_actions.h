// The actions that change topics, attached to a view that shows topics (the topics table, a topic's
// partitions): create, delete (Delete key, typed confirmation), add partitions and purge, in the
// view's context menu, and preferred leader election. On a read-only profile every one of them is hidden and
// disabled, so neither the menu nor the shortcut can reach them.
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>

class QAction;
class QWidget;

namespace tideline::ui {

class ClusterConnection;

class TopicActions : public QObject {
    Q_OBJECT

public:
    using Selection = std::function<QStringList()>;

    // `selection` names the topics the actions apply to; `offerCreate` adds "Create topic…".
    TopicActions(QWidget* view, Selection selection, bool offerCreate);

    void setConnection(ClusterConnection* connection);
    // Shows or hides, enables or disables each action for the connection and selection now.
    void update();

    QAction* createAction() const { return create_; }
    QAction* deleteAction() const { return delete_; }
    QAction* addPartitionsAction() const { return addPartitions_; }
    QAction* purgeAction() const { return purge_; }
    QAction* electLeadersAction() const { return electLeaders_; }
    QList<QAction*> mutatingActions() const;

    void createTopic();
    void deleteTopics();
    void addPartitions();
    void purge();
    void electPreferredLeaders();

signals:
    // A dialog or confirmation opened (tests reach it through this); the window owns it.
    void dialogOpened(QWidget* dialog);

private:
    bool writable() const;
    int partitionCount(const QString& topic) const;

    QWidget* view_;
    Selection selection_;
    QPointer<ClusterConnection> connection_;
    QAction* create_ = nullptr;
    QAction* delete_;
    QAction* addPartitions_;
    QAction* purge_;
    QAction* electLeaders_;
};

}  // namespace tideline::ui
