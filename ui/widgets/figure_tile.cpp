#include "ui/widgets/figure_tile.h"

#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QVBoxLayout>

#include "ui/theme.h"

namespace tideline::ui {

FigureTile::FigureTile(const QString& caption, const QString& tip, QWidget* parent)
    : QFrame(parent), value_(new QLabel(QStringLiteral("–"), this)), caption_(new QLabel(caption, this)) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setCursor(Qt::PointingHandCursor);
    setFocusPolicy(Qt::TabFocus);  // clickable by keyboard too
    setToolTip(tip);
    setMinimumWidth(150);
    QFont big = value_->font();
    big.setPointSizeF(big.pointSizeF() * 1.9);
    big.setBold(true);
    value_->setFont(big);
    value_->setTextInteractionFlags(Qt::NoTextInteraction);
    caption_->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->addWidget(value_);
    layout->addWidget(caption_);
}

void FigureTile::setValue(const QString& value, Tone tone) {
    value_->setText(value);
    QColor colour = palette().color(QPalette::Text);
    if (tone == Tone::Good) {
        colour = theme::healthy();
    } else if (tone == Tone::Warning) {
        colour = theme::warning();
    } else if (tone == Tone::Bad) {
        colour = theme::danger();
    }
    QPalette p = value_->palette();
    p.setColor(QPalette::WindowText, colour);
    p.setColor(QPalette::Text, colour);  // on a Base background, labels draw with Text
    value_->setPalette(p);
}

QString FigureTile::value() const { return value_->text(); }

void FigureTile::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint())) {
        emit clicked();
    }
    QFrame::mouseReleaseEvent(event);
}

void FigureTile::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space) {
        emit clicked();
        return;
    }
    QFrame::keyPressEvent(event);
}

}  // namespace tideline::ui
