#include "ui/switcher/quick_switcher.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace tideline::ui {
namespace {

// Enough to choose from; a cluster with 10,000 topics still answers each keystroke at once.
constexpr int kShownMatches = 50;

}  // namespace

QuickSwitcher::QuickSwitcher(QWidget* parent)
    : QFrame(parent, Qt::Popup),
      input_(new QLineEdit(this)),
      list_(new QListWidget(this)),
      hint_(new QLabel(this)) {
    setObjectName("quickSwitcher");
    setFrameShape(QFrame::StyledPanel);
    input_->setObjectName("quickSwitcherInput");
    input_->setPlaceholderText(tr("Jump to a topic, consumer group, broker or page…"));
    input_->addAction(QIcon(":/tideline/icons/search.svg"), QLineEdit::LeadingPosition);
    list_->setObjectName("quickSwitcherList");
    list_->setUniformItemSizes(true);
    list_->setFocusPolicy(Qt::NoFocus);
    hint_->setObjectName("quickSwitcherHint");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(input_);
    layout->addWidget(list_, 1);
    layout->addWidget(hint_);
    input_->installEventFilter(this);
    connect(input_, &QLineEdit::textChanged, this, &QuickSwitcher::updateMatches);
    connect(list_, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { choose(list_->row(item)); });
}

void QuickSwitcher::open(QList<QuickSwitchItem> items, QWidget* over) {
    items_ = std::move(items);
    input_->clear();
    updateMatches();
    const int width = std::min(640, over->width() - 40);
    resize(width, std::min(420, over->height() - 80));
    const QPoint topLeft = over->mapToGlobal(QPoint((over->width() - width) / 2, 60));
    move(topLeft);
    show();
    raise();
    activateWindow();
    input_->setFocus(Qt::PopupFocusReason);
}

void QuickSwitcher::updateMatches() {
    matches_ = quickSwitchMatches(items_, input_->text(), kShownMatches);
    list_->clear();
    for (const QuickSwitchItem& match : std::as_const(matches_)) {
        auto* item = new QListWidgetItem(
            QString("%1    %2 · %3").arg(match.name, quickSwitchKindName(match.kind), match.detail), list_);
        item->setToolTip(match.detail);
    }
    if (!matches_.isEmpty()) {
        list_->setCurrentRow(0);
    }
    hint_->setText(matches_.isEmpty() ? tr("Nothing matches “%1”").arg(input_->text())
                                      : tr("↑↓ to move, Enter to open, Esc to close"));
}

void QuickSwitcher::choose(int row) {
    if (row < 0 || row >= matches_.size()) {
        return;
    }
    const PageRequest target = matches_[row].target;
    close();
    emit chosen(target);
}

bool QuickSwitcher::eventFilter(QObject* watched, QEvent* event) {
    if (watched != input_ || event->type() != QEvent::KeyPress) {
        return QFrame::eventFilter(watched, event);
    }
    const auto* key = static_cast<QKeyEvent*>(event);
    const int count = list_->count();
    const int row = list_->currentRow();
    switch (key->key()) {
        case Qt::Key_Down:
            list_->setCurrentRow(count == 0 ? -1 : (row + 1) % count);
            return true;
        case Qt::Key_Up:
            list_->setCurrentRow(count == 0 ? -1 : (row - 1 + count) % count);
            return true;
        case Qt::Key_PageDown:
            list_->setCurrentRow(count == 0 ? -1 : std::min(row + 10, count - 1));
            return true;
        case Qt::Key_PageUp:
            list_->setCurrentRow(count == 0 ? -1 : std::max(row - 10, 0));
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            choose(row);
            return true;
        case Qt::Key_Escape:
            close();
            return true;
        default:
            return false;
    }
}

}  // namespace tideline::ui
