#include "ui/actions/context_menu_refresh.h"

#include <QEvent>
#include <QWidget>

namespace tideline::ui {
namespace {

class ContextMenuWatcher : public QObject {
public:
    ContextMenuWatcher(QWidget* view, QObject* owner, std::function<void()> refresh)
        : QObject(owner), refresh_(std::move(refresh)) {
        view->installEventFilter(this);
    }
    bool eventFilter(QObject*, QEvent* event) override {
        if (event->type() == QEvent::ContextMenu) {
            refresh_();
        }
        return false;
    }

private:
    std::function<void()> refresh_;
};

}  // namespace

void refreshBeforeContextMenu(QWidget* view, QObject* owner, std::function<void()> refresh) {
    new ContextMenuWatcher(view, owner, std::move(refresh));
}

}  // namespace tideline::ui
