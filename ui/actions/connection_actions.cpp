#include "ui/actions/connection_actions.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include "ui/cluster_connection.h"
#include "ui/dialogs/connection_dialog.h"
#include "ui/main_window.h"
#include "ui/sidebar.h"

namespace tideline::ui {
namespace {

const QString kProfilePrefix = QStringLiteral("profile:");

QStringList namesExcept(const model::ProfileStore& store, const QString& except) {
    QStringList names;
    for (const model::ConnectionProfile& profile : store.profiles()) {
        if (profile.name != except) {
            names << profile.name;
        }
    }
    return names;
}

}  // namespace

ConnectionActions::ConnectionActions(MainWindow* window, QSettings& settings, model::SecretStore& secrets)
    : QObject(window),
      window_(window),
      store_(settings, secrets),
      new_(new QAction(tr("&New connection…"), this)),
      edit_(new QAction(tr("&Edit connection…"), this)),
      remove_(new QAction(tr("&Remove connection…"), this)),
      import_(new QAction(tr("&Import connections…"), this)),
      export_(new QAction(tr("E&xport connections…"), this)) {
    new_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    import_->setToolTip(
        tr("Read connections from a JSON file; clashing names get a suffix, never overwrite"));
    export_->setToolTip(tr("Write every connection to a JSON file, without passwords"));
    connect(new_, &QAction::triggered, this, &ConnectionActions::newConnection);
    connect(edit_, &QAction::triggered, this, &ConnectionActions::editConnection);
    connect(remove_, &QAction::triggered, this, &ConnectionActions::removeConnection);
    connect(import_, &QAction::triggered, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(window_, tr("Import connections"), {}, tr("JSON (*.json)"));
        if (!path.isEmpty()) {
            importFile(path);
        }
    });
    connect(export_, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(window_, tr("Export connections"),
                                                          "connections.json", tr("JSON (*.json)"));
        if (!path.isEmpty()) {
            exportFile(path);
        }
    });
    connect(this, &ConnectionActions::problem, window_,
            [this](const QString& message) { window_->statusBar()->showMessage(message, 15000); });

    QMenu* menu = window_->menuBar()->addMenu(tr("&Connections"));
    menu->addActions({new_, edit_, remove_});
    menu->addSeparator();
    menu->addActions({import_, export_});
    connect(menu, &QMenu::aboutToShow, this, &ConnectionActions::updateActions);
    if (auto* list = window_->sidebar()->findChild<QListWidget*>("clusterList")) {
        list->addActions({new_, edit_, remove_});
        list->setContextMenuPolicy(Qt::ActionsContextMenu);
    }
    connect(window_, &MainWindow::clusterChanged, this, &ConnectionActions::updateActions);

    for (const model::ConnectionProfile& profile : store_.profiles()) {
        show(profile);
    }
    updateActions();
}

QString ConnectionActions::profileName(const QString& key) {
    return key.startsWith(kProfilePrefix) ? key.mid(kProfilePrefix.size()) : QString();
}

void ConnectionActions::updateActions() {
    const bool profile = !profileName(window_->currentCluster()).isEmpty();
    edit_->setEnabled(profile);
    remove_->setEnabled(profile);
    export_->setEnabled(!store_.profiles().isEmpty());
}

void ConnectionActions::show(const model::ConnectionProfile& profile) {
    const QString key = window_->addProfileCluster(profile);
    // Secrets come from the keychain later; a session already started without them is replaced.
    QPointer<MainWindow> window = window_;
    store_.loadSecrets(profile.name, [this, window, key, profile](const model::SessionSecrets& secrets,
                                                                  const QString& error) {
        if (window == nullptr) {
            return;
        }
        if (!error.isEmpty()) {
            emit problem(tr("Passwords of %1 could not be read: %2").arg(profile.name, error));
        }
        if (ClusterConnection* connection = window->connection(key)) {
            connection->setSecrets(secrets);
        }
    });
}

void ConnectionActions::newConnection() {
    auto* dialog = new ConnectionDialog({}, {}, namesExcept(store_, {}), window_);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString error = store_.add(dialog->profile(), dialog->secrets(), [this](const QString& e) {
            if (!e.isEmpty()) {
                emit problem(tr("The password could not be stored: %1").arg(e));
            }
        });
        if (!error.isEmpty()) {
            emit problem(error);
            return;
        }
        const model::ConnectionProfile saved = *store_.profile(dialog->profile().name);
        window_->selectCluster(window_->addProfileCluster(saved, dialog->secrets()));
        updateActions();
    });
    dialog->show();
    emit dialogOpened(dialog);
}

void ConnectionActions::editConnection() {
    const QString name = profileName(window_->currentCluster());
    const std::optional<model::ConnectionProfile> profile = store_.profile(name);
    if (!profile) {
        return;
    }
    QPointer<ConnectionActions> self = this;
    store_.loadSecrets(name, [self, name, profile](const model::SessionSecrets& secrets, const QString&) {
        if (self == nullptr) {
            return;
        }
        auto* dialog =
            new ConnectionDialog(*profile, secrets, namesExcept(self->store_, name), self->window_);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, self, [self, dialog, name] {
            const QString error = self->store_.update(name, dialog->profile(), dialog->secrets());
            if (!error.isEmpty()) {
                emit self->problem(error);
                return;
            }
            // A changed profile needs a new session: the entry is replaced.
            self->window_->removeCluster(kProfilePrefix + name);
            const model::ConnectionProfile saved = *self->store_.profile(dialog->profile().name);
            self->window_->selectCluster(self->window_->addProfileCluster(saved, dialog->secrets()));
        });
        dialog->show();
        emit self->dialogOpened(dialog);
    });
}

void ConnectionActions::removeConnection() {
    const QString name = profileName(window_->currentCluster());
    if (name.isEmpty()) {
        return;
    }
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Remove connection"),
        tr("Remove the connection %1 and its stored passwords?\nThe cluster itself is not touched.")
            .arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, window_);
    box->setObjectName("removeConnectionConfirmation");
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this, [this, name] {
        const QString error = store_.remove(name);
        if (!error.isEmpty()) {
            emit problem(error);
            return;
        }
        window_->removeCluster(kProfilePrefix + name);
        updateActions();
    });
    box->show();
    emit dialogOpened(box);
}

void ConnectionActions::importFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        emit problem(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    const model::ProfileImport imported = store_.importJson(file.readAll());
    if (!imported.error.isEmpty()) {
        emit problem(tr("%1 was not imported: %2").arg(path, imported.error));
        return;
    }
    for (const model::ConnectionProfile& profile : imported.profiles) {
        show(profile);
    }
    QStringList renamed;
    for (const auto& [from, to] : imported.renamed) {
        renamed << tr("%1 as %2").arg(from, to);
    }
    window_->statusBar()->showMessage(
        tr("Imported %n connection(s)", nullptr, int(imported.profiles.size())) +
            (renamed.isEmpty() ? QString() : tr("; renamed %1").arg(renamed.join(", "))),
        15000);
}

void ConnectionActions::exportFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(store_.exportJson()) < 0) {
        emit problem(tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    window_->statusBar()->showMessage(
        tr("Exported %n connection(s), without passwords", nullptr, int(store_.profiles().size())), 15000);
}

}  // namespace tideline::ui
