// One figure of the overview: a big number with its caption, coloured by severity, that opens the
// list behind it when clicked.
#pragma once

#include <QFrame>

class QLabel;

namespace tideline::ui {

class FigureTile : public QFrame {
    Q_OBJECT

public:
    enum class Tone { Neutral, Good, Warning, Bad };

    FigureTile(const QString& caption, const QString& tip, QWidget* parent = nullptr);

    void setValue(const QString& value, Tone tone = Tone::Neutral);
    QString value() const;

signals:
    void clicked();

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QLabel* value_;
    QLabel* caption_;
};

}  // namespace tideline::ui
