// The Ctrl+K popup: type part of a topic, group, broker or page name, move with the arrow keys, Enter
// (or a click) jumps there, Esc closes. Its items are the selected cluster's latest snapshot, taken
// when it opens.
#pragma once

#include <QFrame>

#include "ui/switcher/quick_switch_items.h"

class QLabel;
class QLineEdit;
class QListWidget;

namespace tideline::ui {

class QuickSwitcher : public QFrame {
    Q_OBJECT

public:
    explicit QuickSwitcher(QWidget* parent);

    // Takes the items, clears the text and shows the popup centred near the top of `over`.
    void open(QList<QuickSwitchItem> items, QWidget* over);
    QLineEdit* input() const { return input_; }
    QListWidget* list() const { return list_; }
    // The matches shown now, best first.
    const QList<QuickSwitchItem>& matches() const { return matches_; }

signals:
    void chosen(const tideline::ui::PageRequest& target);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateMatches();
    void choose(int row);

    QLineEdit* input_;
    QListWidget* list_;
    QLabel* hint_;
    QList<QuickSwitchItem> items_;
    QList<QuickSwitchItem> matches_;
};

}  // namespace tideline::ui
