// Runs `refresh` just before `view`'s context menu opens, so that its actions fit the selection of
// that moment. The watcher belongs to `owner` and ends with it.
#pragma once

#include <functional>

class QObject;
class QWidget;

namespace tideline::ui {

void refreshBeforeContextMenu(QWidget* view, QObject* owner, std::function<void()> refresh);

}  // namespace tideline::ui
