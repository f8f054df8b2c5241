// The left column: the clusters (the local dev cluster first, then connection profiles) with their
// colour and connection state, and below them the pages of the selected cluster.
#pragma once

#include <QWidget>

#include "model/cluster_session.h"
#include "ui/page_request.h"

class QListWidget;
class QListWidgetItem;

namespace tideline::ui {

class Sidebar : public QWidget {
    Q_OBJECT

public:
    static inline const QString kDevClusterKey = QStringLiteral("dev-cluster");

    explicit Sidebar(QWidget* parent = nullptr);

    // `colour` is "#rrggbb"; the entry is appended after the existing ones.
    void addCluster(const QString& key, const QString& name, const QString& colour, bool readOnly);
    // Removes an entry (not the local dev cluster); the entry above it is selected if it was current.
    void removeCluster(const QString& key);
    void setClusterState(const QString& key, const model::SessionState& state);
    void selectCluster(const QString& key);
    QString currentCluster() const;

    // The dev cluster page is offered only while the local entry is selected.
    void selectPage(PageId id);
    PageId currentPage() const;

signals:
    void clusterSelected(const QString& key);
    void pageSelected(tideline::ui::PageId id);

private:
    QListWidgetItem* clusterItem(const QString& key) const;
    void refreshPageList();
    void updateClusterItem(QListWidgetItem* item);

    QListWidget* clusters_;
    QListWidget* pages_;
};

}  // namespace tideline::ui
