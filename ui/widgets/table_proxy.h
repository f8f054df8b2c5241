// The sort-and-filter proxy every table of the window sits behind: sorts by the models' SortRole
// (numbers as numbers), and adds header tooltips that explain Kafka terms.
#pragma once

#include <QHash>
#include <QSortFilterProxyModel>

class QTableView;

namespace tideline::ui {

class TableProxy : public QSortFilterProxyModel {
    Q_OBJECT

public:
    // `sortRole` is the source model's SortRole.
    TableProxy(int sortRole, QObject* parent = nullptr);

    void setHeaderTip(int column, const QString& tip) { headerTips_.insert(column, tip); }
    // Rows whose source has this bool role set are drawn in the warning colour.
    void setAttentionRole(int role) { attentionRole_ = role; }
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QHash<int, QString> headerTips_;
    int attentionRole_ = -1;
};

// A read-only, sortable table with row selection and Ctrl+C copying the selected rows as
// tab-separated text, configured alike for every page.
QTableView* makeTableView(QAbstractItemModel* model, QWidget* parent);

}  // namespace tideline::ui
