#include "ui/main_window.h"

#include <QActionGroup>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

#include "ui/actions/window_actions.h"
#include "ui/cluster_connection.h"
#include "ui/pages/brokers_page.h"
#include "ui/pages/dev_cluster_page.h"
#include "ui/pages/groups_page.h"
#include "ui/pages/messages_page.h"
#include "ui/pages/overview_page.h"
#include "ui/pages/topic_page.h"
#include "ui/pages/topics_page.h"
#include "ui/sidebar.h"
#include "ui/switcher/quick_switcher.h"
#include "ui/theme.h"

namespace tideline::ui {
namespace {

// Colours for profiles given on the command line, which carry none of their own.
const QStringList kProfileColours = {"#5b7fd6", "#d6845b", "#9c5bd6", "#5bb8d6", "#d65b8f"};

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      sidebar_(new Sidebar(this)),
      stack_(new QStackedWidget(this)),
      devCluster_(new DevClusterPage(stack_)),
      overview_(new OverviewPage(stack_)),
      brokers_(new BrokersPage(stack_)),
      topics_(new TopicsPage(stack_)),
      topic_(new TopicPage(stack_)),
      groups_(new GroupsPage(stack_)),
      messages_(new MessagesPage(stack_)),
      switcher_(new QuickSwitcher(this)),
      connectionLabel_(new QLabel(this)),
      refreshLabel_(new QLabel(this)),
      errorLabel_(new QLabel(this)) {
    setWindowTitle("Tideline");
    resize(1180, 760);
    stack_->addWidget(devCluster_);
    for (ClusterPage* page : clusterPages()) {
        stack_->addWidget(page);
        connect(page, &ClusterPage::openRequested, this, &MainWindow::showPage);
        connect(page, &ClusterPage::dataChanged, this, [this, page] {
            if (stack_->currentWidget() == page) {
                emit pageDataChanged();
            }
        });
    }
    auto* splitter = new QSplitter(this);
    splitter->addWidget(sidebar_);
    splitter->addWidget(stack_);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({220, 960});
    setCentralWidget(splitter);

    connectionLabel_->setObjectName("connectionState");
    refreshLabel_->setObjectName("lastRefresh");
    errorLabel_->setObjectName("statusError");
    statusBar()->addWidget(connectionLabel_);
    statusBar()->addWidget(refreshLabel_);
    statusBar()->addWidget(errorLabel_, 1);

    addConnection(Sidebar::kDevClusterKey, tr("Local dev cluster"), {});
    currentKey_ = Sidebar::kDevClusterKey;
    connect(sidebar_, &Sidebar::clusterSelected, this, &MainWindow::selectCluster);
    connect(sidebar_, &Sidebar::pageSelected, this, [this](PageId id) { showPage({id, {}}); });

    model::DevClusterController* controller = devCluster_->controller();
    connect(controller, &model::DevClusterController::stateChanged, this, &MainWindow::followDevCluster);
    connect(controller, &model::DevClusterController::brokersChanged, this, [this] {
        followDevCluster();
        // A broker stopped or started: leaders and ISRs change now, so do not wait for the next poll.
        connection(Sidebar::kDevClusterKey)->refreshNow();
    });
    connect(controller, &model::DevClusterController::commandFailed, this, [this](const QString& message) {
        commandError_ = message;
        updateStatus();
    });
    connect(controller, &model::DevClusterController::stateChanged, this, [this] {
        if (currentPage().id == PageId::DevCluster) {
            emit pageDataChanged();
        }
    });

    connect(switcher_, &QuickSwitcher::chosen, this, &MainWindow::showPage);
    installWindowActions(this);
    buildMenus();
    selectCluster(Sidebar::kDevClusterKey);
    restoreSettings();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::setSessionOptions(const model::SessionOptions& options) {
    sessionOptions_ = options;
    for (ClusterConnection* connection : std::as_const(connections_)) {
        connection->setOptions(options);
    }
}

QList<ClusterPage*> MainWindow::clusterPages() const {
    return {overview_, brokers_, topics_, topic_, groups_, messages_};
}

ClusterConnection* MainWindow::addConnection(const QString& key, const QString& name,
                                             const QString& servers) {
    model::ConnectionProfile profile;
    profile.name = name;
    profile.bootstrapServers = servers;
    return addConnection(key, profile);
}

ClusterConnection* MainWindow::addConnection(const QString& key, const model::ConnectionProfile& profile) {
    auto* connection = new ClusterConnection(profile, sessionOptions_, this);
    connections_.insert(key, connection);
    connect(connection, &ClusterConnection::stateChanged, this,
            [this, key](const model::SessionState& state) {
                sidebar_->setClusterState(key, state);
                if (key == currentKey_) {
                    updateStatus();
                }
            });
    connect(connection, &ClusterConnection::snapshotChanged, this, [this, key] {
        if (key == currentKey_) {
            updateStatus();
        }
    });
    return connection;
}

QString MainWindow::addBootstrapCluster(const QString& bootstrapServers) {
    const QString key = "bootstrap:" + bootstrapServers;
    if (!connections_.contains(key)) {
        // Named after its first server: a list of five addresses does not fit the sidebar.
        const QStringList servers = bootstrapServers.split(',', Qt::SkipEmptyParts);
        const QString name = servers.size() > 1 ? tr("%1 (+%2)").arg(servers.first()).arg(servers.size() - 1)
                                                : bootstrapServers;
        ClusterConnection* connection = addConnection(key, name, bootstrapServers);
        const QString colour = kProfileColours.at((connections_.size() - 2) % kProfileColours.size());
        sidebar_->addCluster(key, name, colour, false);
        connection->start();
    }
    return key;
}

QString MainWindow::addProfileCluster(const model::ConnectionProfile& profile,
                                      const model::SessionSecrets& secrets) {
    const QString key = "profile:" + profile.name;
    if (!connections_.contains(key)) {
        ClusterConnection* connection = addConnection(key, profile);
        connection->setSecrets(secrets);
        sidebar_->addCluster(key, profile.name,
                             profile.colour.isEmpty() ? kProfileColours.first() : profile.colour,
                             profile.readOnly);
    }
    return key;
}

void MainWindow::removeCluster(const QString& key) {
    if (key == Sidebar::kDevClusterKey || !connections_.contains(key)) {
        return;
    }
    if (key == currentKey_) {
        selectCluster(Sidebar::kDevClusterKey);
    }
    sidebar_->removeCluster(key);
    ClusterConnection* connection = connections_.take(key);
    connection->stop();
    connection->deleteLater();
}

void MainWindow::selectCluster(const QString& key) {
    ClusterConnection* connection = connections_.value(key);
    if (connection == nullptr) {
        return;
    }
    currentKey_ = key;
    sidebar_->selectCluster(key);
    // Saved profiles connect when first opened, not all at start-up.
    if (key.startsWith("profile:") && !connection->isActive()) {
        connection->start();
    }
    for (ClusterPage* page : clusterPages()) {
        page->setConnection(connection);
    }
    if (key != Sidebar::kDevClusterKey && pageId_ == PageId::DevCluster) {
        showPage({PageId::Overview, {}});
    } else {
        showPage(currentPage());
    }
    updateStatus();
    emit clusterChanged();
}

void MainWindow::showPage(const PageRequest& request) {
    if (request.id == PageId::DevCluster && currentKey_ != Sidebar::kDevClusterKey) {
        selectCluster(Sidebar::kDevClusterKey);
    }
    pageId_ = request.id;
    switch (request.id) {
        case PageId::DevCluster:
            stack_->setCurrentWidget(devCluster_);
            break;
        case PageId::Overview:
            stack_->setCurrentWidget(overview_);
            break;
        case PageId::Brokers:
            if (!request.subject.isEmpty()) {
                brokers_->selectBroker(request.subject.toInt());
            }
            stack_->setCurrentWidget(brokers_);
            break;
        case PageId::Topics:
            stack_->setCurrentWidget(topics_);
            break;
        case PageId::Topic:
            topic_->setTopic(request.subject);
            if (!request.tab.isEmpty()) {
                topic_->showTab(request.tab);
            }
            stack_->setCurrentWidget(topic_);
            break;
        case PageId::Groups:
        case PageId::Group:
            if (request.id == PageId::Group) {
                groups_->setGroup(request.subject);
            }
            stack_->setCurrentWidget(groups_);
            break;
        case PageId::Messages:
            messages_->setTopic(request.subject);
            stack_->setCurrentWidget(messages_);
            break;
    }
    sidebar_->selectPage(request.id);
    emit pageDataChanged();
}

PageRequest MainWindow::currentPage() const {
    if (pageId_ == PageId::Topic) {
        return {PageId::Topic, topic_->topic(), topic_->currentTabName()};
    }
    if (pageId_ == PageId::Group) {
        return {PageId::Group, groups_->group()};
    }
    if (pageId_ == PageId::Messages) {
        return {PageId::Messages, messages_->topic()};
    }
    return {pageId_, {}};
}

bool MainWindow::currentPageHasData() const {
    if (pageId_ == PageId::DevCluster) {
        const auto status = devCluster_->controller()->state().status;
        return status == model::DevClusterStatus::Running && !devCluster_->controller()->brokers().isEmpty();
    }
    const auto* page = qobject_cast<const ClusterPage*>(stack_->currentWidget());
    return page != nullptr && page->hasData();
}

QString MainWindow::currentProblem() const {
    const model::DevClusterState dev = devCluster_->controller()->state();
    if (currentKey_ == Sidebar::kDevClusterKey && dev.status == model::DevClusterStatus::Failed) {
        return tr("the dev cluster failed: %1").arg(dev.message);
    }
    if (currentKey_ == Sidebar::kDevClusterKey && dev.status == model::DevClusterStatus::Stopped) {
        return tr("the dev cluster is not running (see --dev-cluster)");
    }
    const ClusterConnection* connection = currentConnection();
    if (connection != nullptr && connection->state().status == model::SessionStatus::Error) {
        return connection->state().message;
    }
    return {};
}

void MainWindow::followDevCluster() {
    model::DevClusterController* controller = devCluster_->controller();
    ClusterConnection* connection = connections_.value(Sidebar::kDevClusterKey);
    commandError_.clear();
    if (controller->state().status == model::DevClusterStatus::Running && !controller->brokers().isEmpty()) {
        connection->connectTo(controller->bootstrapServers());
    } else if (controller->state().status != model::DevClusterStatus::Running) {
        connection->stop();
    }
    updateStatus();
}

void MainWindow::updateStatus() {
    const ClusterConnection* connection = currentConnection();
    if (connection == nullptr) {
        return;
    }
    const model::SessionState state = connection->state();
    QString text;
    switch (state.status) {
        case model::SessionStatus::Stopped:
            text =
                currentKey_ == Sidebar::kDevClusterKey ? tr("Dev cluster not running") : tr("Not connected");
            break;
        case model::SessionStatus::Connecting:
            text = tr("Connecting to %1…").arg(connection->profile().name);
            break;
        case model::SessionStatus::Connected:
            text = tr("Connected to %1").arg(connection->profile().name);
            break;
        case model::SessionStatus::Error:
            text = tr("Cannot reach %1").arg(connection->profile().name);
            break;
    }
    connectionLabel_->setText(text);
    refreshLabel_->setText(connection->lastRefresh().isValid()
                               ? tr("Refreshed %1").arg(connection->lastRefresh().toString("HH:mm:ss"))
                               : QString());
    QString error = commandError_;
    if (error.isEmpty() && state.status == model::SessionStatus::Error) {
        error = state.message;
        if (state.retryInMs > 0) {
            error += tr(" (retrying in %1 s)").arg(state.retryInMs / 1000.0, 0, 'f', 0);
        }
    }
    // Warnings left the snapshot usable (e.g. a broker that cannot list groups): amber, not red.
    const bool warning =
        error.isEmpty() && connection->snapshot() && !connection->snapshot()->warnings.isEmpty();
    if (warning) {
        error = connection->snapshot()->warnings.join("; ");
    }
    errorLabel_->setStyleSheet(
        QString("color: %1").arg((warning ? theme::warning() : theme::danger()).name()));
    errorLabel_->setText(error);
    errorLabel_->setToolTip(error);
}

void MainWindow::buildMenus() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* refresh = view->addAction(QIcon(":/tideline/icons/refresh.svg"), tr("&Refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, this, [this] {
        if (ClusterConnection* connection = currentConnection()) {
            connection->refreshNow();
        }
        if (auto* page = qobject_cast<ClusterPage*>(stack_->currentWidget())) {
            page->refreshRequested();
        }
    });
    QMenu* themes = view->addMenu(QIcon(":/tideline/icons/dark.svg"), tr("&Theme"));
    auto* group = new QActionGroup(this);
    const QString saved = QSettings().value("view/theme", "system").toString();
    for (ThemeMode mode : {ThemeMode::System, ThemeMode::Light, ThemeMode::Dark}) {
        static const char* const kLabels[] = {"Follow the &system", "&Light", "&Dark"};
        QAction* action = themes->addAction(tr(kLabels[int(mode)]));
        action->setCheckable(true);
        action->setChecked(themeModeFromName(saved) == mode);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [mode] {
            QSettings().setValue("view/theme", themeModeName(mode));
            applyTheme(mode);
        });
    }

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    const QList<std::pair<PageId, QString>> pages = {{PageId::DevCluster, tr("&Dev cluster")},
                                                     {PageId::Overview, tr("&Overview")},
                                                     {PageId::Brokers, tr("&Brokers")},
                                                     {PageId::Topics, tr("&Topics")},
                                                     {PageId::Groups, tr("Consumer &groups")}};
    for (int i = 0; i < pages.size(); ++i) {
        QAction* action = go->addAction(pages[i].second);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + i)));
        const PageId id = pages[i].first;
        connect(action, &QAction::triggered, this, [this, id] { showPage({id, {}}); });
    }
    go->addSeparator();
    QAction* jump = go->addAction(QIcon(":/tideline/icons/search.svg"), tr("&Quick switcher…"));
    jump->setObjectName("quickSwitcherAction");
    jump->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    jump->setShortcutContext(Qt::ApplicationShortcut);
    connect(jump, &QAction::triggered, this, &MainWindow::openQuickSwitcher);
}

void MainWindow::openQuickSwitcher() {
    const ClusterConnection* connection = currentConnection();
    const model::ClusterSnapshot* snapshot =
        connection != nullptr && connection->snapshot() ? &*connection->snapshot() : nullptr;
    switcher_->open(quickSwitchItems(snapshot), this);
}

void MainWindow::restoreSettings() {
    const QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    if (const auto page = parsePageRequest(settings.value("window/page").toString())) {
        showPage(*page);
    }
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("window/page", pageRequestText(currentPage()));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

}  // namespace tideline::ui
