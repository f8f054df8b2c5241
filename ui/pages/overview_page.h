// The cluster at a glance: identity, broker and partition health, groups and the worst lags. Every
// figure opens the list it summarises.
#pragma once

#include <QHash>
#include <QPointer>

#include "ui/pages/cluster_page.h"
#include "ui/widgets/figure_tile.h"

class QLabel;
class QListWidget;

namespace tideline::ui {

class OverviewPage : public ClusterPage {
    Q_OBJECT

public:
    explicit OverviewPage(QWidget* parent = nullptr);

    void setConnection(ClusterConnection* connection) override;
    bool hasData() const override;
    // The tile with this name ("brokers", "topics", "underReplicated", ...), for tests.
    FigureTile* tile(const QString& name) const { return tiles_.value(name); }

private:
    FigureTile* addTile(const QString& name, const QString& caption, const QString& tip, PageRequest target);
    void refresh();
    void refreshLags();

    QPointer<ClusterConnection> connection_;
    QLabel* identity_;
    QHash<QString, FigureTile*> tiles_;
    QList<FigureTile*> order_;
    QListWidget* worstLags_;
};

}  // namespace tideline::ui
