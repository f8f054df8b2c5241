// Every topic with its health and throughput: an instant name filter (text or regex, Ctrl+F),
// internal topics hidden unless asked for, favourites starred (Ctrl+D) and shown first or alone,
// double-click or Enter to open a topic.
#pragma once

#include <QPointer>

#include "ui/pages/cluster_page.h"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace tideline::model {
class TopicsProxy;
}

namespace tideline::ui {

class FavouriteTopics;

class TopicsPage : public ClusterPage {
    Q_OBJECT

public:
    explicit TopicsPage(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection) override;
    bool hasData() const override;
    QTableView* table() const { return table_; }
    QLineEdit* filter() const { return filter_; }
    QCheckBox* hideInternal() const { return hideInternal_; }
    // All topics, favourites first, only favourites (persisted).
    QComboBox* favouritesMode() const { return favouritesMode_; }
    QAction* favouriteAction() const { return favouriteAction_; }
    FavouriteTopics* favourites() const { return favourites_; }
    // The names of the selected rows.
    QStringList selectedTopics() const;

private:
    void applyFilter();
    void refresh();

    QPointer<ClusterConnection> connection_;
    model::TopicsProxy* proxy_;
    QLineEdit* filter_;
    QCheckBox* regex_;
    QCheckBox* hideInternal_;
    QComboBox* favouritesMode_;
    QAction* favouriteAction_;
    FavouriteTopics* favourites_;
    QTableView* table_;
    QLabel* summary_;
};

}  // namespace tideline::ui
