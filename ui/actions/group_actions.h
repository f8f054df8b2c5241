// The actions that change consumer groups, in the groups table's context menu: reset offsets (with a
// dry-run preview first) and delete group (confirmed). Hidden and disabled on read-only profiles.
#pragma once

#include <QObject>
#include <QPointer>
#include <functional>

class QAction;
class QWidget;

namespace tideline::ui {

class ClusterConnection;

class GroupActions : public QObject {
    Q_OBJECT

public:
    using Selection = std::function<QString()>;  // the group the actions apply to, empty for none

    GroupActions(QWidget* view, Selection selection);

    void setConnection(ClusterConnection* connection);
    void update();

    QAction* resetAction() const { return reset_; }
    QAction* deleteAction() const { return delete_; }
    QList<QAction*> mutatingActions() const { return {reset_, delete_}; }

    void resetOffsets();
    void deleteGroup();

signals:
    void dialogOpened(QWidget* dialog);

private:
    QWidget* view_;
    Selection selection_;
    QPointer<ClusterConnection> connection_;
    QAction* reset_;
    QAction* delete_;
};

}  // namespace tideline::ui
