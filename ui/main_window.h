// The application's window: the sidebar of clusters and pages, the page stack, and a status bar with
// the selected cluster's connection state, last refresh and errors. Geometry, the last cluster and
// the last page are kept in QSettings.
#pragma once

#include <QHash>
#include <QMainWindow>

#include "model/connection_profile.h"
#include "model/session_options.h"
#include "ui/page_request.h"

class QLabel;
class QStackedWidget;

namespace tideline::ui {

class BrokersPage;
class ClusterConnection;
class ClusterPage;
class DevClusterPage;
class GroupsPage;
class MessagesPage;
class OverviewPage;
class QuickSwitcher;
class Sidebar;
class TopicPage;
class TopicsPage;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // For sessions created from now on (tests poll faster than people need).
    void setSessionOptions(const model::SessionOptions& options);
    // Adds a sidebar entry for these servers, connects it and returns its key.
    QString addBootstrapCluster(const QString& bootstrapServers);
    // Adds a sidebar entry for a saved connection profile (its colour, read-only mark), connects it and
    // returns its key; the same name again updates nothing and returns the same key.
    QString addProfileCluster(const model::ConnectionProfile& profile,
                              const model::SessionSecrets& secrets = {});
    // Stops and removes a profile's entry; the dev cluster stays.
    void removeCluster(const QString& key);
    void selectCluster(const QString& key);
    QString currentCluster() const { return currentKey_; }

    void showPage(const PageRequest& request);
    PageRequest currentPage() const;
    // Whether the page in view shows what it is for; see ClusterPage::hasData.
    bool currentPageHasData() const;
    // Why the page in view may be waiting: a failed dev cluster or an unreachable cluster; empty if none.
    QString currentProblem() const;

    ClusterConnection* connection(const QString& key) const { return connections_.value(key); }
    ClusterConnection* currentConnection() const { return connection(currentKey_); }
    DevClusterPage* devClusterPage() const { return devCluster_; }
    OverviewPage* overviewPage() const { return overview_; }
    BrokersPage* brokersPage() const { return brokers_; }
    TopicsPage* topicsPage() const { return topics_; }
    TopicPage* topicPage() const { return topic_; }
    GroupsPage* groupsPage() const { return groups_; }
    MessagesPage* messagesPage() const { return messages_; }
    Sidebar* sidebar() const { return sidebar_; }
    // Opens the Ctrl+K quick switcher over the window, fed from the selected cluster's latest snapshot.
    void openQuickSwitcher();
    QuickSwitcher* quickSwitcher() const { return switcher_; }

signals:
    // Another sidebar entry was selected; actions follow it (a read-only profile offers none that write).
    void clusterChanged();
    // The page in view may have got (or lost) its data.
    void pageDataChanged();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    ClusterConnection* addConnection(const QString& key, const QString& name, const QString& servers);
    ClusterConnection* addConnection(const QString& key, const model::ConnectionProfile& profile);
    void buildMenus();
    void followDevCluster();
    void updateStatus();
    void restoreSettings();
    void saveSettings() const;
    QList<ClusterPage*> clusterPages() const;

    model::SessionOptions sessionOptions_;
    Sidebar* sidebar_;
    QStackedWidget* stack_;
    DevClusterPage* devCluster_;
    OverviewPage* overview_;
    BrokersPage* brokers_;
    TopicsPage* topics_;
    TopicPage* topic_;
    GroupsPage* groups_;
    MessagesPage* messages_;
    QuickSwitcher* switcher_;
    QLabel* connectionLabel_;
    QLabel* refreshLabel_;
    QLabel* errorLabel_;
    QHash<QString, ClusterConnection*> connections_;
    QString currentKey_;
    PageId pageId_ = PageId::Overview;
    QString commandError_;  // the last refused dev cluster command, until the next state change
};

}  // namespace tideline::ui
