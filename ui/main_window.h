// The application's single top-level window. A placeholder until the cluster views exist.
#pragma once

#include <QMainWindow>

namespace tideline::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace tideline::ui
