// The selected record in full: value and key pretty-printed when they are JSON (as text or hex
// otherwise, with the format named), the raw bytes in hex, and the headers.
#pragma once

#include <QTabWidget>

#include "model/operations/operation_types.h"

class QPlainTextEdit;

namespace tideline::ui {

class RecordDetail : public QTabWidget {
    Q_OBJECT

public:
    explicit RecordDetail(QWidget* parent = nullptr);

    void showRecord(const model::BrowsedRecord* record);  // null clears
    QString valueText() const;
    QString hexText() const;

private:
    QPlainTextEdit* value_;
    QPlainTextEdit* key_;
    QPlainTextEdit* hex_;
    QPlainTextEdit* headers_;
};

}  // namespace tideline::ui
