// The lag chart's exports: the plot as a PNG, the group's history as CSV, and the file dialog.
#include <qcustomplot.h>

#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QMessageBox>
#include <QTextStream>
#include <cmath>

#include "model/lag/history.h"
#include "ui/widgets/lag_chart.h"

namespace tideline::ui {
namespace {

model::LagHistoryKey groupKey(const QString& group) { return {group, {}, -1}; }

}  // namespace

bool LagChart::exportPng(const QString& path) { return plot_->savePng(path, 0, 0, 2.0); }

bool LagChart::exportCsv(const QString& path, QString* error) const {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        *error = file.errorString();
        return false;
    }
    QTextStream out(&file);
    out << "time,offset_lag,offset_lag_max,time_lag_seconds,produce_rate,consume_rate\n";
    auto figure = [](float value) { return std::isnan(value) ? QString() : QString::number(value); };
    auto count = [](qint64 value) { return value < 0 ? QString() : QString::number(value); };
    const QList<model::LagHistoryPoint> points =
        history_ != nullptr ? history_->series(groupKey(group_)) : QList<model::LagHistoryPoint>();
    for (const model::LagHistoryPoint& point : points) {
        out << QDateTime::fromMSecsSinceEpoch(point.timeMs, Qt::UTC).toString(Qt::ISODateWithMs) << ','
            << count(point.offsetLag) << ',' << count(point.offsetLagMax) << ','
            << figure(point.timeLagSeconds) << ',' << figure(point.produceRate) << ','
            << figure(point.consumeRate) << '\n';
    }
    out.flush();
    if (file.error() != QFileDevice::NoError) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void LagChart::chooseAndExport(bool png) {
    const QString suggested =
        QString("%1-lag.%2").arg(group_.isEmpty() ? "group" : group_, png ? "png" : "csv");
    const QString path =
        QFileDialog::getSaveFileName(this, png ? tr("Save chart") : tr("Save data"), suggested,
                                     png ? tr("PNG images (*.png)") : tr("CSV files (*.csv)"));
    if (path.isEmpty()) {
        return;
    }
    QString error;
    const bool ok = png ? exportPng(path) : exportCsv(path, &error);
    if (!ok) {
        QMessageBox::warning(
            this, tr("Export failed"),
            tr("Could not write %1%2").arg(path, error.isEmpty() ? QString() : ": " + error));
    }
}

}  // namespace tideline::ui
