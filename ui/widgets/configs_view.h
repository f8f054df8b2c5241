// The configs of one topic or broker as a table (name, value, default, source, read-only, sensitive,
// documentation), loaded through the session's DescribeConfigs when shown. A topic's values are edited
// in place: a changed value, or "Reset to default" in the context menu, asks for confirmation, goes
// through the session's alterTopicConfigs, and the table reloads; a refusal shows the cluster's text.
// Read-only configs, sensitive values, broker configs and read-only profiles offer no editing.
#pragma once

#include <QPointer>
#include <QWidget>

#include "model/operations/operation_types.h"

class QAction;
class QLabel;
class QTableView;

namespace tideline::model {
class ConfigModel;
}

namespace tideline::ui {

class ClusterConnection;
class ConfigEditProxy;

class ConfigsView : public QWidget {
    Q_OBJECT

public:
    explicit ConfigsView(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection);
    // Another resource empties the table; it loads on reload() or when shown.
    void setResource(const model::ConfigResource& resource);
    void reload();
    QTableView* table() const { return table_; }
    model::ConfigModel* configs() const { return configs_; }
    QLabel* status() const { return status_; }
    QAction* resetAction() const { return reset_; }
    // Whether the value of `name` can be edited here now.
    bool editable(const QString& name) const;

signals:
    // A confirmation opened (tests answer it through this).
    void dialogOpened(QWidget* dialog);
    // An alteration was answered: empty error when it was applied.
    void changeFinished(const QString& error);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void requestChange(const QString& name, std::optional<QString> value);
    void updateEditing();
    // The configs' count, or the outcome of the last change, or why they could not be read.
    void showStatus();

    QPointer<ClusterConnection> connection_;
    model::ConfigModel* configs_;
    ConfigEditProxy* proxy_;
    QTableView* table_;
    QLabel* status_;
    QAction* reset_;
    bool loadedOnce_ = false;
    QString note_;  // the outcome of the last change
    bool noteIsError_ = false;
};

}  // namespace tideline::ui
