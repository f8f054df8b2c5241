// The saved connections in the window: lists the ProfileStore's profiles in the sidebar (colour,
// read-only mark) and offers new, edit, remove (confirmed), import and export of JSON files through
// the "Connections" menu and the sidebar's context menu. Secrets go to the store's SecretStore.
#pragma once

#include <QObject>
#include <QPointer>
#include <memory>

#include "model/profiles/profile_store.h"

class QAction;
class QSettings;

namespace tideline::ui {

class MainWindow;

class ConnectionActions : public QObject {
    Q_OBJECT

public:
    // `secrets` must outlive this object (tests pass an InMemorySecretStore; the app the keychain).
    ConnectionActions(MainWindow* window, QSettings& settings, model::SecretStore& secrets);

    model::ProfileStore& store() { return store_; }
    // The saved profile behind a sidebar key, empty for the dev cluster and --bootstrap entries.
    static QString profileName(const QString& key);

    QAction* newAction() const { return new_; }
    QAction* editAction() const { return edit_; }
    QAction* removeAction() const { return remove_; }

    void newConnection();
    void editConnection();
    void removeConnection();
    void importFile(const QString& path);
    void exportFile(const QString& path);

signals:
    void dialogOpened(QWidget* dialog);
    // Something failed (keychain, settings file, import); phrased for the user.
    void problem(const QString& message);

private:
    void show(const model::ConnectionProfile& profile);
    void updateActions();

    MainWindow* window_;
    model::ProfileStore store_;
    QAction* new_;
    QAction* edit_;
    QAction* remove_;
    QAction* import_;
    QAction* export_;
};

}  // namespace tideline::ui
