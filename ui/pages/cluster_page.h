// A page that shows one cluster. The window hands every page the connection of the selected
// sidebar entry; a page reads that connection's models and snapshot and never owns a session.
#pragma once

#include <QWidget>

#include "ui/page_request.h"

namespace tideline::ui {

class ClusterConnection;

class ClusterPage : public QWidget {
    Q_OBJECT

public:
    using QWidget::QWidget;

    // Null while no cluster is selected. Pages disconnect from the previous connection themselves.
    virtual void setConnection(ClusterConnection* connection) = 0;
    // Whether the page shows what it is for (a screenshot waits for this), e.g. the topic it was
    // asked for exists in the latest snapshot.
    virtual bool hasData() const = 0;
    // View > Refresh (F5): the window refreshes the cluster; a page that reads more than the
    // snapshot (e.g. records) reads again too.
    virtual void refreshRequested() {}

signals:
    // A click that leads elsewhere: a figure to its list, a row to its detail page.
    void openRequested(const tideline::ui::PageRequest& request);
    // hasData() may have changed.
    void dataChanged();
};

}  // namespace tideline::ui
