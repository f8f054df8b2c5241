// Attaches the cluster-changing actions (topics, and later groups and records) to the window's pages,
// and keeps them following the selected cluster, so that a read-only profile never offers them.
#pragma once

namespace tideline::ui {

class MainWindow;

void installWindowActions(MainWindow* window);

}  // namespace tideline::ui
